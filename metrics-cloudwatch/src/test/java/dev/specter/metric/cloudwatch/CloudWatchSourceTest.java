package dev.specter.metric.cloudwatch;

import dev.specter.metric.MetricQuery;
import dev.specter.metric.MetricSourceException;
import dev.specter.metric.MetricSubject;
import dev.specter.metric.Readings;
import dev.specter.metric.Statistic;
import dev.specter.testing.MotoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The source without a CloudWatch: settings, periods, and endpoints that are dead or never answer. */
@Timeout(120)
class CloudWatchSourceTest {
    private static final String KEY = "testing";
    private static final String SECRET = "testing-secret";

    @Test
    void settingsDefaults() {
        CloudWatchSettings s = CloudWatchSettings.defaults("eu-west-1");
        assertThat(s.region()).isEqualTo("eu-west-1");
        assertThat(s.endpoint()).isNull();
        assertThat(s.namespace()).isEqualTo("AWS/EC2");
        assertThat(s.instanceDimension()).isEqualTo("InstanceId");
        assertThat(s.domainDimension()).isEqualTo("SpecterDomain");
        assertThat(s.period()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.accessKeyId()).isNull();
        assertThat(new CloudWatchSettings("us-east-1", null, " ", "", null, null, null, null, null))
                .isEqualTo(CloudWatchSettings.defaults("us-east-1"));
    }

    @Test
    void settingsRejectWhatCannotWork() {
        assertThatThrownBy(() -> CloudWatchSettings.defaults(" ")).hasMessageContaining("region");
        assertThatThrownBy(() -> CloudWatchSettings.defaults("us-east-1", URI.create("ftp://x"), null, null))
                .hasMessageContaining("endpoint");
        assertThatThrownBy(() -> CloudWatchSettings.defaults("us-east-1").withTimeout(Duration.ZERO))
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> CloudWatchSettings.defaults("us-east-1").withPeriod(Duration.ofSeconds(-60)))
                .hasMessageContaining("period");
    }

    @Test
    void settingsNeverShowTheSecret() {
        assertThat(CloudWatchSettings.defaults("us-east-1", null, KEY, SECRET).toString())
                .doesNotContain("testing-secret").contains("accessKeyId=testing");
    }

    @Test
    void periodIsTheWindowAtMostInWholeMinutes() {
        assertThat(CloudWatchSource.periodSeconds(Duration.ofSeconds(60), Duration.ofMinutes(5))).isEqualTo(60);
        assertThat(CloudWatchSource.periodSeconds(Duration.ofMinutes(5), Duration.ofMinutes(5))).isEqualTo(300);
        assertThat(CloudWatchSource.periodSeconds(Duration.ofMinutes(10), Duration.ofMinutes(5))).isEqualTo(300);
        assertThat(CloudWatchSource.periodSeconds(Duration.ofSeconds(300), Duration.ofSeconds(90))).isEqualTo(60);
        assertThat(CloudWatchSource.periodSeconds(Duration.ofSeconds(150), Duration.ofMinutes(10))).isEqualTo(120);
        assertThat(CloudWatchSource.periodSeconds(Duration.ofSeconds(60), Duration.ofSeconds(20))).isEqualTo(60);
        assertThat(CloudWatchSource.periodSeconds(Duration.ofSeconds(10), Duration.ofMinutes(5))).isEqualTo(60);
        // CloudWatch answers at most 1,440 datapoints a call: a day of minutes fits, two days need 2 min periods
        assertThat(CloudWatchSource.periodSeconds(Duration.ofSeconds(60), Duration.ofDays(1))).isEqualTo(60);
        assertThat(CloudWatchSource.periodSeconds(Duration.ofSeconds(60), Duration.ofDays(2))).isEqualTo(120);
        assertThat(CloudWatchSource.periodSeconds(Duration.ofSeconds(60), Duration.ofDays(1).plusSeconds(1)))
                .isEqualTo(120);
    }

    @Test
    void aDeadEndpointFailsTheReadAndListsNoMetrics() throws Exception {
        URI dead = URI.create("http://127.0.0.1:" + MotoServer.freePort());
        try (CloudWatchSource source = new CloudWatchSource("cw",
                CloudWatchSettings.defaults("us-east-1", dead, KEY, SECRET).withTimeout(Duration.ofSeconds(2)))) {
            assertThatThrownBy(() -> source.read(query(subjects(3))))
                    .isInstanceOf(MetricSourceException.class)
                    .hasMessageContaining("us-east-1")
                    .hasMessageContaining(dead.toString())
                    .hasMessageContaining("NetworkError")
                    .hasMessageNotContaining("testing-secret");
            assertThat(source.metricsFor(1)).isEmpty();
        }
    }

    /**
     * The black hole never answers, so only the source's timeout can end a read (else it hangs into
     * the class timeout). With 40 subjects, 8 at a time, the read's own deadline passes while most
     * wait for a slot: those are never sent. Per-call timeouts alone would send all 40, in five waves.
     */
    @Test
    void anEndpointThatNeverAnswersFailsAtTheTimeoutAndSendsNoMoreOnceItHasPassed() throws Exception {
        try (BlackHole hole = new BlackHole();
             CloudWatchSource source = new CloudWatchSource("cw", CloudWatchSettings.defaults("us-east-1", hole.uri(),
                     KEY, SECRET).withTimeout(Duration.ofMillis(700)))) {
            for (int n : new int[]{1, 40}) {
                int before = hole.connections();
                assertThatThrownBy(() -> source.read(query(subjects(n))))
                        .isInstanceOf(MetricSourceException.class)
                        .hasMessageContaining("us-east-1")
                        .hasMessageContaining(hole.uri().toString())
                        .hasMessageContaining("Timeout");
                assertThat(hole.connections() - before).as("calls sent for %d subjects", n).isLessThan(40);
            }
            assertThat(source.metricsFor(1)).isEmpty();
        }
    }

    @Test
    void invalidQueriesAndClosedSourcesFailAsMetricSourceExceptions() throws Exception {
        URI dead = URI.create("http://127.0.0.1:" + MotoServer.freePort());
        CloudWatchSource source = new CloudWatchSource("cw", CloudWatchSettings.defaults("us-east-1", dead, KEY, SECRET));
        assertThat(source.name()).isEqualTo("cw");
        assertThatThrownBy(() -> source.read(null)).isInstanceOf(MetricSourceException.class)
                .hasMessageContaining("InvalidQuery");
        MetricQuery zeroWindow = new MetricQuery(1, "d", "CPUUtilization", Statistic.AVERAGE, Duration.ZERO,
                Instant.now(), subjects(1), false, null);
        assertThatThrownBy(() -> source.read(zeroWindow)).isInstanceOf(MetricSourceException.class)
                .hasMessageContaining("window");
        MetricQuery noMetric = new MetricQuery(1, "d", " ", Statistic.AVERAGE, Duration.ofMinutes(1),
                Instant.now(), subjects(1), false, null);
        assertThatThrownBy(() -> source.read(noMetric)).isInstanceOf(MetricSourceException.class)
                .hasMessageContaining("metric");
        // nothing to ask: no call
        MetricQuery nothing = new MetricQuery(1, "d", "CPUUtilization", Statistic.AVERAGE, Duration.ofMinutes(5),
                Instant.now(), List.of(new MetricSubject("vm", "s", null, null, null, null)), false, null);
        assertThat(source.read(nothing)).isEqualTo(Readings.NONE);

        source.close();
        source.close();
        assertThatThrownBy(() -> source.read(query(subjects(1)))).isInstanceOf(MetricSourceException.class)
                .hasMessageContaining("Closed");
        assertThat(source.metricsFor(1)).isEmpty();
    }

    private static List<MetricSubject> subjects(int n) {
        return IntStream.range(0, n).mapToObj(i -> new MetricSubject("vm-" + i, "s", "i-" + i, null, null, null))
                .toList();
    }

    private static MetricQuery query(List<MetricSubject> subjects) {
        return new MetricQuery(1, "d", "CPUUtilization", Statistic.AVERAGE, Duration.ofMinutes(5), Instant.now(),
                subjects, true, null);
    }

    /** Accepts connections and never answers. */
    private static final class BlackHole implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        BlackHole() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        accepted.add(server.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort());
        }

        /** Connections accepted so far: one per request sent, since none is ever answered. */
        int connections() {
            return accepted.size();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : accepted) {
                s.close();
            }
            acceptor.interrupt();
        }
    }
}
