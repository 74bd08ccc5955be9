package dev.specter.metrics;

import dev.specter.config.ConfigException;
import dev.specter.metric.MetricSource;

import java.util.Map;

/** Builds a configured metric source from its {@code kind} and settings. */
final class MetricSourceKinds {
    private MetricSourceKinds() {
    }

    static MetricSource create(String name, Map<String, String> settings) {
        String kind = settings.get("kind");
        String base = "metrics.sources." + name;
        throw new ConfigException("config key '" + base + ".kind': unknown kind '" + kind
                + "' (prometheus, cloudwatch)");
    }
}
