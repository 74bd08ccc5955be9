package dev.specter.metric.prometheus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.specter.metric.MetricNamesCache;
import dev.specter.metric.MetricQuery;
import dev.specter.metric.MetricSource;
import dev.specter.metric.MetricSourceException;
import dev.specter.metric.MetricSubject;
import dev.specter.metric.Readings;
import dev.specter.metric.Sample;
import dev.specter.metric.SourceCalls;
import dev.specter.metric.Statistic;
import dev.specter.metric.prometheus.PrometheusTemplate.Placeholder;
import dev.specter.metric.prometheus.PrometheusTemplate.Rendered;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads metrics from a Prometheus server through its HTTP query API: one instant query per instance
 * (and one for the domain when asked), evaluated at the query's {@code to}, each a
 * {@link PrometheusTemplate template} whose {@code {fn}_over_time} does the window's statistic at the
 * source. The queries run concurrently on virtual threads, at most
 * {@link PrometheusSettings#maxConcurrentQueries()} at once over the whole source, and a read as a
 * whole answers within {@link PrometheusSettings#timeout()}: if any query fails or is late, the read
 * fails with a {@link MetricSourceException} naming the server, never with a partial answer.
 *
 * <p>Instances whose query needs a field they lack (no private address yet), and series whose
 * value is NaN or infinite, give no reading. Several series for one subject are reduced with the
 * query's statistic.
 */
public final class PrometheusSource implements MetricSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusSource.class);

    /** The largest answer read; Prometheus answers an instant query in a few hundred bytes per series. */
    static final int MAX_BODY_BYTES = 1 << 20;
    static final Duration NAMES_TTL = Duration.ofSeconds(60);
    /** After a failed listing, {@link #metricsFor} answers empty without asking again for this long. */
    static final Duration NAMES_FAILURE_TTL = Duration.ofSeconds(10);
    static final int MAX_NAMES = 1000;

    private static final Pattern FINITE = Pattern.compile("[-+]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?");
    private static final Set<String> NOT_FINITE = Set.of("NaN", "+Inf", "-Inf", "Inf");
    /**
     * Answers are read strictly (no duplicate keys, nothing after the value, bounded nesting, numbers
     * and strings), and numbers as decimals: a sample's time is decimal seconds, exact to the
     * millisecond only if it is never a double.
     */
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(64)
                            .maxStringLength(2 << 20).build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final String name;
    private final PrometheusSettings settings;
    private final String where;
    private final HttpClient client;
    private final SourceCalls calls;
    private final PrometheusTemplate instanceTemplate;
    private final PrometheusTemplate domainTemplate;
    private final MetricNamesCache names;

    /** One query of a read: for instance {@code instanceId}, or for the domain when that is null. */
    private record Job(String instanceId, String promql) {
    }

    private record Answer(String instanceId, Optional<Sample> sample) {
    }

    public PrometheusSource(String name, PrometheusSettings settings) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.where = "Prometheus at " + settings.url();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.calls = new SourceCalls(where, settings.maxConcurrentQueries(), "prometheus-" + name);
        this.instanceTemplate = PrometheusTemplate.compile(settings.query());
        this.names = new MetricNamesCache(name, InstantSource.system(), NAMES_TTL, NAMES_FAILURE_TTL);
        this.domainTemplate = PrometheusTemplate.compile(settings.domainQuery());
    }

    @Override
    public String name() {
        return name;
    }

    public PrometheusSettings settings() {
        return settings;
    }

    @Override
    public Readings read(MetricQuery query) throws MetricSourceException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        try {
            List<Job> jobs = jobs(query);
            if (jobs.isEmpty()) {
                return Readings.NONE;
            }
            String time = epochSeconds(query.to());
            List<SourceCalls.Call<Answer>> tasks = new ArrayList<>(jobs.size());
            for (Job job : jobs) {
                URI uri = URI.create(settings.url() + "/api/v1/query?query="
                        + URLEncoder.encode(job.promql(), StandardCharsets.UTF_8) + "&time=" + time);
                tasks.add(() -> new Answer(job.instanceId(), parse(fetch(uri, deadline, job.promql()), job.promql(),
                        query.statistic())));
            }
            Map<String, List<Sample>> instances = new HashMap<>();
            List<Sample> domain = List.of();
            for (Answer a : calls.all(tasks, deadline, this::late)) {
                if (a.sample().isEmpty()) {
                    continue;
                }
                if (a.instanceId() == null) {
                    domain = List.of(a.sample().get());
                } else {
                    instances.put(a.instanceId(), List.of(a.sample().get()));
                }
            }
            return new Readings(instances, domain);
        } catch (MetricSourceException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MetricSourceException(where + ": cannot read " + describe(query) + ": " + e, e);
        }
    }

    private static String describe(MetricQuery query) {
        return query == null ? "a null query" : "'" + query.metric() + "' of domain " + query.domainId();
    }

    /** The queries a read sends; subjects whose query cannot be written are left out. */
    private List<Job> jobs(MetricQuery query) throws MetricSourceException {
        if (query == null || query.metric() == null || query.statistic() == null || query.window() == null
                || query.to() == null) {
            throw new MetricSourceException(where + ": incomplete query " + query);
        }
        if (query.window().compareTo(Duration.ofMillis(1)) < 0) {
            throw new MetricSourceException(where + ": the window of " + describe(query)
                    + " must be at least 1 ms, got " + query.window());
        }
        PrometheusTemplate forInstances = query.template() != null ? PrometheusTemplate.compile(query.template())
                : instanceTemplate;
        PrometheusTemplate forDomain = query.template() != null ? forInstances : domainTemplate;
        String window = PrometheusTemplate.duration(query.window());
        String fn = PrometheusTemplate.fn(query.statistic());
        Function<Placeholder, String> common = p -> switch (p) {
            case METRIC -> query.metric();
            case WINDOW -> window;
            case FN -> fn;
            case DOMAIN_ID -> query.domainId();
            default -> null;
        };
        // what every query of the read has must be writable, or no query of it is
        for (PrometheusTemplate t : query.domainLevel() ? List.of(forInstances, forDomain) : List.of(forInstances)) {
            Rendered probe = t.render(p -> p.perInstance ? "x" : common.apply(p));
            if (probe.query() == null) {
                throw new MetricSourceException(where + ": cannot query " + describe(query) + " with template '"
                        + t.source() + "': " + probe.problem());
            }
        }
        List<Job> jobs = new ArrayList<>();
        for (MetricSubject s : query.instances()) {
            Rendered r = forInstances.render(p -> switch (p) {
                case INSTANCE_ID -> s.instanceId();
                case IAAS_ID -> s.iaasId();
                case HOSTNAME -> s.hostname();
                case PUBLIC_IP -> s.publicIp();
                case PRIVATE_IP -> s.privateIp();
                case SITE -> s.site();
                default -> common.apply(p);
            });
            if (r.query() == null) {
                LOG.debug("{}: no query for instance {} of domain {}: {}", name, s.instanceId(), query.domainId(),
                        r.problem());
            } else if (s.instanceId() != null) {
                jobs.add(new Job(s.instanceId(), r.query()));
            }
        }
        if (query.domainLevel()) {
            Rendered r = forDomain.render(common);
            if (r.query() == null) {
                LOG.debug("{}: no domain query for domain {} (template '{}'): {}", name, query.domainId(),
                        forDomain.source(), r.problem());
            } else {
                jobs.add(new Job(null, r.query()));
            }
        }
        return jobs;
    }

    private MetricSourceException late() {
        return new MetricSourceException(where + " did not answer within " + human(settings.timeout()));
    }

    /** The body of a GET, at most {@link #MAX_BODY_BYTES}; failures as the source's exceptions. */
    private byte[] fetch(URI uri, long deadline, String promql) throws MetricSourceException {
        HttpResponse<InputStream> response = send(uri, deadline);
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw failure(e);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new MetricSourceException(where + " answered more than " + (MAX_BODY_BYTES >> 20)
                    + " MiB to '" + promql + "'");
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            String error = errorOf(body);
            throw new MetricSourceException(where + " answered HTTP " + status + " to '" + promql + "'"
                    + (error != null ? ": " + error : body.length > 0 ? ": " + snippet(body) : ""));
        }
        return body;
    }

    private HttpResponse<InputStream> send(URI uri, long deadline) throws MetricSourceException {
        try {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw late();
            }
            HttpRequest request = HttpRequest.newBuilder(uri).GET()
                    .timeout(Duration.ofNanos(remaining))
                    .header("Accept", "application/json")
                    .build();
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetricSourceException(where + ": interrupted", e);
        }
    }

    private MetricSourceException failure(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return late();
        }
        if (e instanceof ConnectException) {
            return new MetricSourceException("cannot connect to " + where + ": "
                    + (e.getMessage() != null ? e.getMessage() : "connection refused"), e);
        }
        return new MetricSourceException(where + ": " + e, e);
    }

    /** The sample of a query's answer; empty when it has no finite value. */
    private Optional<Sample> parse(byte[] body, String promql, Statistic statistic) throws MetricSourceException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new MetricSourceException(where + " answered something that is not JSON to '" + promql + "': "
                    + snippet(body), e);
        }
        if (root == null || !root.isObject()) {
            throw malformed(promql, "not a JSON object");
        }
        String status = root.path("status").asText("");
        if (status.equals("error")) {
            throw new MetricSourceException(where + " rejected '" + promql + "': " + errorOf(root));
        }
        if (!status.equals("success")) {
            throw malformed(promql, "status '" + status + "'");
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asText("");
        JsonNode result = data.path("result");
        List<JsonNode> points = new ArrayList<>();
        switch (type) {
            case "vector" -> {
                if (!result.isArray()) {
                    throw malformed(promql, "a vector without a result array");
                }
                for (JsonNode series : result) {
                    points.add(series.path("value"));
                }
            }
            case "scalar" -> points.add(result);
            default -> throw new MetricSourceException(where + ": '" + promql + "' yields a "
                    + (type.isEmpty() ? "result of no type" : type) + ", not an instant vector or a scalar");
        }
        List<Double> values = new ArrayList<>();
        Instant time = null;
        for (JsonNode point : points) {
            if (!point.isArray() || point.size() != 2 || !point.get(0).isNumber() || !point.get(1).isTextual()) {
                throw malformed(promql, "a value that is not [time, \"number\"]: " + point);
            }
            String text = point.get(1).asText();
            if (NOT_FINITE.contains(text)) {
                continue;
            }
            if (!FINITE.matcher(text).matches()) {
                throw malformed(promql, "the value '" + text + "'");
            }
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value)) {
                continue;
            }
            Instant t = instant(point.get(0).decimalValue(), promql);
            values.add(value);
            time = time == null || t.isAfter(time) ? t : time;
        }
        if (values.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Sample(time, statistic.of(values)));
    }

    private Instant instant(BigDecimal seconds, String promql) throws MetricSourceException {
        try {
            BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
            long nanos = seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
            return Instant.ofEpochSecond(whole.longValueExact(), nanos);
        } catch (ArithmeticException | java.time.DateTimeException e) {
            throw malformed(promql, "the time " + seconds);
        }
    }

    private MetricSourceException malformed(String promql, String what) {
        return new MetricSourceException(where + " answered '" + promql + "' with " + what);
    }

    /** {@code errorType: error} of a Prometheus error answer, or null when the body is not one. */
    private static String errorOf(byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            return root != null && root.has("error") ? errorOf(root) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String errorOf(JsonNode root) {
        String type = root.path("errorType").asText("");
        String error = root.path("error").asText("no error text");
        return type.isEmpty() ? error : type + ": " + error;
    }

    private static String snippet(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8)
                .replaceAll("\\p{Cntrl}", " ").strip();
        return text.isEmpty() ? "(empty)" : body.length > 200 ? text + "..." : text;
    }

    static String epochSeconds(Instant t) {
        return BigDecimal.valueOf(t.getEpochSecond()).add(BigDecimal.valueOf(t.getNano(), 9))
                .stripTrailingZeros().toPlainString();
    }

    private static String human(Duration d) {
        return d.toNanosPart() == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /**
     * The metric names Prometheus has ({@code __name__} values), the same for every owner: at most
     * {@value #MAX_NAMES}, fetched at most once a minute; empty when Prometheus cannot be asked (and for
     * ten seconds after that, without asking).
     */
    @Override
    public Set<String> metricsFor(long owner) {
        return names.get(() -> {
            long deadline = System.nanoTime() + settings.timeout().toNanos();
            URI uri = URI.create(settings.url() + "/api/v1/label/__name__/values");
            return calls.all(List.<SourceCalls.Call<Set<String>>>of(() -> fetchNames(uri, deadline)), deadline,
                    this::late).getFirst();
        });
    }

    /** Reads the names as they stream in and stops at {@link #MAX_NAMES}, however many Prometheus has. */
    private Set<String> fetchNames(URI uri, long deadline) throws MetricSourceException {
        HttpResponse<InputStream> response = send(uri, deadline);
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            try (InputStream in = response.body()) {
                in.readNBytes(4096);
            } catch (IOException ignored) {
                // the status says enough
            }
            throw new MetricSourceException(where + " answered HTTP " + response.statusCode() + " to " + uri);
        }
        Set<String> found = new TreeSet<>();
        try (InputStream in = response.body(); JsonParser p = JSON.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MetricSourceException(where + " answered " + uri + " with something not a JSON object");
            }
            String status = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                if (field.equals("status")) {
                    status = p.getValueAsString();
                    if (!"success".equals(status)) {
                        throw new MetricSourceException(where + " answered " + uri + " with status " + status);
                    }
                } else if (field.equals("data") && token == JsonToken.START_ARRAY) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (p.currentToken() == JsonToken.VALUE_STRING) {
                            found.add(p.getText());
                            if (found.size() >= MAX_NAMES) {
                                return Collections.unmodifiableSet(found);
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (!"success".equals(status)) {
                throw new MetricSourceException(where + " answered " + uri + " without a status");
            }
            return Collections.unmodifiableSet(found);
        } catch (IOException e) {
            throw new MetricSourceException(where + " answered " + uri + " with something not JSON: " + e.getMessage(), e);
        }
    }

    /** Drops the HTTP client's connections; reads after this fail. */
    @Override
    public void close() {
        client.shutdownNow();
    }

    @Override
    public String toString() {
        return "PrometheusSource[" + name + " at " + settings.url() + "]";
    }
}
