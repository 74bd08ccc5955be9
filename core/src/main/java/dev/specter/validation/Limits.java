package dev.specter.validation;

/**
 * Operator-configurable bounds on what one user may ask for. Every bound is checked before anything
 * is stored, and the error names the bound so users know what to change.
 */
public record Limits(int maxVmCount, int maxVmsPerSite, int maxNameLength, int maxDomainsPerUser,
                     int maxLaunchConfigurationsPerUser, int maxUserDataBytes) {

    public static final Limits DEFAULT = new Limits(10_000, 100_000, 128, 1_000, 1_000, 16 * 1024);

    public Limits {
        if (maxVmCount < 0 || maxVmsPerSite < 0 || maxNameLength < 1 || maxDomainsPerUser < 0
                || maxLaunchConfigurationsPerUser < 0 || maxUserDataBytes < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
    }
}
