package dev.specter.launch;

/**
 * What to boot on one site of a launch configuration (one entry of Phantom's {@code cloud_params}).
 *
 * @param maxVms   most VMs of one domain this site may hold; -1 means unlimited
 * @param rank     preference order, 1 first
 * @param userData per-site user data, overriding the launch configuration's; null when not set
 */
public record SiteLaunchParams(String imageId, String instanceType, int maxVms, boolean common, int rank,
                               String userData) {
    public static final int UNLIMITED = -1;

    public boolean unlimited() {
        return maxVms == UNLIMITED;
    }

    /** How many more VMs fit when {@code current} are already there. */
    public int room(int current) {
        return unlimited() ? Integer.MAX_VALUE : Math.max(0, maxVms - current);
    }
}
