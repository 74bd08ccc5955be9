package dev.specter.domain;

/** What a domain's decision engine is told to do. One record per engine; the REST name is {@link #engineName()}. */
public sealed interface ScalingPolicy permits MultiCloudPolicy, MetricPolicy {
    String engineName();
}
