package dev.specter.domain;

/**
 * Phantom's {@code sensor} engine: scale between bounds on a metric's average.
 *
 * @param cooldownSeconds quiet time after a sensor-driven change, during which only bounds and
 *                        replacements of failed VMs are enforced
 */
public record SensorPolicy(String metric, int minimumVms, int maximumVms, double scaleUpThreshold, int scaleUpVms,
                           double scaleDownThreshold, int scaleDownVms, int cooldownSeconds) implements MetricPolicy {
    public static final String NAME = "sensor";

    @Override
    public String engineName() {
        return NAME;
    }

    @Override
    public SensorPolicy withMinimumVms(int n) {
        return new SensorPolicy(metric, n, maximumVms, scaleUpThreshold, scaleUpVms, scaleDownThreshold, scaleDownVms,
                cooldownSeconds);
    }
}
