package dev.specter.domain;

/** What a domain's decision engine is told to do. One record per engine; the REST name is {@link #engineName()}. */
public sealed interface ScalingPolicy permits MultiCloudPolicy, SensorPolicy {
    String engineName();

    /** The count the policy holds the domain at when nothing else is known (no readings yet). */
    int floor();
}
