package dev.specter.cloud.sim;

import dev.specter.settings.Require;

import java.time.Duration;

/**
 * How a simulated site behaves: the site's {@code settings} in the configuration, one key per
 * component in snake_case ({@code boot_time}, {@code max_calls_per_second}), any left out taking
 * {@link #DEFAULT}'s value.
 *
 * @param bootTime             mean time from launch to RUNNING
 * @param bootJitter           boot times spread uniformly by this much either side
 * @param capacity             most live VMs the site holds (-1: unlimited); beyond it launches are refused for capacity
 * @param launchFailureRate    share of launch calls that fail outright (nothing launched)
 * @param launchLostReplyRate  share of launch calls that launch but whose reply is lost (the caller sees a transient error)
 * @param bootFailureRate      share of VMs that end FAILED instead of RUNNING
 * @param apiLatency           added to every call
 * @param maxCallsPerSecond    beyond this rate calls are throttled (0: never)
 * @param terminatedVisibility how long terminated VMs still appear in describes
 * @param seed                 seeds boot times and failures, so a run can be replayed (0: a fresh seed per start)
 */
public record SimSettings(Duration bootTime, Duration bootJitter, int capacity, double launchFailureRate,
                          double launchLostReplyRate, double bootFailureRate, Duration apiLatency,
                          double maxCallsPerSecond, Duration terminatedVisibility, long seed) {
    public static final SimSettings DEFAULT = new SimSettings(Duration.ofSeconds(2), Duration.ofMillis(500), -1, 0,
            0, 0, Duration.ZERO, 0, Duration.ofSeconds(60), 0);

    /** Every value within what the simulator can play; a bad one names its key. */
    public SimSettings {
        Require.present("boot_time", bootTime);
        Require.present("boot_jitter", bootJitter);
        Require.between("capacity", capacity, -1, 10_000_000);
        Require.between("launch_failure_rate", launchFailureRate, 0, 1);
        Require.between("launch_lost_reply_rate", launchLostReplyRate, 0, 1);
        Require.between("boot_failure_rate", bootFailureRate, 0, 1);
        Require.present("api_latency", apiLatency);
        Require.between("max_calls_per_second", maxCallsPerSecond, 0, 1e6);
        Require.present("terminated_visibility", terminatedVisibility);
    }

    public SimSettings withCapacity(int c) {
        return new SimSettings(bootTime, bootJitter, c, launchFailureRate, launchLostReplyRate, bootFailureRate,
                apiLatency, maxCallsPerSecond, terminatedVisibility, seed);
    }
}
