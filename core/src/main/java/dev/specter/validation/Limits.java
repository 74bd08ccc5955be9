package dev.specter.validation;

import dev.specter.settings.Require;

/**
 * Operator-configurable bounds on what one user may ask for. Every bound is checked before anything
 * is stored, and the error names the bound so users know what to change.
 */
public record Limits(int maxVmCount, int maxVmsPerSite, int maxNameLength, int maxDomainsPerUser,
                     int maxLaunchConfigurationsPerUser, int maxUserDataBytes) {

    public static final Limits DEFAULT = new Limits(10_000, 100_000, 128, 1_000, 1_000, 16 * 1024);

    /** Each bound within what the service can hold; a bad one names its key ({@code limits.<key>} in the configuration). */
    public Limits {
        Require.between("max_vm_count", maxVmCount, 0, 1_000_000);
        Require.between("max_vms_per_site", maxVmsPerSite, 0, 10_000_000);
        Require.between("max_name_length", maxNameLength, 1, Names.MAX_LENGTH);
        Require.between("max_domains_per_user", maxDomainsPerUser, 0, 1_000_000);
        Require.between("max_launch_configurations_per_user", maxLaunchConfigurationsPerUser, 0, 1_000_000);
        Require.between("max_user_data_bytes", maxUserDataBytes, 0, 1 << 20);
    }
}
