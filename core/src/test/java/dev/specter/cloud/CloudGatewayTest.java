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

    /** A driver reporting what it is given, as an EC2-compatible cloud may: ids and names of any size. */
    record Reporting(List<ObservedVm> vms) implements CloudDriver {
        @Override
        public LaunchResult launch(CloudAccount account, LaunchBatch batch) {
            return new LaunchResult(vms, java.util.Map.of());
        }

        @Override
        public List<ObservedVm> describe(CloudAccount account, String installation) {
            return vms;
        }

        @Override
        public void terminate(CloudAccount account, List<String> iaasIds) {
        }

        @Override
        public void importKeyPair(CloudAccount account, String name, String publicKey) {
        }

        @Override
        public List<String> keyPairs(CloudAccount account) {
            return List.of();
        }
    }

    static ObservedVm vm(String token, String iaasId, String hostname, String address) {
        return new ObservedVm(token, iaasId, VmState.RUNNING, hostname, address, address, java.util.Map.of());
    }

    /**
     * Facts are cut to what an instance record holds (so what the control loop holds is what is stored),
     * and a VM whose id does not fit is refused, or in a describe claimed by no instance, a zombie.
     */
    @Test
    void whatACloudReportsIsMadeToFitTheInstanceRecord() throws Exception {
        String rocket = "\uD83D\uDE80";
        Reporting cloud = new Reporting(List.of(vm("b-0", "i".repeat(256), "h".repeat(1024), "a".repeat(64)),
                vm("b-1", "i-1", rocket.repeat(1024), rocket.repeat(64)), vm("b-2", "i".repeat(257), "h", "a")));
        CloudGateway g = gateway(cloud, GatewaySettings.DEFAULT);

        LaunchResult r = g.launch(ACCOUNT, batch());
        assertThat(r.launched().getFirst()).isEqualTo(cloud.vms.getFirst());
        ObservedVm clipped = r.launched().get(1);
        assertThat(clipped.hostname()).hasSizeLessThanOrEqualTo(1024).endsWith("…");
        assertThat(clipped.publicIp()).hasSizeLessThanOrEqualTo(64).endsWith("…");
        assertThat(clipped.privateIp()).isEqualTo(clipped.publicIp());
        assertThat(r.launched()).extracting(ObservedVm::token).containsExactly("b-0", "b-1");
        assertThat(r.refused()).containsOnlyKeys("b-2");
        assertThat(r.refused().get("b-2").kind()).isEqualTo(CloudErrorKind.INVALID_CONFIG);
        assertThat(r.refused().get("b-2")).hasMessageContaining("257 characters").hasMessageContaining("256");

        List<ObservedVm> described = g.describe(ACCOUNT, "x");
        assertThat(described.subList(0, 2)).isEqualTo(r.launched());
        assertThat(described.get(2).token()).as("claimed by no instance").isNull();
        assertThat(described.get(2).iaasId()).as("terminated by its full id").isEqualTo("i".repeat(257));
        assertThat(SiteSnapshot.of(java.time.Instant.EPOCH, described).strays()).containsExactly(described.get(2));
    }
}
