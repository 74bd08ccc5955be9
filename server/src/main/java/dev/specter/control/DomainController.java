package dev.specter.control;

import dev.specter.reconcile.DomainReconciler;
import dev.specter.reconcile.WorkSlot;
import dev.specter.workqueue.WorkQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The controller: reconciles the domains its work queue hands out, each on a virtual thread, and
 * puts them back as their pass asks. One queue serves every reason to look at a domain:
 * <ul>
 *   <li>a signal (the API changed it, a describe saw its VMs change) adds it at once;</li>
 *   <li>a pass that leaves it in motion adds it after the resync interval, and one that names its
 *       next metric evaluation ({@code wakeAt}) adds it then;</li>
 *   <li>a pass that fails adds it after its back-off (50 ms doubling to 30 s, reset by a pass that
 *       succeeds); the {@value #PERSISTENT_FAILURE}th failure in a row is reported once;</li>
 *   <li>the {@link #sweep} adds every domain, the net under lost signals.</li>
 * </ul>
 * At most {@code maxConcurrent} passes run at once (each may hold a database connection); a pass
 * gives up its slot while it waits on clouds ({@link WorkSlot}).
 */
final class DomainController {
    private static final Logger LOG = LoggerFactory.getLogger(DomainController.class);
    /** The consecutive failure of a domain's passes that is reported as an activity. */
    static final int PERSISTENT_FAILURE = 5;

    @FunctionalInterface
    interface Pass {
        DomainReconciler.Outcome reconcile(String domainId, WorkSlot slot);
    }

    /** Told once when a domain's passes keep failing, and again only after one succeeded. */
    @FunctionalInterface
    interface FailureListener {
        void persisting(String domainId, RuntimeException last, int failures);
    }

    private final WorkQueue<String> queue;
    private final Pass pass;
    private final int maxConcurrent;
    private final Semaphore permits;
    private final Duration resync;
    private final InstantSource clock;
    private final FailureListener failures;
    private final Supplier<List<String>> allDomains;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private Thread dispatcher;

    /**
     * @param clock      the clock of the pass's {@code wakeAt}
     * @param allDomains every domain's id, for the sweep
     */
    DomainController(WorkQueue<String> queue, Pass pass, int maxConcurrent, Duration resync, InstantSource clock,
                     FailureListener failures, Supplier<List<String>> allDomains) {
        this.queue = queue;
        this.pass = pass;
        this.maxConcurrent = maxConcurrent;
        this.permits = new Semaphore(maxConcurrent);
        this.resync = resync;
        this.clock = clock;
        this.failures = failures;
        this.allDomains = allDomains;
    }

    synchronized void start() {
        if (dispatcher == null) {
            dispatcher = Thread.ofVirtual().name("specter-dispatcher").start(this::dispatch);
        }
    }

    /** Hands each domain the queue gives out to a worker once a slot is free. */
    private void dispatch() {
        while (true) {
            String domainId;
            try {
                domainId = queue.get().orElse(null);
                if (domainId == null) {
                    return; // shut down
                }
            } catch (InterruptedException e) {
                return;
            }
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                queue.done(domainId);
                return;
            }
            try {
                workers.execute(() -> process(domainId));
            } catch (RejectedExecutionException e) {
                permits.release();
                queue.done(domainId);
                return;
            }
        }
    }

    private void process(String domainId) {
        Slot slot = new Slot();
        try {
            DomainReconciler.Outcome o = pass.reconcile(domainId, slot);
            queue.forget(domainId);
            if (!o.settled()) {
                queue.addAfter(domainId, resync);
            }
            if (o.wakeAt() != null) {
                queue.addAfter(domainId, Duration.between(clock.instant(), o.wakeAt()));
            }
        } catch (RuntimeException e) {
            failed(domainId, e);
        } finally {
            // whatever ended the pass (an Error too), the domain must not stay marked as processed:
            // every later signal would fold into a pass that never comes
            slot.release();
            queue.done(domainId);
        }
    }

    private void failed(String domainId, RuntimeException e) {
        long retryIn = queue.addRateLimited(domainId).toMillis();
        int n = queue.numRequeues(domainId);
        if (n == 1) {
            LOG.error("reconciling domain {} failed; retrying in {} ms", domainId, retryIn, e);
        } else {
            LOG.warn("reconciling domain {} failed {} times in a row ({}); retrying in {} ms", domainId, n, e.toString(),
                    retryIn);
        }
        if (n == PERSISTENT_FAILURE) {
            try {
                failures.persisting(domainId, e, n);
            } catch (RuntimeException r) {
                LOG.error("recording that domain {} keeps failing failed", domainId, r);
            }
        }
    }

    /**
     * Adds every domain once, whether or not anything signalled it. Fed to the queue only as fast as
     * it drains, so that domains signalled meanwhile (an API write) wait behind a handful of passes,
     * not behind all domains. Does nothing while the previous sweep is still feeding.
     */
    void sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("specter-sweep").start(() -> {
            try {
                for (String id : allDomains.get()) {
                    if (!queue.addWhenFewerThan(id, maxConcurrent)) {
                        return; // shut down
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("sweep over all domains failed", e);
            } finally {
                sweeping.set(false);
            }
        });
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
    }

    /** Stops handing out domains and waits up to {@code grace} for running passes to finish. */
    void close(Duration grace) {
        queue.shutDown();
        synchronized (this) {
            if (dispatcher != null) {
                dispatcher.interrupt(); // it may be waiting for a slot
            }
        }
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
}
