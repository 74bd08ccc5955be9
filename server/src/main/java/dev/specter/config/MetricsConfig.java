package dev.specter.config;

import java.time.Duration;
import java.util.Map;

/**
 * Metric settings: how long pushed readings are kept, and the named sources beyond the built-in
 * {@code push} and {@code sim}.
 *
 * @param sources per source name, its settings; {@code kind} says which source it is
 */
public record MetricsConfig(Duration retention, Map<String, Map<String, String>> sources) {
    public MetricsConfig {
        sources = Map.copyOf(sources);
    }
}
