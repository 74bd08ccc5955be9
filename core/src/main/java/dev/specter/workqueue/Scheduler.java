package dev.specter.workqueue;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where a {@link WorkQueue} gets its time: the current instant and timers. Injected so that tests
 * move time themselves instead of waiting for it.
 */
public interface Scheduler extends InstantSource {
    /** Runs {@code task} once {@code delay} has passed, on a thread of the scheduler's. */
    Timer schedule(Duration delay, Runnable task);

    /** A task waiting to run. */
    @FunctionalInterface
    interface Timer {
        /** The task will not run, unless it already has or is running. */
        void cancel();
    }

    /**
     * Timers on {@code executor} (whose tasks must be short), instants from {@code clock}. Once the
     * executor is shut down, tasks are dropped: nothing runs after shutdown anyway.
     */
    static Scheduler of(ScheduledExecutorService executor, InstantSource clock) {
        return new Scheduler() {
            @Override
            public java.time.Instant instant() {
                return clock.instant();
            }

            @Override
            public Timer schedule(Duration delay, Runnable task) {
                try {
                    ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
                    return () -> f.cancel(false);
                } catch (RejectedExecutionException e) {
                    return () -> { };
                }
            }
        };
    }
}
