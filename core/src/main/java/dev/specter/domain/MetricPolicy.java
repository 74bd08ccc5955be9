package dev.specter.domain;

/** A policy that sizes the domain from a metric's readings, between bounds. */
public sealed interface MetricPolicy extends ScalingPolicy permits SensorPolicy, TargetPolicy {
    String metric();

    int minimumVms();

    int maximumVms();

    /** The same policy with another minimum. */
    MetricPolicy withMinimumVms(int n);

    /** {@code n} within [minimum, maximum]. */
    default int clamp(int n) {
        return Math.max(minimumVms(), Math.min(maximumVms(), n));
    }
}
