package dev.specter.cloud;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudGatewayTest {
    static final CloudAccount ACCOUNT = CloudAccount.anonymous("hotel");
    final List<Duration> pauses = new ArrayList<>();

    /** A driver failing its first {@code failures} calls with {@code kind}. */
    static final class Flaky implements CloudDriver {
        final AtomicInteger calls = new AtomicInteger();
        final int failures;
        final CloudErrorKind kind;
        final long sleepMillis;

        Flaky(int failures, CloudErrorKind kind, long sleepMillis) {
            this.failures = failures;
            this.kind = kind;
            this.sleepMillis = sleepMillis;
        }

        void maybeFail() throws CloudException {
            if (sleepMillis > 0) {
                try {
                    Thread.sleep(sleepMillis);
                } catch (InterruptedException e) {
                    throw new CloudException(CloudErrorKind.TRANSIENT, "interrupted");
                }
            }
            if (calls.incrementAndGet() <= failures) {
                throw new CloudException(kind, "failure " + calls.get());
            }
        }

        @Override
        public LaunchResult launch(CloudAccount account, LaunchBatch batch) throws CloudException {
            maybeFail();
            return new LaunchResult(List.of(), java.util.Map.of());
        }

        @Override
        public void terminate(CloudAccount account, List<String> iaasIds) throws CloudException {
            maybeFail();
        }

        @Override
        public List<ObservedVm> describe(CloudAccount account, String installation) throws CloudException {
            maybeFail();
            return List.of();
        }

        @Override
        public void importKeyPair(CloudAccount account, String name, String publicKey) throws CloudException {
            maybeFail();
        }

        @Override
        public List<String> keyPairs(CloudAccount account) throws CloudException {
            maybeFail();
            return List.of();
        }
    }

    CloudGateway gateway(CloudDriver d, GatewaySettings s) {
        return new CloudGateway("hotel", d, s, pauses::add);
    }

    static LaunchBatch batch() {
        return new LaunchBatch("b", List.of(new VmSpec("b-0", "img", "t", null, null, java.util.Map.of())));
    }

    @Test
    void idempotentCallsAreRetriedWithJitteredBackOffUpToTheLimit() throws Exception {
        Flaky d = new Flaky(3, CloudErrorKind.TRANSIENT, 0);
        gateway(d, GatewaySettings.DEFAULT).describe(ACCOUNT, "x");
        assertThat(d.calls).hasValue(4);
        assertThat(pauses).hasSize(3);
        assertThat(pauses.get(0)).isLessThanOrEqualTo(Duration.ofMillis(200));
        assertThat(pauses.get(2)).isLessThanOrEqualTo(Duration.ofMillis(800));

        Flaky worse = new Flaky(10, CloudErrorKind.TRANSIENT, 0);
        assertThatThrownBy(() -> gateway(worse, GatewaySettings.DEFAULT).terminate(ACCOUNT, List.of("i-1")))
                .isInstanceOf(CloudException.class);
        assertThat(worse.calls).hasValue(4);
    }

    @Test
    void aLaunchIsRetriedOnlyWhenThrottled() throws Exception {
        Flaky unknown = new Flaky(1, CloudErrorKind.TRANSIENT, 0);
        assertThatThrownBy(() -> gateway(unknown, GatewaySettings.DEFAULT).launch(ACCOUNT, batch()))
                .extracting(e -> ((CloudException) e).kind()).isEqualTo(CloudErrorKind.TRANSIENT);
        assertThat(unknown.calls).as("an unknown outcome is never retried blindly").hasValue(1);

        Flaky throttled = new Flaky(2, CloudErrorKind.THROTTLED, 0);
        gateway(throttled, GatewaySettings.DEFAULT).launch(ACCOUNT, batch());
        assertThat(throttled.calls).hasValue(3);

        Flaky capacity = new Flaky(1, CloudErrorKind.CAPACITY, 0);
        assertThatThrownBy(() -> gateway(capacity, GatewaySettings.DEFAULT).launch(ACCOUNT, batch()))
                .extracting(e -> ((CloudException) e).kind()).isEqualTo(CloudErrorKind.CAPACITY);
        assertThat(capacity.calls).hasValue(1);
    }

    @Test
    void aSlowCallTimesOutAsTransient() {
        Flaky slow = new Flaky(0, CloudErrorKind.TRANSIENT, 2_000);
        GatewaySettings s = GatewaySettings.DEFAULT.with(8, 0, Duration.ofMillis(100));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> gateway(slow, s).launch(ACCOUNT, batch()))
                .hasMessageContaining("timed out").extracting(e -> ((CloudException) e).kind())
                .isEqualTo(CloudErrorKind.TRANSIENT);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void theRateLimitSpacesCalls() throws Exception {
        Flaky fine = new Flaky(0, CloudErrorKind.TRANSIENT, 0);
        CloudGateway g = new CloudGateway("hotel", fine, GatewaySettings.DEFAULT.with(8, 5, Duration.ofSeconds(5)),
                pauses::add);
        for (int i = 0; i < 8; i++) {
            g.describe(ACCOUNT, "x");
        }
        assertThat(fine.calls).hasValue(8);
        assertThat(pauses).as("beyond the burst, calls waited for tokens").isNotEmpty();
    }
}
