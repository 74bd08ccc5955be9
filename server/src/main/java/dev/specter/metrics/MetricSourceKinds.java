package dev.specter.metrics;

import dev.specter.config.ConfigException;
import dev.specter.config.ConfigLoader;
import dev.specter.metric.MetricSource;
import dev.specter.metrics.cloudwatch.CloudWatchSettings;
import dev.specter.metrics.cloudwatch.CloudWatchSource;
import dev.specter.metrics.prometheus.PrometheusSettings;
import dev.specter.metrics.prometheus.PrometheusSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Builds a configured metric source ({@code metrics.sources.<name>}) from its {@code kind} and settings. */
final class MetricSourceKinds {
    private static final Set<String> PROMETHEUS_KEYS = Set.of("kind", "url", "query", "domain_query", "timeout",
            "max_concurrent_queries");
    private static final Set<String> CLOUDWATCH_KEYS = Set.of("kind", "region", "endpoint", "namespace",
            "instance_dimension", "domain_dimension", "period", "timeout", "access_key_id", "secret_access_key");

    private MetricSourceKinds() {
    }

    static MetricSource create(String name, Map<String, String> settings) {
        String base = "metrics.sources." + name;
        String kind = settings.get("kind");
        try {
            return switch (kind) {
                case "prometheus" -> prometheus(name, settings, base);
                case "cloudwatch" -> cloudWatch(name, settings, base);
                default -> throw new ConfigException("config key '" + base + ".kind': unknown kind '" + kind
                        + "' (prometheus, cloudwatch)");
            };
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config key '" + base + "': " + e.getMessage());
        }
    }

    /** The HTTP query API at {@code url}; templates and limits default to {@link PrometheusSettings#defaults}. */
    private static MetricSource prometheus(String name, Map<String, String> s, String base) {
        known(s, PROMETHEUS_KEYS, base);
        PrometheusSettings d = PrometheusSettings.defaults(uri(required(s, "url", base), base + ".url"));
        Duration timeout = duration(s.get("timeout"), base + ".timeout");
        String concurrent = s.getOrDefault("max_concurrent_queries", Integer.toString(d.maxConcurrentQueries()));
        if (!concurrent.matches("[1-9][0-9]{0,2}")) {
            throw new ConfigException("config key '" + base + ".max_concurrent_queries' must be 1 to 999, got '"
                    + concurrent + "'");
        }
        return new PrometheusSource(name, new PrometheusSettings(d.url(), s.getOrDefault("query", d.instanceQuery()),
                s.getOrDefault("domain_query", d.domainQuery()), timeout == null ? d.timeout() : timeout,
                Integer.parseInt(concurrent)));
    }

    /** Region and endpoint as for the EC2 site it watches; keys here, or the SDK's chain when none are given. */
    private static MetricSource cloudWatch(String name, Map<String, String> s, String base) {
        known(s, CLOUDWATCH_KEYS, base);
        String key = s.get("access_key_id");
        String secret = s.get("secret_access_key");
        if ((key == null) != (secret == null)) {
            throw new ConfigException("config key '" + base + "': give both access_key_id and secret_access_key, "
                    + "or neither (the AWS SDK's default credentials)");
        }
        return new CloudWatchSource(name, new CloudWatchSettings(required(s, "region", base),
                uri(s.get("endpoint"), base + ".endpoint"), s.get("namespace"), s.get("instance_dimension"),
                s.get("domain_dimension"), duration(s.get("period"), base + ".period"),
                duration(s.get("timeout"), base + ".timeout"),
                key == null ? null : StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret))));
    }

    private static void known(Map<String, String> settings, Set<String> keys, String base) {
        Set<String> unknown = new HashSet<>(settings.keySet());
        unknown.removeAll(keys);
        if (!unknown.isEmpty()) {
            throw new ConfigException("config key '" + base + "." + unknown.iterator().next()
                    + "' is not a setting of this kind of source (known: " + keys + ")");
        }
    }

    private static String required(Map<String, String> s, String key, String base) {
        String v = s.get(key);
        if (v == null || v.isBlank()) {
            throw new ConfigException("config key '" + base + "." + key + "' is missing");
        }
        return v;
    }

    static URI uri(String text, String key) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            URI u = URI.create(text.trim());
            if (u.getScheme() == null || u.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config key '" + key + "' must be a URL like http://127.0.0.1:9090, got '"
                    + text + "'");
        }
    }

    static Duration duration(String text, String key) {
        return text == null || text.isBlank() ? null : ConfigLoader.parseDuration(text, key);
    }
}
