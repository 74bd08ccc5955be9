package dev.specter.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The readings of a domain's metric for one evaluation, already reduced by the domain's statistic
 * over its sample window.
 *
 * @param instances the value per healthy instance that has readings (a 0 is a value)
 * @param domain    the value for the domain as a whole, or null when there is none
 * @param missing   healthy instances without readings: left out of the average, not counted as 0
 * @param failure   why the source could not be read, or null
 */
public record MetricObservation(String metric, Map<String, Double> instances, Double domain, List<String> missing,
                                String failure) {
    public MetricObservation {
        instances = Map.copyOf(instances);
        missing = List.copyOf(missing);
    }

    /** The values present: every instance's, and the domain's. */
    public List<Double> values() {
        List<Double> all = new ArrayList<>(instances.values());
        if (domain != null) {
            all.add(domain);
        }
        return all;
    }

    public boolean empty() {
        return values().isEmpty();
    }

    public double average() {
        return values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** "3 of 4 instances" and the domain, as a decision explains itself. */
    public String coverage() {
        int total = instances.size() + missing.size();
        String of = instances.size() + " of " + total + " instance" + (total == 1 ? "" : "s");
        return domain != null ? (instances.isEmpty() && total == 0 ? "the domain" : of + " and the domain") : of;
    }
}
