package dev.specter.metrics.prometheus;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a {@link PrometheusSource} reads and how.
 *
 * @param url                  the Prometheus server's base URL (its API is under {@code {url}/api/v1/}); a
 *                             trailing slash is dropped
 * @param instanceQuery        the PromQL template of an instance's query, used when the domain has none
 * @param domainQuery          the PromQL template of the domain's query, used when the domain has none
 * @param timeout              how long a whole {@link PrometheusSource#read read} may take
 * @param maxConcurrentQueries how many queries the source sends to Prometheus at once, over all reads
 * @see PrometheusTemplate for the placeholders a template may use
 */
public record PrometheusSettings(URI url, String instanceQuery, String domainQuery, Duration timeout,
                                 int maxConcurrentQueries) {
    /** An instance's series: those whose {@code instance} label is its private address, with or without a port. */
    public static final String DEFAULT_INSTANCE_QUERY =
            "{fn}_over_time({metric}{instance=~\"{private_ip}(:[0-9]+)?\"}[{window}])";
    /** The domain's series: those labelled {@code specter_domain} with its id. */
    public static final String DEFAULT_DOMAIN_QUERY = "{fn}_over_time({metric}{specter_domain=\"{domain_id}\"}[{window}])";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_CONCURRENT_QUERIES = 8;

    public PrometheusSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(instanceQuery, "instanceQuery");
        Objects.requireNonNull(domainQuery, "domainQuery");
        Objects.requireNonNull(timeout, "timeout");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("the Prometheus URL must be an http(s) URL with a host, got " + url);
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("the Prometheus URL must have no query or fragment, got " + url);
        }
        String text = url.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        url = URI.create(text);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the Prometheus timeout must be positive, got " + timeout);
        }
        if (maxConcurrentQueries < 1) {
            throw new IllegalArgumentException("maxConcurrentQueries must be at least 1, got " + maxConcurrentQueries);
        }
    }

    public static PrometheusSettings defaults(URI url) {
        return new PrometheusSettings(url, DEFAULT_INSTANCE_QUERY, DEFAULT_DOMAIN_QUERY, DEFAULT_TIMEOUT,
                DEFAULT_MAX_CONCURRENT_QUERIES);
    }

    public PrometheusSettings withTimeout(Duration timeout) {
        return new PrometheusSettings(url, instanceQuery, domainQuery, timeout, maxConcurrentQueries);
    }

    public PrometheusSettings withMaxConcurrentQueries(int maxConcurrentQueries) {
        return new PrometheusSettings(url, instanceQuery, domainQuery, timeout, maxConcurrentQueries);
    }
}
