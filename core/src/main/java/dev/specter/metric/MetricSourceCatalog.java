package dev.specter.metric;

import java.util.Optional;
import java.util.Set;

/** The configured metric sources: by name, and each site's default. */
public interface MetricSourceCatalog {
    /** The name of the source that serves {@code POST /sensors/data}; always present. */
    String PUSH = "push";

    Optional<MetricSource> named(String name);

    /** The source a site's instances are read from when the domain names none. */
    Optional<MetricSource> defaultFor(String site);

    Set<String> names();
}
