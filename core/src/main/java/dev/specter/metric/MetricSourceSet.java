package dev.specter.metric;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A fixed set of sources by name, and each site's default among them. */
public final class MetricSourceSet implements MetricSourceCatalog, AutoCloseable {
    private final Map<String, MetricSource> byName;
    private final Map<String, MetricSource> bySite;

    /** @param bySite each site's default source; every one must also be in {@code byName} */
    public MetricSourceSet(Map<String, MetricSource> byName, Map<String, MetricSource> bySite) {
        if (!byName.containsKey(PUSH)) {
            throw new IllegalArgumentException("the push source is always present");
        }
        this.byName = new LinkedHashMap<>(byName);
        this.bySite = Map.copyOf(bySite);
    }

    @Override
    public Optional<MetricSource> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public Optional<MetricSource> defaultFor(String site) {
        return Optional.ofNullable(bySite.get(site));
    }

    @Override
    public Set<String> names() {
        return byName.keySet();
    }

    /** Closes the sources that hold clients or connections. */
    @Override
    public void close() {
        for (MetricSource s : byName.values()) {
            if (s instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing a client on the way out; nothing to recover
                }
            }
        }
    }
}
