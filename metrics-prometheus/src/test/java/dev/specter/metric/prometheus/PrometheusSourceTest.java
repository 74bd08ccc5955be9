package dev.specter.metric.prometheus;

import com.sun.net.httpserver.HttpServer;
import dev.specter.metric.MetricQuery;
import dev.specter.metric.MetricSourceException;
import dev.specter.metric.MetricSubject;
import dev.specter.metric.Readings;
import dev.specter.metric.Sample;
import dev.specter.metric.Statistic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * PrometheusSource against a real Prometheus (the Debian package, which .ci/run installs) scraping an
 * endpoint this test serves every second. Each test has series of its own, so their order does not
 * matter; each waits for the scrapes it needs.
 */
@Tag("e2e")
@Timeout(120)
class PrometheusSourceTest {
    private static final String BY_VM = "{fn}_over_time({metric}{vm=\"{iaas_id}\"}[{window}])";
    private static final Duration LANDED = Duration.ofSeconds(20);

    /** What the endpoint serves, series (name and labels) to value. */
    private static final SortedMap<String, Double> SERIES = new TreeMap<>();
    private static HttpServer exporter;
    private static PrometheusProcess prometheus;
    private static PrometheusSource source;

    @BeforeAll
    static void start() throws IOException {
        set("node_load1{vm=\"i-aaa\"}", 2.5);
        set("node_load1{vm=\"i-bbb\"}", 0);
        set("node_load1{vm=\"i-ccc\"}", 1);
        set("queue_length{specter_domain=\"d-1\"}", 7);
        exporter = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        exporter.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        exporter.createContext("/metrics", exchange -> {
            StringBuilder text = new StringBuilder();
            synchronized (SERIES) {
                SERIES.forEach((series, value) -> text.append(series).append(' ').append(value).append('\n'));
            }
            byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        exporter.start();
        prometheus = PrometheusProcess.start(List.of("127.0.0.1:" + exporter.getAddress().getPort()), "/metrics");
        source = new PrometheusSource("prometheus", PrometheusSettings.defaults(prometheus.url())
                .withTimeout(Duration.ofSeconds(5)).withMaxConcurrentQueries(4));
    }

    @AfterAll
    static void stop() {
        if (source != null) {
            source.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (exporter != null) {
            exporter.stop(0);
        }
    }

    private static void set(String series, double value) {
        synchronized (SERIES) {
            SERIES.put(series, value);
        }
    }

    private static MetricSubject vm(String instanceId, String iaasId) {
        return new MetricSubject(instanceId, "site-1", iaasId, null, null, null);
    }

    private static MetricSubject host(String instanceId, String privateIp) {
        return new MetricSubject(instanceId, "site-1", "i-" + instanceId, null, null, privateIp);
    }

    private static MetricQuery query(String metric, Statistic statistic, Duration window, Instant to,
                                     List<MetricSubject> instances, boolean domainLevel, String template) {
        return new MetricQuery(1, "d-1", metric, statistic, window, to, instances, domainLevel, template);
    }

    /** Reads until {@code done} holds for the readings (scrapes land every second), then returns them. */
    private static Readings readUntil(java.util.function.Supplier<MetricQuery> query,
                                      java.util.function.Predicate<Readings> done) {
        AtomicReference<Readings> last = new AtomicReference<>();
        await().atMost(LANDED).pollInterval(Duration.ofMillis(200)).until(() -> {
            last.set(source.read(query.get()));
            return done.test(last.get());
        });
        return last.get();
    }

    private static double value(List<Sample> samples) {
        assertThat(samples).hasSize(1);
        return samples.getFirst().value();
    }

    @Test
    void readsEachInstanceByItsCloudIdAndAZeroIsAValue() {
        List<MetricSubject> vms = List.of(vm("a", "i-aaa"), vm("b", "i-bbb"), vm("z", "i-zzz"));
        AtomicReference<Instant> to = new AtomicReference<>();
        Readings readings = readUntil(() -> {
            to.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
            return query("node_load1", Statistic.AVERAGE, Duration.ofSeconds(30), to.get(), vms, false, BY_VM);
        }, r -> r.instances().containsKey("a") && r.instances().containsKey("b"));

        assertThat(value(readings.instances().get("a"))).isEqualTo(2.5);
        assertThat(value(readings.instances().get("b"))).isEqualTo(0.0);
        assertThat(readings.instances()).doesNotContainKey("z"); // no series for i-zzz
        assertThat(readings.instances().get("a").getFirst().time()).isEqualTo(to.get());
        assertThat(readings.domain()).isEmpty();
    }

    @Test
    void theDefaultTemplateFindsAnInstanceByItsPrivateAddressAndSkipsOnesWithout() {
        // every series scraped from 127.0.0.1:<port> has instance="127.0.0.1:<port>"; 'up' is 1 for it
        List<MetricSubject> hosts = List.of(host("local", "127.0.0.1"), host("other", "127.0.0.10"),
                host("unaddressed", null));
        Readings readings = readUntil(() -> query("up", Statistic.MINIMUM, Duration.ofSeconds(30), Instant.now(),
                hosts, false, null), r -> r.instances().containsKey("local"));

        assertThat(value(readings.instances().get("local"))).isEqualTo(1.0);
        // no series has instance 127.0.0.10[:port]; the unaddressed host is skipped, not an error
        assertThat(readings.instances()).containsOnlyKeys("local");
    }

    @Test
    void readsTheDomainWithTheDefaultDomainQuery() {
        Readings readings = readUntil(() -> query("queue_length", Statistic.AVERAGE, Duration.ofSeconds(30),
                Instant.now(), List.of(), true, null), r -> !r.domain().isEmpty());

        assertThat(value(readings.domain())).isEqualTo(7.0);
        assertThat(readings.instances()).isEmpty();
    }

    @Test
    void severalSeriesForOneSubjectAreReducedByTheStatistic() {
        String both = "{fn}_over_time({metric}{vm=~\"i-aaa|i-ccc\"}[{window}])";
        Instant to = Instant.now();
        readUntil(() -> query("node_load1", Statistic.AVERAGE, Duration.ofSeconds(30), to, List.of(), true, both),
                r -> !r.domain().isEmpty());

        // i-aaa is 2.5 and i-ccc 1, scraped together
        assertThat(value(read(query("node_load1", Statistic.AVERAGE, Duration.ofSeconds(30), to, List.of(), true,
                both)).domain())).isEqualTo(1.75);
        assertThat(value(read(query("node_load1", Statistic.MAXIMUM, Duration.ofSeconds(30), to, List.of(), true,
                both)).domain())).isEqualTo(2.5);
    }

    @Test
    void maximumAndAverageOverAWindowInWhichTheValueChanged() {
        List<MetricSubject> vms = List.of(vm("c", "i-ddd"));
        set("node_load1{vm=\"i-ddd\"}", 1);
        // a sample of 1 at least a second old, so that the window before the change below holds one
        readUntil(() -> query("node_load1", Statistic.AVERAGE, Duration.ofSeconds(30), Instant.now().minusSeconds(1),
                vms, false, BY_VM), r -> r.instances().containsKey("c"));

        Instant changed = Instant.now();
        set("node_load1{vm=\"i-ddd\"}", 5);
        AtomicReference<Instant> to = new AtomicReference<>();
        readUntil(() -> {
            to.set(Instant.now());
            return query("node_load1", Statistic.MAXIMUM, Duration.ofSeconds(30), to.get(), vms, false, BY_VM);
        }, r -> r.instances().containsKey("c") && r.instances().get("c").getFirst().value() == 5.0);

        double average = value(read(query("node_load1", Statistic.AVERAGE, Duration.ofSeconds(30), to.get(), vms,
                false, BY_VM)).instances().get("c"));
        double minimum = value(read(query("node_load1", Statistic.MINIMUM, Duration.ofSeconds(30), to.get(), vms,
                false, BY_VM)).instances().get("c"));
        assertThat(average).isStrictlyBetween(1.0, 5.0);
        assertThat(minimum).isEqualTo(1.0);
        // a window that ends (half a second of scrape slack) before the change saw only 1
        assertThat(value(read(query("node_load1", Statistic.MAXIMUM, Duration.ofSeconds(30),
                changed.minusMillis(500), vms, false, BY_VM)).instances().get("c"))).isEqualTo(1.0);
    }

    private static Readings read(MetricQuery query) {
        try {
            return source.read(query);
        } catch (MetricSourceException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void listsTheMetricNamesPrometheusHas() {
        readUntil(() -> query("node_load1", Statistic.AVERAGE, Duration.ofSeconds(30), Instant.now(),
                List.of(vm("a", "i-aaa")), false, BY_VM), r -> r.instances().containsKey("a"));
        try (PrometheusSource fresh = new PrometheusSource("fresh", PrometheusSettings.defaults(prometheus.url()))) {
            assertThat(fresh.metricsFor(1)).contains("node_load1", "queue_length", "up");
        }
    }

    @Test
    void aQueryPrometheusRejectsFailsWithItsError() {
        MetricQuery bad = query("node_load1", Statistic.AVERAGE, Duration.ofSeconds(30), Instant.now(),
                List.of(vm("a", "i-aaa")), false, "{fn}_over_time({metric}{vm=\"{iaas_id}\"}[{window}]");
        assertThatThrownBy(() -> source.read(bad)).isInstanceOf(MetricSourceException.class)
                .hasMessageContaining(prometheus.url().toString()).hasMessageContaining("bad_data");
    }

    @Test
    void aDeadServerFailsTheReadAndListsNoMetrics() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI dead = URI.create("http://127.0.0.1:" + port);
        try (PrometheusSource down = new PrometheusSource("down",
                PrometheusSettings.defaults(dead).withTimeout(Duration.ofSeconds(2)))) {
            assertThatThrownBy(() -> down.read(query("node_load1", Statistic.AVERAGE, Duration.ofSeconds(30),
                    Instant.now(), List.of(vm("a", "i-aaa"), vm("b", "i-bbb")), true, BY_VM)))
                    .isInstanceOf(MetricSourceException.class).hasMessageContaining(dead.toString());
            assertThat(down.metricsFor(1)).isEmpty();
        }
    }
}
