package dev.specter.testing;

import dev.specter.cloud.GatewayClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Gateway time that moves only when a test moves it or the gateway sleeps: a sleep is recorded and
 * moves the time on at once, and a call times out when the time has moved past its timeout.
 */
public final class ManualGatewayClock implements GatewayClock {
    private long nanos;
    private int awaiting;
    private final List<Duration> sleeps = new ArrayList<>();

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized void sleep(Duration d) {
        sleeps.add(d);
        advance(d);
    }

    public synchronized ManualGatewayClock advance(Duration d) {
        nanos += d.toNanos();
        notifyAll();
        return this;
    }

    /** What the gateway slept, in order. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** Callers waiting for an answer now: a test moves the time once they all wait. */
    public synchronized int awaiting() {
        return awaiting;
    }

    @Override
    public <T> T await(CompletableFuture<T> answer, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        answer.whenComplete((result, failure) -> wake());
        synchronized (this) {
            long deadline = nanos + timeout.toNanos();
            awaiting++;
            try {
                while (!answer.isDone() && nanos < deadline) {
                    wait();
                }
            } finally {
                awaiting--;
            }
            if (!answer.isDone()) {
                throw new TimeoutException();
            }
        }
        return answer.get();
    }

    private synchronized void wake() {
        notifyAll();
    }
}
