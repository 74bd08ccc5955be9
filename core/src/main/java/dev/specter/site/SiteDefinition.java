package dev.specter.site;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cloud endpoint the operator configured: its driver kind and the driver's own settings.
 *
 * @param credentialsRequired false for sites (like the embedded simulator) where users may launch
 *                            without registering credentials first
 */
public record SiteDefinition(String name, String driver, boolean credentialsRequired,
                             List<String> instanceTypes, Map<String, String> settings) {
    public SiteDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(driver, "driver");
        instanceTypes = List.copyOf(instanceTypes);
        settings = Map.copyOf(settings);
    }

    public String setting(String key, String fallback) {
        return settings.getOrDefault(key, fallback);
    }
}
