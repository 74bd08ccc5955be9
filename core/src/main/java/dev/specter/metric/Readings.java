package dev.specter.metric;

import java.util.List;
import java.util.Map;

/**
 * What a source answered: samples per instance id (instances without samples are absent) and for
 * the domain (empty when there are none or none were asked for), oldest first.
 */
public record Readings(Map<String, List<Sample>> instances, List<Sample> domain) {
    public static final Readings NONE = new Readings(Map.of(), List.of());

    public Readings {
        instances = Map.copyOf(instances);
        domain = List.copyOf(domain);
    }

    public boolean isEmpty() {
        return instances.isEmpty() && domain.isEmpty();
    }
}
