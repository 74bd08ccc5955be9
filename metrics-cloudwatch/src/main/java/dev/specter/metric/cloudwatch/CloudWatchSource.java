package dev.specter.metric.cloudwatch;

import dev.specter.metric.MetricNamesCache;
import dev.specter.metric.MetricQuery;
import dev.specter.metric.MetricSource;
import dev.specter.metric.MetricSourceException;
import dev.specter.metric.MetricSubject;
import dev.specter.metric.Readings;
import dev.specter.metric.Sample;
import dev.specter.metric.SourceCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsResponse;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.RecentlyActive;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Reads metrics from Amazon CloudWatch (or a CloudWatch-compatible endpoint) with
 * {@code GetMetricStatistics}: one call per instance that has a cloud id, keyed by the
 * {@link CloudWatchSettings#instanceDimension() instance dimension}, and one more keyed by the
 * {@link CloudWatchSettings#domainDimension() domain dimension} for domain-level queries. The calls of
 * a read run concurrently on virtual threads, at most {@value #MAX_CONCURRENT_CALLS} at a time per
 * source.
 *
 * <p>A read answers within the settings' timeout, retries included, or fails; any failure of any of
 * its calls fails the whole read with a {@link MetricSourceException} naming the region, the endpoint
 * and the AWS error code (or, for failures before CloudWatch answered, a code of this class's own:
 * {@code Timeout}, {@code NetworkError}, {@code ClientError}, {@code Interrupted}, {@code Closed},
 * {@code MalformedResponse}, {@code InvalidQuery}).
 *
 * <p>CloudWatch matches dimensions exactly: an instance's metric must be published with the instance
 * dimension alone, a domain's with the domain dimension alone. The query's {@code template} is not used.
 *
 * <p>Thread-safe. One SDK client (and HTTP connection pool) per source: {@link #close()} it.
 */
public final class CloudWatchSource implements MetricSource, AutoCloseable {
    /** Concurrent GetMetricStatistics calls of one source, and HTTP connections of its pool. */
    public static final int MAX_CONCURRENT_CALLS = 8;
    /** Attempts of one call: the first and two retries. */
    static final int MAX_ATTEMPTS = 3;
    /** How long {@link #metricsFor} answers from its cache. */
    static final Duration METRICS_CACHE_TTL = Duration.ofSeconds(60);
    /** After a failed listing, {@link #metricsFor} answers empty without asking again for this long. */
    static final Duration METRICS_FAILURE_TTL = Duration.ofSeconds(10);
    static final int MAX_METRIC_NAMES = 1000;
    /** ListMetrics pages (of up to 500 metrics) read at most for {@link #metricsFor}. */
    static final int MAX_LIST_PAGES = 20;
    /** CloudWatch answers at most 1,440 datapoints to one GetMetricStatistics call. */
    static final long MAX_DATAPOINTS = 1440;

    private static final Logger log = LoggerFactory.getLogger(CloudWatchSource.class);

    private final String name;
    private final CloudWatchSettings settings;
    private final InstantSource clock;
    private final CloudWatchClient client;
    private final SourceCalls calls;
    private final Duration attemptTimeout;
    private final MetricNamesCache names;
    private volatile boolean closed;

    public CloudWatchSource(String name, CloudWatchSettings settings) {
        this(name, settings, InstantSource.system());
    }

    CloudWatchSource(String name, CloudWatchSettings settings, InstantSource clock) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a metric source needs a name");
        }
        this.name = name;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.names = new MetricNamesCache(name, clock, METRICS_CACHE_TTL, METRICS_FAILURE_TTL);
        Duration timeout = settings.timeout();
        // a hung attempt leaves time for a second one within the call's (and the read's) timeout
        this.attemptTimeout = max(timeout.dividedBy(2), Duration.ofMillis(Math.min(timeout.toMillis(), 1000)));
        CloudWatchClientBuilder builder = CloudWatchClient.builder()
                .region(Region.of(settings.region()))
                .httpClientBuilder(Apache5HttpClient.builder()
                        .maxConnections(MAX_CONCURRENT_CALLS)
                        .connectionTimeout(attemptTimeout)
                        .socketTimeout(attemptTimeout)
                        .connectionAcquisitionTimeout(timeout))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(timeout)
                        .apiCallAttemptTimeout(attemptTimeout)
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(MAX_ATTEMPTS).build())
                        .build());
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        if (settings.accessKeyId() != null) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey())));
        }
        this.client = builder.build();
        this.calls = new SourceCalls(settings.where(), MAX_CONCURRENT_CALLS, "cloudwatch-" + name);
    }

    @Override
    public String name() {
        return name;
    }

    public CloudWatchSettings settings() {
        return settings;
    }

    @Override
    public Readings read(MetricQuery query) throws MetricSourceException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        try {
            return readUntil(query, deadline);
        } catch (MetricSourceException e) {
            throw e;
        } catch (RuntimeException e) {
            // nothing but MetricSourceException leaves a read
            throw new MetricSourceException(settings.where() + ": read failed: ClientError: " + e, e);
        }
    }

    private Readings readUntil(MetricQuery query, long deadline) throws MetricSourceException {
        if (closed) {
            throw new MetricSourceException(settings.where() + ": Closed: source '" + name + "' is closed");
        }
        validate(query);
        // Specter's instance id -> the cloud's; instances the cloud has not named yet have no metrics there
        Map<String, String> ids = new LinkedHashMap<>();
        for (MetricSubject s : query.instances()) {
            if (s != null && s.instanceId() != null && s.iaasId() != null && !s.iaasId().isBlank()) {
                ids.putIfAbsent(s.instanceId(), s.iaasId());
            }
        }
        boolean domain = query.domainLevel() && query.domainId() != null && !query.domainId().isBlank();
        if (ids.isEmpty() && !domain) {
            return Readings.NONE;
        }
        int period = periodSeconds(settings.period(), query.window());

        List<SourceCalls.Call<Result>> work = new ArrayList<>();
        for (Map.Entry<String, String> e : ids.entrySet()) {
            work.add(call(query, period, settings.instanceDimension(), e.getValue(), e.getKey(), deadline));
        }
        if (domain) {
            work.add(call(query, period, settings.domainDimension(), query.domainId(), null, deadline));
        }
        Map<String, List<Sample>> instances = new HashMap<>();
        List<Sample> domainSamples = List.of();
        for (Result r : calls.all(work, deadline, () -> new MetricSourceException(settings.where()
                + ": GetMetricStatistics of '" + query.metric() + "' failed: Timeout: no answer within "
                + settings.timeout() + " (" + MAX_CONCURRENT_CALLS + " calls at a time)"))) {
            if (r.samples().isEmpty()) {
                continue;
            }
            if (r.instanceId() == null) {
                domainSamples = r.samples();
            } else {
                instances.put(r.instanceId(), r.samples());
            }
        }
        return new Readings(instances, domainSamples);
    }

    private record Result(String instanceId, List<Sample> samples) {
    }

    private SourceCalls.Call<Result> call(MetricQuery query, int period, String dimension, String value,
                                          String instanceId, long deadline) {
        return () -> {
            String what = "GetMetricStatistics of '" + query.metric() + "' for " + dimension + "=" + value;
            try {
                Duration left = Duration.ofNanos(deadline - System.nanoTime());
                if (left.toMillis() < 1) {
                    throw new MetricSourceException(settings.where() + ": " + what + " failed: Timeout: not sent within "
                            + settings.timeout());
                }
                GetMetricStatisticsRequest request = GetMetricStatisticsRequest.builder()
                        .namespace(settings.namespace())
                        .metricName(query.metric())
                        .dimensions(Dimension.builder().name(dimension).value(value).build())
                        .startTime(query.from())
                        .endTime(query.to())
                        .period(period)
                        .statistics(statistic(query))
                        // a call sent late still ends by the read's deadline
                        .overrideConfiguration(o -> o.apiCallTimeout(left)
                                .apiCallAttemptTimeout(min(attemptTimeout, left)))
                        .build();
                GetMetricStatisticsResponse response = client.getMetricStatistics(request);
                return new Result(instanceId, samples(response, query, what));
            } catch (RuntimeException e) {
                throw failure(what, e);
            }
        };
    }

    private List<Sample> samples(GetMetricStatisticsResponse response, MetricQuery query, String what)
            throws MetricSourceException {
        if (!response.hasDatapoints() || response.datapoints().isEmpty()) {
            return List.of();
        }
        List<Sample> samples = new ArrayList<>(response.datapoints().size());
        for (Datapoint d : response.datapoints()) {
            Double value = switch (query.statistic()) {
                case AVERAGE -> d.average();
                case MAXIMUM -> d.maximum();
                case MINIMUM -> d.minimum();
            };
            if (d.timestamp() == null || value == null) {
                throw new MetricSourceException(settings.where() + ": " + what + " failed: MalformedResponse: a datapoint "
                        + "without " + (d.timestamp() == null ? "a timestamp" : "its " + query.statistic().label()));
            }
            samples.add(new Sample(d.timestamp(), value));
        }
        samples.sort(Comparator.comparing(Sample::time));
        return List.copyOf(samples);
    }

    private void validate(MetricQuery query) throws MetricSourceException {
        String problem = null;
        if (query == null) {
            problem = "no query";
        } else if (query.metric() == null || query.metric().isBlank()) {
            problem = "no metric name";
        } else if (query.statistic() == null) {
            problem = "no statistic";
        } else if (query.to() == null || query.window() == null) {
            problem = "no window";
        } else if (query.window().isNegative() || query.window().isZero()) {
            problem = "the window must be positive, got " + query.window();
        }
        if (problem != null) {
            throw new MetricSourceException(settings.where() + ": InvalidQuery: " + problem);
        }
    }

    private static software.amazon.awssdk.services.cloudwatch.model.Statistic statistic(MetricQuery query) {
        return switch (query.statistic()) {
            case AVERAGE -> software.amazon.awssdk.services.cloudwatch.model.Statistic.AVERAGE;
            case MAXIMUM -> software.amazon.awssdk.services.cloudwatch.model.Statistic.MAXIMUM;
            case MINIMUM -> software.amazon.awssdk.services.cloudwatch.model.Statistic.MINIMUM;
        };
    }

    /**
     * The period asked for: the configured one, but no longer than the window, in whole minutes (at least
     * one), and long enough that the window holds at most {@value #MAX_DATAPOINTS} periods.
     */
    static int periodSeconds(Duration configured, Duration window) {
        long seconds = Math.min(configured.toSeconds(), window.toSeconds());
        seconds = Math.max(60, seconds / 60 * 60);
        long fewest = (window.toSeconds() + MAX_DATAPOINTS - 1) / MAX_DATAPOINTS;
        fewest = (fewest + 59) / 60 * 60;
        return (int) Math.min(Integer.MAX_VALUE / 60 * 60, Math.max(seconds, fewest));
    }

    /**
     * The metric names in the namespace that had data in the last three hours (at most
     * {@value #MAX_METRIC_NAMES}, sorted), cached for a minute; empty when CloudWatch cannot be asked
     * (and for ten seconds after that, without asking).
     * The owner does not matter: one source reads one account.
     */
    @Override
    public Set<String> metricsFor(long owner) {
        if (closed) {
            return Set.of();
        }
        return names.get(this::listMetricNames);
    }

    private SortedSet<String> listMetricNames() throws MetricSourceException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        String what = "ListMetrics of " + settings.namespace();
        TreeSet<String> names = new TreeSet<>();
        String token = null;
        try {
            for (int page = 0; page < MAX_LIST_PAGES && names.size() < MAX_METRIC_NAMES; page++) {
                Duration left = Duration.ofNanos(deadline - System.nanoTime());
                if (left.toMillis() < 1) {
                    if (page > 0) {
                        break; // what the pages so far named
                    }
                    throw new MetricSourceException(settings.where() + ": " + what + " failed: Timeout");
                }
                String next = token;
                ListMetricsResponse response = client.listMetrics(ListMetricsRequest.builder()
                        .namespace(settings.namespace())
                        .recentlyActive(RecentlyActive.PT3_H)
                        .nextToken(next)
                        .overrideConfiguration(o -> o.apiCallTimeout(left)
                                .apiCallAttemptTimeout(min(attemptTimeout, left)))
                        .build());
                for (Iterator<Metric> it = response.metrics().iterator(); it.hasNext() && names.size() < MAX_METRIC_NAMES; ) {
                    String n = it.next().metricName();
                    if (n != null && !n.isBlank()) {
                        names.add(n);
                    }
                }
                token = response.nextToken();
                if (token == null || token.isEmpty()) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            throw failure(what, e);
        }
        return Collections.unmodifiableSortedSet(names);
    }

    /** A failure of {@code what}, with where it went and the AWS error code (or one of this class's own). */
    private MetricSourceException failure(String what, RuntimeException e) {
        String reason;
        if (e instanceof AwsServiceException ase) {
            AwsErrorDetails details = ase.awsErrorDetails();
            String code = details == null ? null : details.errorCode();
            String text = details != null && details.errorMessage() != null ? details.errorMessage() : ase.getMessage();
            reason = (code == null || code.isBlank() ? "" : code + " ") + "(HTTP " + ase.statusCode() + "): " + text;
        } else if (e instanceof SdkServiceException se) {
            reason = "(HTTP " + se.statusCode() + "): " + se.getMessage();
        } else if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            reason = "Timeout: " + e.getMessage();
        } else if (e instanceof AbortedException) {
            reason = (Thread.currentThread().isInterrupted() ? "Interrupted: " : "ClientError: ") + e.getMessage();
        } else if (e instanceof SdkClientException) {
            reason = (hasCause(e, IOException.class) ? "NetworkError: " : "ClientError: ") + rootMessage(e);
        } else if (e instanceof IllegalStateException && closed) {
            reason = "Closed: source '" + name + "' is closed";
        } else {
            reason = "ClientError: " + rootMessage(e);
        }
        log.debug("metric source '{}': {} failed", name, what, e);
        return new MetricSourceException(settings.where() + ": " + what + " failed: " + reason, e);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Ends reads in progress and releases the HTTP connections; later reads fail, {@code metricsFor} is empty. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        client.close();
    }

    @Override
    public String toString() {
        return "CloudWatchSource[" + name + ", " + settings.where() + ", " + settings.namespace() + "]";
    }
}
