package dev.specter.cloud.sim;

import java.util.concurrent.atomic.AtomicLong;

/** Every API call the simulated site received, and every VM it created, since the process started. */
public final class SimCalls {
    final AtomicLong launch = new AtomicLong();
    final AtomicLong terminate = new AtomicLong();
    final AtomicLong describe = new AtomicLong();
    final AtomicLong keyPairs = new AtomicLong();
    final AtomicLong vmsCreated = new AtomicLong();
    final AtomicLong refusedThrottled = new AtomicLong();

    public long launchCalls() {
        return launch.get();
    }

    public long terminateCalls() {
        return terminate.get();
    }

    public long describeCalls() {
        return describe.get();
    }

    public long keyPairCalls() {
        return keyPairs.get();
    }

    public long total() {
        return launch.get() + terminate.get() + describe.get() + keyPairs.get();
    }

    public long vmsCreated() {
        return vmsCreated.get();
    }

    public long throttled() {
        return refusedThrottled.get();
    }
}
