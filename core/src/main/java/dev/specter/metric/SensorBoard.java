package dev.specter.metric;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest readings of each domain's metrics, as its last evaluation saw them, for the
 * {@code sensor_data} of domains and instances. Memory only: readings are re-read every evaluation
 * period, so after a restart they reappear within one period.
 */
public final class SensorBoard {
    /** One domain's readings: per metric for the domain, and per instance id and metric. */
    public record Entry(Map<String, SensorReading> domain, Map<String, Map<String, SensorReading>> instances) {
        public static final Entry EMPTY = new Entry(Map.of(), Map.of());

        public Entry {
            domain = Map.copyOf(domain);
            instances = Map.copyOf(instances);
        }
    }

    private final Map<String, Entry> byDomain = new ConcurrentHashMap<>();

    public Entry of(String domainId) {
        return byDomain.getOrDefault(domainId, Entry.EMPTY);
    }

    public void put(String domainId, Entry entry) {
        byDomain.put(domainId, entry);
    }

    public void forget(String domainId) {
        byDomain.remove(domainId);
    }
}
