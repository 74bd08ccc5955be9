package dev.specter.domain;

import dev.specter.validation.InvalidInputException;
import dev.specter.validation.Limits;
import dev.specter.validation.Names;

/** Semantic checks of a domain definition, after its JSON has been read into typed values. */
public final class DomainRules {
    private final Limits limits;

    public DomainRules(Limits limits) {
        this.limits = limits;
    }

    public void check(DomainDefinition d) {
        Names.check("name", d.name(), limits);
        if (d.lcName() == null) {
            throw InvalidInputException.missing("lc_name");
        }
        if (d.lcName().length() > limits.maxNameLength()) {
            throw new InvalidInputException("lc_name", "'lc_name' is longer than the limit of "
                    + limits.maxNameLength() + " characters");
        }
        metrics("monitor_sensors", d.monitorSensors());
        metrics("monitor_domain_sensors", d.monitorDomainSensors());
        switch (d.policy()) {
            case MultiCloudPolicy m -> count("vm_count", m.vmCount());
            case SensorPolicy s -> {
                if (s.metric().isBlank() || s.metric().length() > MAX_METRIC_LENGTH) {
                    throw new InvalidInputException("sensor_metric", "'sensor_metric' must be 1 to "
                            + MAX_METRIC_LENGTH + " characters");
                }
                count("sensor_minimum_vms", s.minimumVms());
                count("sensor_maximum_vms", s.maximumVms());
                count("sensor_scale_up_vms", s.scaleUpVms());
                count("sensor_scale_down_vms", s.scaleDownVms());
                if (s.minimumVms() > s.maximumVms()) {
                    throw new InvalidInputException("sensor_minimum_vms", "'sensor_minimum_vms' (" + s.minimumVms()
                            + ") must not be greater than 'sensor_maximum_vms' (" + s.maximumVms() + ")");
                }
                if (s.scaleDownThreshold() > s.scaleUpThreshold()) {
                    throw new InvalidInputException("sensor_scale_down_threshold", "'sensor_scale_down_threshold' ("
                            + s.scaleDownThreshold() + ") must not be greater than 'sensor_scale_up_threshold' ("
                            + s.scaleUpThreshold() + ")");
                }
                if (s.cooldownSeconds() < 0 || s.cooldownSeconds() > 86_400) {
                    throw new InvalidInputException("sensor_cooldown",
                            "'sensor_cooldown' must be between 0 and 86400 seconds, got " + s.cooldownSeconds());
                }
            }
        }
    }

    /** A metric name as sources know them (Prometheus, CloudWatch and the sim all stay far below). */
    public static final int MAX_METRIC_LENGTH = 256;
    private static final int MAX_MONITORED = 16;

    private static void metrics(String field, java.util.List<String> names) {
        if (names.size() > MAX_MONITORED) {
            throw new InvalidInputException(field, "'" + field + "' lists more than " + MAX_MONITORED + " metrics");
        }
        for (String n : names) {
            if (n.length() > MAX_METRIC_LENGTH) {
                throw new InvalidInputException(field, "'" + field + "' names a metric longer than "
                        + MAX_METRIC_LENGTH + " characters");
            }
        }
    }

    private void count(String field, int value) {
        if (value < 0 || value > limits.maxVmCount()) {
            throw new InvalidInputException(field, "'" + field + "' must be between 0 and " + limits.maxVmCount()
                    + ", got " + value);
        }
    }
}
