package dev.specter.domain;

import dev.specter.validation.InvalidInputException;
import dev.specter.validation.Limits;
import dev.specter.validation.Names;
import dev.specter.validation.Text;

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
        Text.atMost("lc_name", d.lcName(), limits.maxNameLength());
        metrics("monitor_sensors", d.monitorSensors());
        metrics("monitor_domain_sensors", d.monitorDomainSensors());
        switch (d.policy()) {
            case MultiCloudPolicy m -> count("vm_count", m.vmCount());
            case SensorPolicy s -> {
                metricName("sensor_metric", s.metric());
                bounds("sensor", s.minimumVms(), s.maximumVms());
                count("sensor_scale_up_vms", s.scaleUpVms());
                count("sensor_scale_down_vms", s.scaleDownVms());
                finite("sensor_scale_up_threshold", s.scaleUpThreshold());
                finite("sensor_scale_down_threshold", s.scaleDownThreshold());
                if (s.scaleDownThreshold() > s.scaleUpThreshold()) {
                    throw new InvalidInputException("sensor_scale_down_threshold", "'sensor_scale_down_threshold' ("
                            + s.scaleDownThreshold() + ") must not be greater than 'sensor_scale_up_threshold' ("
                            + s.scaleUpThreshold() + ")");
                }
                seconds("sensor_cooldown", s.cooldownSeconds(), 0, 86_400);
            }
            case TargetPolicy t -> {
                metricName("target_metric", t.metric());
                bounds("target", t.minimumVms(), t.maximumVms());
                finite("target_value", t.targetValue());
                if (t.targetValue() <= 0) {
                    throw new InvalidInputException("target_value", "'target_value' must be greater than 0, got "
                            + t.targetValue());
                }
                seconds("target_warmup", t.warmupSeconds(), 0, 86_400);
            }
        }
        MetricSettings m = d.metrics();
        seconds("metric_sample_window", m.sampleWindowSeconds(), 1, 86_400);
        seconds("metric_evaluation_period", m.evaluationPeriodSeconds(), 1, 86_400);
        if (m.source() != null && !m.source().matches("[A-Za-z0-9._-]{1,64}")) {
            throw new InvalidInputException("metric_source", "'metric_source' must name a metric source (letters, "
                    + "digits, '.', '_', '-'; at most 64)");
        }
        if (m.query() != null && (m.query().isBlank() || Text.length(m.query()) > MAX_QUERY_LENGTH)) {
            throw new InvalidInputException("metric_query", "'metric_query' must be 1 to " + MAX_QUERY_LENGTH
                    + " characters");
        }
    }

    private void bounds(String prefix, int min, int max) {
        count(prefix + "_minimum_vms", min);
        count(prefix + "_maximum_vms", max);
        if (min > max) {
            throw new InvalidInputException(prefix + "_minimum_vms", "'" + prefix + "_minimum_vms' (" + min
                    + ") must not be greater than '" + prefix + "_maximum_vms' (" + max + ")");
        }
    }

    private static void metricName(String field, String name) {
        if (name.isBlank() || Text.length(name) > MAX_METRIC_LENGTH) {
            throw new InvalidInputException(field, "'" + field + "' must be 1 to " + MAX_METRIC_LENGTH
                    + " characters");
        }
    }

    private static void finite(String field, double v) {
        if (!Double.isFinite(v)) {
            throw new InvalidInputException(field, "'" + field + "' must be a finite number");
        }
    }

    private static void seconds(String field, int v, int min, int max) {
        if (v < min || v > max) {
            throw new InvalidInputException(field, "'" + field + "' must be between " + min + " and " + max
                    + " seconds, got " + v);
        }
    }

    /** domains.metric_query is varchar(4096). */
    public static final int MAX_QUERY_LENGTH = 4096;

    /**
     * A metric name as sources know them (Prometheus, CloudWatch and the sim all stay far below); the
     * columns holding one (sensor_metric, target_metric, metric_samples.metric) are varchar(256).
     */
    public static final int MAX_METRIC_LENGTH = 256;
    /** Joined with commas, 16 names of 256 characters take 4,111 of monitor_sensors' varchar(8192). */
    private static final int MAX_MONITORED = 16;

    private static void metrics(String field, java.util.List<String> names) {
        if (names.size() > MAX_MONITORED) {
            throw new InvalidInputException(field, "'" + field + "' lists more than " + MAX_MONITORED + " metrics");
        }
        for (String n : names) {
            if (Text.length(n) > MAX_METRIC_LENGTH) {
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
