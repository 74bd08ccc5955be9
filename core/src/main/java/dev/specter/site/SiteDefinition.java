package dev.specter.site;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cloud endpoint the operator configured: its driver kind and the driver's own settings.
 *
 * @param credentialsRequired false for sites (like the embedded simulator) where users may launch
 *                            without registering credentials first
 * @param metricSource        the metric source this site's instances are read from by default, or null
 */
public record SiteDefinition(String name, String driver, boolean credentialsRequired,
                             List<String> instanceTypes, Map<String, String> settings, String metricSource) {
    public SiteDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(driver, "driver");
        instanceTypes = List.copyOf(instanceTypes);
        settings = Map.copyOf(settings);
    }

    /** A site without a default metric source. */
    public SiteDefinition(String name, String driver, boolean credentialsRequired, List<String> instanceTypes,
                          Map<String, String> settings) {
        this(name, driver, credentialsRequired, instanceTypes, settings, null);
    }

    public SiteDefinition withSettings(Map<String, String> newSettings) {
        return new SiteDefinition(name, driver, credentialsRequired, instanceTypes, newSettings, metricSource);
    }
}
