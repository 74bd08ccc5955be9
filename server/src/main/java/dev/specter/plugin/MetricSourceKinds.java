package dev.specter.plugin;

import dev.specter.config.ConfigBinder;
import dev.specter.metric.MetricSource;
import dev.specter.metric.cloudwatch.CloudWatchSettings;
import dev.specter.metric.cloudwatch.CloudWatchSource;
import dev.specter.metric.prometheus.PrometheusSettings;
import dev.specter.metric.prometheus.PrometheusSource;
import dev.specter.settings.ConfigException;
import dev.specter.settings.Require;

import java.util.HashMap;
import java.util.Map;

/**
 * Builds a configured metric source ({@code metrics.sources.<name>}) from its {@code kind}: the rest
 * of its settings are bound into that kind's settings record.
 */
final class MetricSourceKinds {
    private MetricSourceKinds() {
    }

    /** @throws ConfigException naming the key of a bad setting */
    static MetricSource create(String name, Map<String, String> settings) {
        String key = "metrics.sources." + name;
        Map<String, String> own = new HashMap<>(settings);
        String kind = Require.present(key + ".kind", own.remove("kind"));
        return switch (kind) {
            case "prometheus" -> new PrometheusSource(name, ConfigBinder.bind(key, own, PrometheusSettings.class));
            case "cloudwatch" -> new CloudWatchSource(name, ConfigBinder.bind(key, own, CloudWatchSettings.class));
            default -> throw new ConfigException(key + ".kind", "must be prometheus or cloudwatch, got '" + kind + "'");
        };
    }
}
