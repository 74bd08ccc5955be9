package dev.specter.metric.cloudwatch;

import dev.specter.metric.MetricQuery;
import dev.specter.metric.MetricSourceException;
import dev.specter.metric.MetricSubject;
import dev.specter.metric.Readings;
import dev.specter.metric.Sample;
import dev.specter.metric.Statistic;
import dev.specter.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link CloudWatchSource} against a real {@code moto_server} (moto 5.x), reached through the
 * {@link RpcV2CborBridge} (the SDK speaks only RPC v2 CBOR to CloudWatch, moto only Query and JSON).
 *
 * <p>What moto 5.x does differently from CloudWatch, found by experiment, that these tests are
 * written to:
 * <ul>
 *   <li>GetMetricStatistics buckets start at the first datapoint in [StartTime, EndTime), to the
 *       millisecond, and step by Period from there; CloudWatch aligns them to the period (whole minutes)
 *       instead. So a datapoint's timestamp here is the first put timestamp of its bucket, and empty
 *       buckets are left out, as CloudWatch leaves them out.</li>
 *   <li>StartTime is inclusive and EndTime exclusive, both truncated to the second, as in CloudWatch.</li>
 *   <li>Dimensions are matched as a subset: asking for {@code InstanceId=i-1} also aggregates data put with
 *       {@code InstanceId=i-1, SpecterDomain=d}. CloudWatch matches the dimension set exactly, so the
 *       tests put each metric with a single dimension, as CloudWatch needs it.</li>
 *   <li>Only the statistics asked for come back (as in CloudWatch); it does not validate the Period
 *       (CloudWatch wants a multiple of 60), nor data older than two weeks; ListMetrics pages by 500
 *       metrics and ignores RecentlyActive.</li>
 * </ul>
 */
@Tag("e2e")
class CloudWatchSourceMotoTest {
    private static final String REGION = "us-east-1";
    private static final String KEY = "testing";
    private static final String SECRET = "testing";
    private static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET));
    private static final Duration WINDOW = Duration.ofMinutes(5);

    private static MotoServer moto;
    /** The SDK's CloudWatch client speaks RPCv2 CBOR, which moto does not: every call goes through the bridge. */
    private static RpcV2CborBridge bridge;
    private static CloudWatchClient putter;
    private static Instant to;
    private static Instant from;
    private static int unique;

    private final List<CloudWatchSource> sources = new ArrayList<>();

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
        bridge = RpcV2CborBridge.start(moto.endpoint());
        putter = CloudWatchClient.builder().region(Region.of(REGION)).endpointOverride(bridge.endpoint())
                .credentialsProvider(CREDENTIALS).httpClientBuilder(Apache5HttpClient.builder()).build();
        to = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        from = to.minus(WINDOW);
    }

    @AfterAll
    static void stopMoto() {
        if (putter != null) {
            putter.close();
        }
        if (bridge != null) {
            bridge.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @BeforeEach
    void resetBridge() {
        bridge.reset();
    }

    @AfterEach
    void closeSources() {
        sources.forEach(CloudWatchSource::close);
        bridge.reset();
        // requests a test gave up on (held by the bridge's delay) end before the next test counts
        await().atMost(Duration.ofSeconds(30)).until(() -> bridge.inFlight() == 0);
        bridge.reset();
    }

    // --- reading ---------------------------------------------------------------------------------

    @Test
    void averageAndMaximumOfEachInstanceOverTheWindow() throws Exception {
        String a = id("i-a");
        String b = id("i-b");
        put("CPUUtilization", "InstanceId", a, 10, 10.0);
        put("CPUUtilization", "InstanceId", a, 20, 30.0);
        put("CPUUtilization", "InstanceId", a, 130, 50.0);
        put("CPUUtilization", "InstanceId", b, 30, 70.0);
        // one period as long as the window: one sample each, the statistic of all of the window's data
        CloudWatchSource source = source(settings().withPeriod(WINDOW));
        List<MetricSubject> subjects = List.of(subject("vm-a", a), subject("vm-b", b));

        Readings avg = source.read(query("CPUUtilization", Statistic.AVERAGE, subjects, false));
        assertThat(avg.instances()).containsOnlyKeys("vm-a", "vm-b");
        assertThat(values(avg.instances().get("vm-a"))).containsExactly(30.0);
        assertThat(values(avg.instances().get("vm-b"))).containsExactly(70.0);
        assertThat(avg.domain()).isEmpty();

        Readings max = source.read(query("CPUUtilization", Statistic.MAXIMUM, subjects, false));
        assertThat(values(max.instances().get("vm-a"))).containsExactly(50.0);
        assertThat(values(max.instances().get("vm-b"))).containsExactly(70.0);

        Readings min = source.read(query("CPUUtilization", Statistic.MINIMUM, subjects, false));
        assertThat(values(min.instances().get("vm-a"))).containsExactly(10.0);
    }

    @Test
    void oneSamplePerPeriodWithDataOldestFirst() throws Exception {
        String a = id("i-p");
        // put newest first: the samples still come back oldest first
        put("CPUUtilization", "InstanceId", a, 250, 90.0);
        put("CPUUtilization", "InstanceId", a, 130, 50.0);
        put("CPUUtilization", "InstanceId", a, 20, 30.0);
        put("CPUUtilization", "InstanceId", a, 10, 10.0);
        CloudWatchSource source = source(settings()); // 60 s periods

        Readings r = source.read(query("CPUUtilization", Statistic.AVERAGE, List.of(subject("vm", a)), false));

        // moto's buckets start at the first datapoint (from+10s): [10,70) [130,190) [250,310); the empty ones
        // are left out. CloudWatch's would start at whole minutes.
        assertThat(r.instances().get("vm")).containsExactly(
                new Sample(from.plusSeconds(10), 20.0),
                new Sample(from.plusSeconds(130), 50.0),
                new Sample(from.plusSeconds(250), 90.0));
    }

    @Test
    void aReadingOfZeroIsAValue() throws Exception {
        String a = id("i-zero");
        put("CPUUtilization", "InstanceId", a, 60, 0.0);
        CloudWatchSource source = source(settings().withPeriod(WINDOW));

        Readings r = source.read(query("CPUUtilization", Statistic.MAXIMUM, List.of(subject("vm", a)), false));

        assertThat(r.instances()).containsOnlyKeys("vm");
        assertThat(values(r.instances().get("vm"))).containsExactly(0.0);
    }

    @Test
    void anInstanceWithoutDataIsAbsent() throws Exception {
        String a = id("i-data");
        String quiet = id("i-quiet");
        String late = id("i-late");
        put("CPUUtilization", "InstanceId", a, 100, 42.0);
        // data only outside the window (EndTime is exclusive) does not count
        put("CPUUtilization", "InstanceId", late, 300, 1.0);
        put("CPUUtilization", "InstanceId", late, -1, 1.0);
        CloudWatchSource source = source(settings());

        Readings r = source.read(query("CPUUtilization", Statistic.AVERAGE,
                List.of(subject("vm-a", a), subject("vm-quiet", quiet), subject("vm-late", late)), false));

        assertThat(r.instances()).containsOnlyKeys("vm-a");
        assertThat(values(r.instances().get("vm-a"))).containsExactly(42.0);
    }

    @Test
    void onlyTheRequestedMetricCounts() throws Exception {
        String a = id("i-metric");
        put("CPUUtilization", "InstanceId", a, 100, 42.0);
        put("NetworkIn", "InstanceId", a, 100, 1e6);
        CloudWatchSource source = source(settings());

        Readings r = source.read(query("NetworkIn", Statistic.MAXIMUM, List.of(subject("vm", a)), false));

        assertThat(values(r.instances().get("vm"))).containsExactly(1e6);
        assertThat(source.read(query("DiskReadOps", Statistic.MAXIMUM, List.of(subject("vm", a)), false)).isEmpty())
                .isTrue();
    }

    @Test
    void domainLevelReadingsComeFromTheDomainDimension() throws Exception {
        String dom = id("dom");
        String a = id("i-dom");
        put("QueueLength", "SpecterDomain", dom, 30, 4.0);
        put("QueueLength", "SpecterDomain", dom, 40, 8.0);
        put("QueueLength", "InstanceId", a, 30, 100.0);
        CloudWatchSource source = source(settings().withPeriod(WINDOW));
        int before = bridge.calls("GetMetricStatistics");

        Readings r = source.read(query(dom, "QueueLength", Statistic.AVERAGE, List.of(subject("vm", a)), true));

        assertThat(values(r.domain())).containsExactly(6.0);
        assertThat(values(r.instances().get("vm"))).containsExactly(100.0);
        assertThat(bridge.calls("GetMetricStatistics") - before).isEqualTo(2);

        // not asked for: no call, no domain samples
        Readings instancesOnly = source.read(query(dom, "QueueLength", Statistic.AVERAGE, List.of(), false));
        assertThat(instancesOnly).isEqualTo(Readings.NONE);
        Readings domainOnly = source.read(query(dom, "QueueLength", Statistic.MAXIMUM, List.of(), true));
        assertThat(domainOnly.instances()).isEmpty();
        assertThat(values(domainOnly.domain())).containsExactly(8.0);
        assertThat(bridge.calls("GetMetricStatistics") - before).isEqualTo(3);
    }

    @Test
    void customNamespaceAndDimensions() throws Exception {
        String host = id("web");
        put("Custom/App", "RequestsPerSecond", "Host", host, 50, 120.0);
        CloudWatchSource source = source(new CloudWatchSettings(REGION, bridge.endpoint(), "Custom/App", "Host",
                "Cluster", Duration.ofMinutes(5), Duration.ofSeconds(10), KEY, SECRET));

        Readings r = source.read(query("RequestsPerSecond", Statistic.AVERAGE, List.of(subject("vm", host)), false));

        assertThat(values(r.instances().get("vm"))).containsExactly(120.0);
        // the default namespace has no such metric
        assertThat(source(settings()).read(query("RequestsPerSecond", Statistic.AVERAGE,
                List.of(subject("vm", host)), false)).isEmpty()).isTrue();
    }

    @Test
    void aSubjectWithoutACloudIdIsSkipped() throws Exception {
        String a = id("i-named");
        put("CPUUtilization", "InstanceId", a, 100, 5.0);
        CloudWatchSource source = source(settings());
        int before = bridge.calls("GetMetricStatistics");

        Readings r = source.read(query("CPUUtilization", Statistic.AVERAGE,
                List.of(subject("vm-a", a), subject("vm-pending", null), subject("vm-blank", " ")), false));

        assertThat(r.instances()).containsOnlyKeys("vm-a");
        assertThat(bridge.calls("GetMetricStatistics") - before).isEqualTo(1);

        assertThat(source.read(query("CPUUtilization", Statistic.AVERAGE, List.of(subject("vm-pending", null)), false)))
                .isEqualTo(Readings.NONE);
        assertThat(bridge.calls("GetMetricStatistics") - before).isEqualTo(1);
    }

    @Test
    void manyInstancesAreReadConcurrentlyEightAtATime() throws Exception {
        List<MetricSubject> subjects = new ArrayList<>();
        List<MetricDatum> data = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String iaas = id("i-many");
            subjects.add(subject("vm-" + i, iaas));
            data.add(datum("CPUUtilization", "InstanceId", iaas, 60, i));
        }
        putter.putMetricData(p -> p.namespace(CloudWatchSettings.DEFAULT_NAMESPACE).metricData(data));
        bridge.delay(Duration.ofMillis(150));
        CloudWatchSource source = source(settings().withTimeout(Duration.ofSeconds(30)));

        Readings r = source.read(query("CPUUtilization", Statistic.AVERAGE, subjects, false));

        assertThat(r.instances()).hasSize(20);
        IntStream.range(0, 20).forEach(i -> assertThat(values(r.instances().get("vm-" + i))).containsExactly((double) i));
        // calls overlap; the cap itself (which the HTTP pool would also impose here) is SourceCallsTest's
        assertThat(bridge.maxInFlight()).isBetween(2, CloudWatchSource.MAX_CONCURRENT_CALLS);
    }

    // --- failures --------------------------------------------------------------------------------

    @Test
    void aServiceErrorNamesTheRegionEndpointAndAwsErrorCode() {
        String a = id("i-err");
        CloudWatchSource source = source(settings());
        bridge.failNext(1, 400, "InvalidParameterCombination", "no such thing");
        int before = bridge.calls("GetMetricStatistics");

        assertThatThrownBy(() -> source.read(query("CPUUtilization", Statistic.AVERAGE, List.of(subject("vm", a)), false)))
                .isInstanceOf(MetricSourceException.class)
                .hasMessageContaining(REGION)
                .hasMessageContaining(bridge.endpoint().toString())
                .hasMessageContaining("InvalidParameterCombination")
                .hasMessageContaining("no such thing")
                .hasMessageContaining("InstanceId=" + a);
        // a bad request is not retried
        assertThat(bridge.calls("GetMetricStatistics") - before).isEqualTo(1);
    }

    @Test
    void motoRejectingARequestIsAMetricSourceExceptionWithItsCode() {
        // moto's own validation: StartTime must be before EndTime, after both are truncated to the second, so
        // a window of [T+0.3s, T+0.8s) is empty there. (CloudWatch rounds StartTime down to the minute and
        // would answer.)
        CloudWatchSource source = source(settings());
        MetricQuery query = new MetricQuery(1, "d", "CPUUtilization", Statistic.AVERAGE, Duration.ofMillis(500),
                to.plusMillis(800), List.of(subject("vm", id("i-tiny"))), false, null);

        assertThatThrownBy(() -> source.read(query))
                .isInstanceOf(MetricSourceException.class)
                .hasMessageContaining(REGION)
                .hasMessageContaining("InvalidParameterValue");
    }

    @Test
    void transientErrorsAreRetriedTwice() throws Exception {
        String a = id("i-retry");
        put("CPUUtilization", "InstanceId", a, 100, 7.0);
        CloudWatchSource source = source(settings());
        List<MetricSubject> one = List.of(subject("vm", a));

        bridge.failNext(2, 500, "InternalFailure", "try again");
        int before = bridge.calls("GetMetricStatistics");
        assertThat(values(source.read(query("CPUUtilization", Statistic.AVERAGE, one, false)).instances().get("vm")))
                .containsExactly(7.0);
        assertThat(bridge.calls("GetMetricStatistics") - before).isEqualTo(3);

        bridge.failNext(3, 500, "InternalFailure", "still broken");
        int before2 = bridge.calls("GetMetricStatistics");
        assertThatThrownBy(() -> source.read(query("CPUUtilization", Statistic.AVERAGE, one, false)))
                .isInstanceOf(MetricSourceException.class)
                .hasMessageContaining("InternalFailure")
                .hasMessageContaining(REGION);
        assertThat(bridge.calls("GetMetricStatistics") - before2).isEqualTo(3);
    }

    @Test
    void oneFailedCallFailsTheWholeRead() {
        List<MetricSubject> subjects = IntStream.range(0, 5).mapToObj(i -> subject("vm-" + i, id("i-part"))).toList();
        CloudWatchSource source = source(settings());
        bridge.failNext(1, 403, "AccessDenied", "not allowed");

        assertThatThrownBy(() -> source.read(query("CPUUtilization", Statistic.AVERAGE, subjects, false)))
                .isInstanceOf(MetricSourceException.class)
                .hasMessageContaining("AccessDenied");
    }

    /**
     * Forty calls, eight at a time, each held far longer than the read's timeout: the read's own
     * deadline passes while most wait for a slot, and those are never sent (per-call timeouts alone
     * would send all forty, in five waves).
     */
    @Test
    void aSlowEndpointFailsTheReadAtItsTimeoutAndNoMoreCallsAreSent() {
        List<MetricSubject> subjects = IntStream.range(0, 40).mapToObj(i -> subject("vm-" + i, id("i-slow"))).toList();
        bridge.delay(Duration.ofMinutes(1));
        CloudWatchSource source = source(settings().withTimeout(Duration.ofMillis(800)));
        int before = bridge.calls("GetMetricStatistics");

        assertThatThrownBy(() -> source.read(query("CPUUtilization", Statistic.AVERAGE, subjects, false)))
                .isInstanceOf(MetricSourceException.class)
                .hasMessageContaining(REGION)
                .hasMessageContaining("Timeout");
        assertThat(bridge.calls("GetMetricStatistics") - before).as("calls sent").isLessThan(40);
    }

    // --- metric names ----------------------------------------------------------------------------

    @Test
    void metricsForListsTheNamespacesMetricNamesAcrossPagesAndCachesThem() throws Exception {
        String ns = "Specter/" + id("names");
        // 600 metrics (moto pages by 500) of one name, then two more names that only the second page holds
        for (int batch = 0; batch < 3; batch++) {
            List<MetricDatum> data = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                data.add(datum("Paged", "InstanceId", "i-" + batch + "-" + i, 100, i));
            }
            putter.putMetricData(p -> p.namespace(ns).metricData(data));
        }
        put(ns, "MemoryUsed", "InstanceId", "i-x", 100, 1.0);
        put(ns, "DiskFree", "InstanceId", "i-x", 100, 2.0);
        AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        CloudWatchSource source = track(new CloudWatchSource("cw", settings().withNamespace(ns), clock));
        int before = bridge.calls("ListMetrics");

        assertThat(source.metricsFor(7)).containsExactly("DiskFree", "MemoryUsed", "Paged");
        assertThat(bridge.calls("ListMetrics") - before).isEqualTo(2);

        // cached for a minute
        put(ns, "NetworkIn", "InstanceId", "i-x", 100, 3.0);
        now.set(now.get().plusSeconds(59));
        assertThat(source.metricsFor(8)).doesNotContain("NetworkIn");
        assertThat(bridge.calls("ListMetrics") - before).isEqualTo(2);
        now.set(now.get().plusSeconds(2));
        assertThat(source.metricsFor(7)).contains("NetworkIn", "Paged");

        // a failure answers empty, and so does the source for ten seconds without asking again
        now.set(now.get().plusSeconds(61));
        bridge.failNext(3, 500, "InternalFailure", "down");
        int beforeFailure = bridge.calls("ListMetrics");
        assertThat(source.metricsFor(7)).isEmpty();
        assertThat(bridge.calls("ListMetrics") - beforeFailure).isEqualTo(3);
        now.set(now.get().plusSeconds(9));
        assertThat(source.metricsFor(7)).isEmpty();
        assertThat(bridge.calls("ListMetrics") - beforeFailure).isEqualTo(3);
        now.set(now.get().plusSeconds(2));
        assertThat(source.metricsFor(7)).contains("NetworkIn", "Paged");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static synchronized String id(String prefix) {
        return prefix + "-" + (++unique) + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    private CloudWatchSettings settings() {
        return CloudWatchSettings.defaults(REGION, bridge.endpoint(), KEY, SECRET);
    }

    private CloudWatchSource source(CloudWatchSettings settings) {
        return track(new CloudWatchSource("cw", settings));
    }

    private CloudWatchSource track(CloudWatchSource source) {
        sources.add(source);
        return source;
    }

    private static MetricSubject subject(String instanceId, String iaasId) {
        return new MetricSubject(instanceId, "ec2-site", iaasId, null, null, null);
    }

    private static MetricQuery query(String metric, Statistic statistic, List<MetricSubject> subjects, boolean domain) {
        return query("d-1", metric, statistic, subjects, domain);
    }

    private static MetricQuery query(String domainId, String metric, Statistic statistic, List<MetricSubject> subjects,
                                     boolean domain) {
        return new MetricQuery(1, domainId, metric, statistic, WINDOW, to, subjects, domain, null);
    }

    private static List<Double> values(List<Sample> samples) {
        assertThat(samples).as("samples").isNotNull();
        return samples.stream().map(Sample::value).toList();
    }

    private static MetricDatum datum(String metric, String dimension, String value, int secondsAfterFrom, double v) {
        return MetricDatum.builder().metricName(metric)
                .dimensions(Dimension.builder().name(dimension).value(value).build())
                .timestamp(from.plusSeconds(secondsAfterFrom)).value(v).build();
    }

    private static void put(String metric, String dimension, String value, int secondsAfterFrom, double v) {
        put(CloudWatchSettings.DEFAULT_NAMESPACE, metric, dimension, value, secondsAfterFrom, v);
    }

    private static void put(String namespace, String metric, String dimension, String value, int secondsAfterFrom,
                            double v) {
        putter.putMetricData(p -> p.namespace(namespace).metricData(datum(metric, dimension, value, secondsAfterFrom, v)));
    }
}
