package dev.specter.cloud.sim;

import java.util.Map;

/**
 * One simulated VM, as the simulator persists it. Its state at any moment follows from these facts
 * and the clock, so only launches and terminations need recording.
 *
 * @param account      the access key it was launched with ("" on sites without credentials)
 * @param bootMillis   time from launch to RUNNING (or FAILED when {@code bootFails})
 * @param terminatedAt epoch millis of its termination, or 0 while alive
 */
record SimVm(String token, String iaasId, String account, String imageId, String instanceType, String keyName,
             String userData, Map<String, String> tags, String hostname, String publicIp, String privateIp,
             long launchedAt, long bootMillis, boolean bootFails, long terminatedAt) {

    boolean alive() {
        return terminatedAt == 0;
    }

    SimVm terminated(long at) {
        return new SimVm(token, iaasId, account, imageId, instanceType, keyName, userData, tags, hostname, publicIp,
                privateIp, launchedAt, bootMillis, bootFails, at);
    }
}
