package dev.specter.metric.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.specter.metric.MetricQuery;
import dev.specter.metric.MetricSourceException;
import dev.specter.metric.MetricSubject;
import dev.specter.metric.Readings;
import dev.specter.metric.Sample;
import dev.specter.metric.Statistic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PrometheusSource against a stub of Prometheus's HTTP API: what it sends and how it reads answers. */
@Timeout(30)
class PrometheusSourceStubTest {
    private static final Instant TO = Instant.parse("2026-01-02T03:04:05.250Z");

    private record Answer(int status, String body, long delayMillis) {
        static Answer ok(String body) {
            return new Answer(200, body, 0);
        }
    }

    private HttpServer server;
    private URI url;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Queue<Map<String, String>> requests = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Function<Map<String, String>, Answer> answers = q -> Answer.ok(vector());

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        closing.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        boolean counted = true;
        try {
            Map<String, String> params = new HashMap<>();
            params.put("path", exchange.getRequestURI().getPath());
            String raw = exchange.getRequestURI().getRawQuery();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            requests.add(params);
            Answer a = answers.apply(params);
            if (a.delayMillis() > 0 && closing.await(a.delayMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            // no longer counted once the answer starts: the client may send its next query as soon as
            // it has read this one, before this thread gets to the finally block
            inFlight.decrementAndGet();
            counted = false;
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(a.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (counted) {
                inFlight.decrementAndGet();
            }
            exchange.close();
        }
    }

    private static String vector(String... values) {
        return """
                {"status":"success","data":{"resultType":"vector","result":[%s]}}""".formatted(
                IntStream.range(0, values.length).mapToObj(i -> """
                        {"metric":{"vm":"s%d"},"value":[1767323045.25,"%s"]}""".formatted(i, values[i]))
                .collect(Collectors.joining(",")));
    }

    private PrometheusSource source(Duration timeout, int concurrency) {
        return new PrometheusSource("stub", new PrometheusSettings(url, PrometheusSettings.DEFAULT_INSTANCE_QUERY,
                PrometheusSettings.DEFAULT_DOMAIN_QUERY, timeout, concurrency));
    }

    private PrometheusSource source() {
        return source(Duration.ofSeconds(5), 4);
    }

    private static MetricSubject host(String id, String privateIp) {
        return new MetricSubject(id, "site-1", "iaas-" + id, "host-" + id, null, privateIp);
    }

    private static MetricQuery query(Statistic statistic, List<MetricSubject> instances, boolean domainLevel,
                                     String template) {
        return new MetricQuery(7, "d-\"1\"", "node_load1", statistic, Duration.ofSeconds(90), TO, instances,
                domainLevel, template);
    }

    private Readings read(MetricQuery query) throws MetricSourceException {
        try (PrometheusSource source = source()) {
            return source.read(query);
        }
    }

    private void fails(MetricQuery query, String... fragments) {
        try (PrometheusSource source = source()) {
            assertThatThrownBy(() -> source.read(query)).isInstanceOf(MetricSourceException.class)
                    .hasMessageContaining("Prometheus at " + url.toString().replaceAll("/$", ""))
                    .hasMessageContainingAll(fragments);
        }
    }

    @Test
    void sendsOneQueryPerAddressedInstanceAndOneForTheDomainAtTheQuerysEnd() throws Exception {
        answers = q -> Answer.ok(q.get("query").contains("10\\\\.0\\\\.0\\\\.1") ? vector("0")
                : q.get("query").contains("specter_domain") ? vector("4.5") : vector());
        Readings r = read(query(Statistic.MAXIMUM, List.of(host("a", "10.0.0.1"), host("b", "10.0.0.2"),
                host("c", null)), true, null));

        assertThat(requests).hasSize(3).allSatisfy(q -> {
            assertThat(q.get("path")).isEqualTo("/api/v1/query");
            assertThat(q.get("time")).isEqualTo("1767323045.25");
        });
        assertThat(requests.stream().map(q -> q.get("query"))).containsExactlyInAnyOrder(
                "max_over_time(node_load1{instance=~\"10\\\\.0\\\\.0\\\\.1(:[0-9]+)?\"}[90s])",
                "max_over_time(node_load1{instance=~\"10\\\\.0\\\\.0\\\\.2(:[0-9]+)?\"}[90s])",
                "max_over_time(node_load1{specter_domain=\"d-\\\"1\\\"\"}[90s])");
        Sample at = new Sample(Instant.parse("2026-01-02T03:04:05.250Z"), 0);
        assertThat(r.instances()).containsOnlyKeys("a").containsEntry("a", List.of(at));
        assertThat(r.domain()).containsExactly(new Sample(at.time(), 4.5));
    }

    @Test
    void theDomainsTemplateServesBothAndADomainQueryNeedingAnInstanceFieldIsSkipped() throws Exception {
        answers = q -> Answer.ok(vector("1"));
        Readings r = read(query(Statistic.MINIMUM, List.of(host("a", null)), true,
                "{fn}_over_time({metric}{host=\"{hostname}\"}[{window}])"));
        assertThat(requests).singleElement().satisfies(q -> assertThat(q.get("query"))
                .isEqualTo("min_over_time(node_load1{host=\"host-a\"}[90s])"));
        assertThat(r.instances()).containsOnlyKeys("a");
        assertThat(r.domain()).isEmpty();
    }

    @Test
    void noSubjectsNoRequests() throws Exception {
        assertThat(read(query(Statistic.AVERAGE, List.of(host("a", null)), false, null))).isEqualTo(Readings.NONE);
        assertThat(requests).isEmpty();
    }

    @Test
    void severalSeriesAreReducedByTheStatisticAndNonFiniteValuesDropped() throws Exception {
        answers = q -> Answer.ok(vector("1", "NaN", "3", "+Inf", "-Inf", "2"));
        List<MetricSubject> one = List.of(host("a", "10.0.0.1"));
        assertThat(read(query(Statistic.MAXIMUM, one, false, null)).instances().get("a").getFirst().value())
                .isEqualTo(3.0);
        assertThat(read(query(Statistic.AVERAGE, one, false, null)).instances().get("a").getFirst().value())
                .isEqualTo(2.0);
        assertThat(read(query(Statistic.MINIMUM, one, false, null)).instances().get("a").getFirst().value())
                .isEqualTo(1.0);

        answers = q -> Answer.ok(vector("NaN", "+Inf"));
        assertThat(read(query(Statistic.MAXIMUM, one, true, null)).isEmpty()).isTrue();
        answers = q -> Answer.ok(vector());
        assertThat(read(query(Statistic.MAXIMUM, one, true, null)).isEmpty()).isTrue();
    }

    @Test
    void aScalarIsAReading() throws Exception {
        answers = q -> Answer.ok("""
                {"status":"success","data":{"resultType":"scalar","result":[1767323045,"-1.5e3"]}}""");
        Readings r = read(query(Statistic.AVERAGE, List.of(), true, null));
        assertThat(r.domain()).containsExactly(new Sample(Instant.parse("2026-01-02T03:04:05Z"), -1500));
    }

    @Test
    void anErrorAnswerFailsWithItsText() {
        answers = q -> Answer.ok("""
                {"status":"error","errorType":"execution","error":"query timed out in expression evaluation"}""");
        fails(query(Statistic.AVERAGE, List.of(), true, null), "execution: query timed out in expression evaluation");

        answers = q -> new Answer(400, """
                {"status":"error","errorType":"bad_data","error":"1:15: parse error: unexpected"}""", 0);
        fails(query(Statistic.AVERAGE, List.of(), true, null), "HTTP 400", "bad_data: 1:15: parse error");

        answers = q -> new Answer(503, "<html>Service Unavailable</html>", 0);
        fails(query(Statistic.AVERAGE, List.of(), true, null), "HTTP 503", "Service Unavailable");
    }

    @Test
    void answersThatAreNotReadingsFail() {
        MetricQuery q = query(Statistic.AVERAGE, List.of(host("a", "10.0.0.1")), false, null);
        answers = x -> Answer.ok("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
        fails(q, "not JSON");
        answers = x -> Answer.ok("<html>this is Grafana</html>");
        fails(q, "not JSON", "this is Grafana");
        answers = x -> Answer.ok("""
                {"status":"success","data":{"resultType":"matrix","result":[]}}""");
        fails(q, "yields a matrix");
        answers = x -> Answer.ok("""
                {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,2]}]}}""");
        fails(q, "[time, \"number\"]");
        answers = x -> Answer.ok("""
                {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"lots"]}]}}""");
        fails(q, "'lots'");
        answers = x -> Answer.ok("[]");
        fails(q, "not a JSON object");
    }

    @Test
    void anAnswerOverAMebibyteFails() {
        String big = vector(IntStream.range(0, 40_000).mapToObj(i -> "1").toArray(String[]::new));
        assertThat(big.length()).isGreaterThan(PrometheusSource.MAX_BODY_BYTES);
        answers = q -> Answer.ok(big);
        fails(query(Statistic.AVERAGE, List.of(), true, null), "more than 1 MiB");
    }

    /** The stub holds every request until the test ends: only the source's own timeout can end a read. */
    @Test
    void aServerThatNeverAnswersFailsAtTheTimeout() {
        answers = q -> new Answer(200, vector("1"), Long.MAX_VALUE);
        try (PrometheusSource source = source(Duration.ofMillis(400), 4)) {
            assertThatThrownBy(() -> source.read(query(Statistic.AVERAGE, List.of(host("a", "10.0.0.1")), true, null)))
                    .isInstanceOf(MetricSourceException.class).hasMessageContaining("did not answer within 400 ms");
            assertThat(source.metricsFor(7)).isEmpty();
        }
    }

    @Test
    void atMostMaxConcurrentQueriesAreInFlight() throws Exception {
        answers = q -> new Answer(200, vector("1"), 100);
        List<MetricSubject> hosts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            hosts.add(host("h" + i, "10.0.0." + i));
        }
        try (PrometheusSource source = source(Duration.ofSeconds(10), 3)) {
            Readings r = source.read(query(Statistic.AVERAGE, hosts, false, null));
            assertThat(r.instances()).hasSize(12);
        }
        assertThat(maxInFlight.get()).isBetween(2, 3);
    }

    @Test
    void metricNamesAreListedCappedAndCached() {
        String names = IntStream.range(0, 1500).mapToObj(i -> "\"m%04d\"".formatted(i))
                .collect(Collectors.joining(",", "{\"status\":\"success\",\"data\":[", "]}"));
        answers = q -> Answer.ok(names);
        try (PrometheusSource source = source()) {
            assertThat(source.metricsFor(7)).hasSize(1000).contains("m0000", "m0999").doesNotContain("m1000");
            assertThat(source.metricsFor(8)).hasSize(1000);
        }
        assertThat(requests).singleElement().satisfies(q -> assertThat(q.get("path"))
                .isEqualTo("/api/v1/label/__name__/values"));

        answers = q -> Answer.ok("{\"status\":\"error\",\"errorType\":\"internal\",\"error\":\"boom\"}");
        try (PrometheusSource source = source()) {
            assertThat(source.metricsFor(7)).isEmpty();
        }
        answers = q -> Answer.ok("{\"status\":\"success\",\"data\":[\"up\",\"node_load1\"]}");
        try (PrometheusSource source = source()) {
            assertThat(source.metricsFor(7)).containsExactly("node_load1", "up");
        }
    }
}
