package dev.specter.domain;

/** Phantom's {@code multicloud} engine: keep exactly {@code vmCount} healthy VMs. */
public record MultiCloudPolicy(int vmCount) implements ScalingPolicy {
    public static final String NAME = "multicloud";

    @Override
    public String engineName() {
        return NAME;
    }
}
