package dev.specter.config;

import dev.specter.cloud.sim.SimMetricSource;
import dev.specter.metric.MetricSourceCatalog;
import dev.specter.settings.ConfigException;
import dev.specter.settings.Require;

import java.time.Duration;
import java.util.Map;

/**
 * Metric settings: how long pushed readings are kept, and the named sources beyond the built-in
 * {@code push} and {@code sim}.
 *
 * @param sources per source name, its settings; {@code kind} says which source it is
 */
public record MetricsConfig(Duration retention, Map<String, Map<String, String>> sources) {
    /** A source's name is free but for the built-in ones; what its kind needs is checked when it is built. */
    public MetricsConfig {
        Require.present("retention", retention);
        sources = sources == null ? Map.of() : Map.copyOf(sources);
        sources.forEach((name, settings) -> {
            String key = "sources." + name;
            ConfigNames.check(key, name, "a source name");
            if (name.equals(MetricSourceCatalog.PUSH) || name.equals(SimMetricSource.NAME)) {
                throw new ConfigException(key, "is built in: choose another name");
            }
            Require.present(key + ".kind", settings.get("kind"));
        });
    }
}
