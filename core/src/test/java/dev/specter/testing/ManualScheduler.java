package dev.specter.testing;

import dev.specter.workqueue.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Scheduler} whose time only moves when a test moves it: {@link #advance} runs the timers
 * that fall due, in order, on the test's thread, each at its own instant.
 */
public final class ManualScheduler implements Scheduler {
    private Instant now;
    private long scheduledCount;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            Comparator.comparing(Task::due).thenComparingLong(Task::seq));

    private record Task(Instant due, long seq, Runnable run, AtomicBoolean cancelled) implements Timer {
        @Override
        public void cancel() {
            cancelled.set(true);
        }
    }

    public ManualScheduler(Instant start) {
        this.now = start;
    }

    public ManualScheduler() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public synchronized Timer schedule(Duration delay, Runnable task) {
        Task t = new Task(now.plus(delay), scheduledCount++, task, new AtomicBoolean());
        tasks.add(t);
        return t;
    }

    /** Moves time forward by {@code d}, running every timer due by then. */
    public void advance(Duration d) {
        Instant target;
        synchronized (this) {
            target = now.plus(d);
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due().isAfter(target)) {
                    now = target;
                    return;
                }
                tasks.poll();
                if (next.due().isAfter(now)) {
                    now = next.due();
                }
            }
            if (!next.cancelled().get()) {
                next.run().run();
            }
        }
    }

    /** How long until the next timer that has not been cancelled is due, if there is one. */
    public synchronized Optional<Duration> nextDue() {
        return tasks.stream().filter(t -> !t.cancelled().get()).map(t -> Duration.between(now, t.due()))
                .min(Comparator.naturalOrder());
    }

    /** Moves time to the next timer and runs it (and any due at the same instant); returns how far time moved. */
    public Duration advanceToNext() {
        Duration d = nextDue().orElseThrow(() -> new IllegalStateException("no timer is set"));
        advance(d);
        return d;
    }

    /** Timers set and neither run nor cancelled. */
    public synchronized long pendingTimers() {
        return tasks.stream().filter(t -> !t.cancelled().get()).count();
    }
}
