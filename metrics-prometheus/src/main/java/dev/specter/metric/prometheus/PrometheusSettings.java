package dev.specter.metric.prometheus;

import dev.specter.settings.ConfigException;
import dev.specter.settings.Require;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Where a {@link PrometheusSource} reads and how: a metric source's settings in the configuration,
 * one key per component in snake_case; null fields with a default take it.
 *
 * @param url                  the Prometheus server's base URL (its API is under {@code {url}/api/v1/}); a
 *                             trailing slash is dropped
 * @param query                the PromQL template of an instance's query, used when the domain has none
 * @param domainQuery          the PromQL template of the domain's query, used when the domain has none
 * @param timeout              how long a whole {@link PrometheusSource#read read} may take
 * @param maxConcurrentQueries how many queries the source sends to Prometheus at once, over all reads
 * @see PrometheusTemplate for the placeholders a template may use
 */
public record PrometheusSettings(URI url, String query, String domainQuery, Duration timeout,
                                 Integer maxConcurrentQueries) {
    /** An instance's series: those whose {@code instance} label is its private address, with or without a port. */
    public static final String DEFAULT_INSTANCE_QUERY =
            "{fn}_over_time({metric}{instance=~\"{private_ip}(:[0-9]+)?\"}[{window}])";
    /** The domain's series: those labelled {@code specter_domain} with its id. */
    public static final String DEFAULT_DOMAIN_QUERY = "{fn}_over_time({metric}{specter_domain=\"{domain_id}\"}[{window}])";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_CONCURRENT_QUERIES = 8;

    public PrometheusSettings {
        Require.present("url", url);
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new ConfigException("url", "must be an http(s) URL with a host like http://127.0.0.1:9090, got '"
                    + url + "'");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new ConfigException("url", "must have no query or fragment, got '" + url + "'");
        }
        String text = url.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        url = URI.create(text);
        query = query == null ? DEFAULT_INSTANCE_QUERY : query;
        domainQuery = domainQuery == null ? DEFAULT_DOMAIN_QUERY : domainQuery;
        timeout = Require.positive("timeout", timeout == null ? DEFAULT_TIMEOUT : timeout);
        maxConcurrentQueries = Require.between("max_concurrent_queries",
                maxConcurrentQueries == null ? DEFAULT_MAX_CONCURRENT_QUERIES : maxConcurrentQueries, 1, 999);
    }

    public static PrometheusSettings defaults(URI url) {
        return new PrometheusSettings(url, null, null, null, null);
    }

    public PrometheusSettings withTimeout(Duration timeout) {
        return new PrometheusSettings(url, query, domainQuery, timeout, maxConcurrentQueries);
    }

    public PrometheusSettings withMaxConcurrentQueries(int maxConcurrentQueries) {
        return new PrometheusSettings(url, query, domainQuery, timeout, maxConcurrentQueries);
    }
}
