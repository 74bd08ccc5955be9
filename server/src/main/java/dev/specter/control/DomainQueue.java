package dev.specter.control;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import dev.specter.reconcile.WorkSlot;

import java.util.function.BiConsumer;

/**
 * A de-duplicating work queue of domain ids (as in Kubernetes controllers): a signalled domain is
 * processed soon, never by two workers at once, and signals that arrive while it is being processed
 * fold into one more pass. Workers are virtual threads; {@code maxConcurrent} bounds how many passes
 * run at once (each may hold a database connection).
 */
final class DomainQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DomainQueue.class);
    /** Present while a pass is queued or running; true when another pass is wanted after it. */
    private final Map<String, Boolean> scheduled = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore permits;
    private final int maxConcurrent;
    private final BiConsumer<String, WorkSlot> pass;
    /** Notified whenever a domain leaves the queue, for {@link #signalWhenRoom}. */
    private final Object room = new Object();
    private volatile boolean closed;

    DomainQueue(int maxConcurrent, BiConsumer<String, WorkSlot> pass) {
        this.permits = new Semaphore(maxConcurrent);
        this.maxConcurrent = maxConcurrent;
        this.pass = pass;
    }

    void signal(String domainId) {
        if (closed) {
            return;
        }
        boolean[] start = {false};
        scheduled.compute(domainId, (k, again) -> {
            if (again == null) {
                start[0] = true;
                return Boolean.FALSE;
            }
            return Boolean.TRUE;
        });
        if (start[0]) {
            try {
                workers.execute(() -> work(domainId));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                scheduled.remove(domainId);
                roomMade();
            }
        }
    }

    /** Like {@link #signal}, after waiting until fewer than {@code maxConcurrent} domains are queued or running. */
    void signalWhenRoom(String domainId) throws InterruptedException {
        synchronized (room) {
            while (!closed && scheduled.size() >= maxConcurrent) {
                room.wait();
            }
        }
        signal(domainId);
    }

    private void roomMade() {
        synchronized (room) {
            room.notifyAll();
        }
    }

    /** One pass's hold on a permit, given up while the pass waits on clouds. */
    private final class Slot implements WorkSlot {
        private boolean held = true;

        @Override
        public void release() {
            if (held) {
                held = false;
                permits.release();
            }
        }

        @Override
        public void reacquire() {
            if (!held) {
                permits.acquireUninterruptibly();
                held = true;
            }
        }

        void end() {
            release();
        }
    }

    int pending() {
        return scheduled.size();
    }

    private void work(String domainId) {
        boolean drained = false;
        try {
            while (!closed) {
                try {
                    permits.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                Slot slot = new Slot();
                try {
                    pass.accept(domainId, slot);
                } catch (RuntimeException e) {
                    LOG.error("reconciling domain {} failed; it will be retried", domainId, e);
                } finally {
                    slot.end();
                }
                if (scheduled.compute(domainId, (k, again) -> again ? Boolean.FALSE : null) == null) {
                    drained = true;
                    roomMade();
                    return;
                }
            }
        } finally {
            // whatever ended this worker (shutdown, an Error), the domain must not stay marked as
            // scheduled: every later signal would fold into a pass that never comes
            if (!drained) {
                scheduled.remove(domainId);
                roomMade();
            }
        }
    }

    /** Stops taking work and waits up to {@code grace} for running passes to finish. */
    void close(Duration grace) {
        closed = true;
        roomMade();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                // abandon calls still waiting on clouds; interrupted, they record an unknown outcome,
                // which the next start resolves by describing
                workers.shutdownNow();
                workers.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
