package dev.specter.workqueue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A rate-limited work queue in the manner of client-go's {@code workqueue}: items to process, each
 * handed to one worker at a time.
 *
 * <ul>
 *   <li>{@link #add}: an item is queued at most once; one added while a worker processes it is
 *       handed out again after {@link #done}, so changes made meanwhile are seen, but never to two
 *       workers at once.</li>
 *   <li>{@link #addAfter}: added once the delay has passed. Each item has at most one timer; an
 *       earlier time replaces a later one, a later one is dropped.</li>
 *   <li>{@link #addRateLimited}: added after the item's back-off, which doubles with each call until
 *       {@link #forget}; {@link #numRequeues} counts the calls since.</li>
 *   <li>{@link #get}/{@link #done}: a worker takes an item, processes it, then says it is done.</li>
 *   <li>{@link #addWhenFewerThan}: waits for the queue to drain below a bound before adding, so a
 *       producer of many items (a sweep over everything) never queues far ahead of the rest.</li>
 * </ul>
 * Unlike client-go's, {@link #shutDown} drops what is still queued: a stopping server does not
 * start new work.
 */
public final class WorkQueue<T> {
    private final Scheduler scheduler;
    private final ExponentialBackoff<T> backoff;
    private final ReentrantLock lock = new ReentrantLock();
    /** An item was queued, or the queue shut down. */
    private final Condition queued = lock.newCondition();
    /** Fewer items are pending, or the queue shut down. */
    private final Condition room = lock.newCondition();
    /** Items ready to be handed out, in order; none of them is being processed. */
    private final ArrayDeque<T> ready = new ArrayDeque<>();
    /** Items to be handed out (again): those in {@code ready} and those added while being processed. */
    private final Set<T> dirty = new HashSet<>();
    private final Set<T> processing = new HashSet<>();
    private final Map<T, Waiting> waiting = new HashMap<>();
    private boolean shuttingDown;

    private record Waiting(Instant at, Scheduler.Timer timer) {
    }

    public WorkQueue(Scheduler scheduler) {
        this(scheduler, new ExponentialBackoff<>());
    }

    public WorkQueue(Scheduler scheduler, ExponentialBackoff<T> backoff) {
        this.scheduler = scheduler;
        this.backoff = backoff;
    }

    public void add(T item) {
        lock.lock();
        try {
            if (shuttingDown || !dirty.add(item) || processing.contains(item)) {
                return;
            }
            ready.addLast(item);
            queued.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Adds the item once {@code delay} has passed (at once when it is not positive). */
    public void addAfter(T item, Duration delay) {
        if (delay.isNegative() || delay.isZero()) {
            add(item);
            return;
        }
        Instant at = scheduler.instant().plus(delay);
        lock.lock();
        try {
            Waiting w = waiting.get(item);
            if (shuttingDown || w != null && !w.at().isAfter(at)) {
                return;
            }
            if (w != null) {
                w.timer().cancel();
            }
            // the timer takes the lock to fire, so it always finds its entry in place
            waiting.put(item, new Waiting(at, scheduler.schedule(delay, () -> fire(item, at))));
        } finally {
            lock.unlock();
        }
    }

    private void fire(T item, Instant at) {
        lock.lock();
        try {
            Waiting w = waiting.get(item);
            if (w != null && w.at().equals(at)) {
                waiting.remove(item);
                add(item);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Adds the item after its back-off, which this call doubles; returns the back-off. */
    public Duration addRateLimited(T item) {
        Duration delay = backoff.next(item);
        addAfter(item, delay);
        return delay;
    }

    /** The item succeeded: its back-off starts over. */
    public void forget(T item) {
        backoff.forget(item);
    }

    /** {@link #addRateLimited} calls since the item was last forgotten. */
    public int numRequeues(T item) {
        return backoff.failures(item);
    }

    /**
     * Waits until fewer than {@code limit} items are {@linkplain #pending pending}, then adds the
     * item. Returns false, adding nothing, once the queue is shut down.
     */
    public boolean addWhenFewerThan(T item, int limit) throws InterruptedException {
        lock.lock();
        try {
            while (!shuttingDown && pending() >= limit) {
                room.await();
            }
            if (shuttingDown) {
                return false;
            }
            add(item);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next item, once there is one; the caller processes it and then calls {@link #done}.
     * Empty once the queue is shut down.
     */
    public Optional<T> get() throws InterruptedException {
        lock.lock();
        try {
            while (ready.isEmpty() && !shuttingDown) {
                queued.await();
            }
            if (shuttingDown) {
                return Optional.empty();
            }
            T item = ready.pollFirst();
            dirty.remove(item);
            processing.add(item);
            return Optional.of(item);
        } finally {
            lock.unlock();
        }
    }

    /** The worker is done with the item; if it was added meanwhile, it is queued again. */
    public void done(T item) {
        lock.lock();
        try {
            if (!processing.remove(item)) {
                return;
            }
            if (dirty.contains(item) && !shuttingDown) {
                ready.addLast(item);
                queued.signal();
            } else {
                dirty.remove(item);
                room.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Items ready to be handed out (client-go's {@code Len}). */
    public int len() {
        return locked(() -> ready.size());
    }

    /** Items queued or being processed; not those waiting for their time. */
    public int pending() {
        return locked(() -> ready.size() + processing.size());
    }

    /** Items waiting for their time ({@link #addAfter}, {@link #addRateLimited}). */
    public int waiting() {
        return locked(() -> waiting.size());
    }

    private <R> R locked(Supplier<R> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    /** Stops handing out items and taking new ones: {@link #get} returns empty, waiting adds are dropped. */
    public void shutDown() {
        lock.lock();
        try {
            shuttingDown = true;
            waiting.values().forEach(w -> w.timer().cancel());
            waiting.clear();
            ready.clear();
            queued.signalAll();
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
