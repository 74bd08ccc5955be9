package dev.specter.cloud.sim;

import java.time.Duration;

/**
 * Faults a test (or a demo) switches on at run time, on top of the configured settings: the site
 * is unreachable, slower, throttling, or failing launches and boots.
 */
public final class SimFaults {
    private volatile boolean down;
    private volatile Duration extraLatency = Duration.ZERO;
    private volatile double launchFailureRate = -1;
    private volatile double launchLostReplyRate = -1;
    private volatile double bootFailureRate = -1;
    private volatile double maxCallsPerSecond = -1;
    private volatile int capacity = Integer.MIN_VALUE;

    public SimFaults down(boolean isDown) {
        this.down = isDown;
        return this;
    }

    public SimFaults latency(Duration extra) {
        this.extraLatency = extra;
        return this;
    }

    public SimFaults launchFailureRate(double rate) {
        this.launchFailureRate = rate;
        return this;
    }

    public SimFaults launchLostReplyRate(double rate) {
        this.launchLostReplyRate = rate;
        return this;
    }

    public SimFaults bootFailureRate(double rate) {
        this.bootFailureRate = rate;
        return this;
    }

    public SimFaults maxCallsPerSecond(double rate) {
        this.maxCallsPerSecond = rate;
        return this;
    }

    public SimFaults capacity(int c) {
        this.capacity = c;
        return this;
    }

    /** Back to the configured behaviour. */
    public SimFaults clear() {
        down = false;
        extraLatency = Duration.ZERO;
        launchFailureRate = -1;
        launchLostReplyRate = -1;
        bootFailureRate = -1;
        maxCallsPerSecond = -1;
        capacity = Integer.MIN_VALUE;
        return this;
    }

    boolean down() {
        return down;
    }

    Duration latency(SimSettings s) {
        return s.apiLatency().plus(extraLatency);
    }

    double launchFailureRate(SimSettings s) {
        return launchFailureRate >= 0 ? launchFailureRate : s.launchFailureRate();
    }

    double launchLostReplyRate(SimSettings s) {
        return launchLostReplyRate >= 0 ? launchLostReplyRate : s.launchLostReplyRate();
    }

    double bootFailureRate(SimSettings s) {
        return bootFailureRate >= 0 ? bootFailureRate : s.bootFailureRate();
    }

    double maxCallsPerSecond(SimSettings s) {
        return maxCallsPerSecond >= 0 ? maxCallsPerSecond : s.maxCallsPerSecond();
    }

    int capacity(SimSettings s) {
        return capacity != Integer.MIN_VALUE ? capacity : s.capacity();
    }
}
