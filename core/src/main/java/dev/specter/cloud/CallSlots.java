package dev.specter.cloud;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;

/**
 * A site's slots for driver calls. Each call runs on a worker of its own, which holds a slot from
 * before the driver is called until the driver returns. Its caller waits for the answer until the
 * call timeout, the wait for a free slot included (else, once a site's calls hang and hold every
 * slot, its callers would wait for ever), then abandons the call: the worker is interrupted but keeps
 * its slot while the driver may still be working, so a site never has more calls in flight than slots.
 */
final class CallSlots implements AutoCloseable {
    @FunctionalInterface
    interface Call<T> {
        T run() throws CloudException;
    }

    private final String site;
    private final Duration timeout;
    private final GatewayClock clock;
    private final Semaphore slots;
    private final ExecutorService workers;

    CallSlots(String site, int slots, Duration timeout, GatewayClock clock) {
        this.site = site;
        this.timeout = timeout;
        this.clock = clock;
        this.slots = new Semaphore(slots, true);
        this.workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("cloud-call-" + site + "-", 0).factory());
    }

    <T> T call(String what, Call<T> call) throws CloudException {
        CompletableFuture<T> answer = new CompletableFuture<>();
        Future<?> worker;
        try {
            worker = workers.submit(() -> runInSlot(what, call, answer));
        } catch (RejectedExecutionException e) {
            throw new CloudException(CloudErrorKind.TRANSIENT, what + " at " + site + " refused: the gateway is closed");
        }
        try {
            return clock.await(answer, timeout);
        } catch (TimeoutException e) {
            abandon(answer, worker);
            throw new CloudException(CloudErrorKind.TRANSIENT, what + " at " + site + " timed out after "
                    + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CloudException ce) {
                throw ce;
            }
            throw new CloudException(CloudErrorKind.TRANSIENT, what + " at " + site + " failed: " + e.getCause(),
                    e.getCause());
        } catch (InterruptedException e) {
            abandon(answer, worker);
            Thread.currentThread().interrupt();
            throw new CloudException(CloudErrorKind.TRANSIENT, what + " at " + site + " interrupted");
        }
    }

    /** A worker yet to get a slot gives up; one in the driver is interrupted and keeps its slot until it returns. */
    private static void abandon(CompletableFuture<?> answer, Future<?> worker) {
        answer.cancel(false);
        worker.cancel(true);
    }

    private <T> void runInSlot(String what, Call<T> call, CompletableFuture<T> answer) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            answer.completeExceptionally(
                    new CloudException(CloudErrorKind.TRANSIENT, what + " at " + site + " abandoned before it ran"));
            return;
        }
        try {
            if (!answer.isDone()) {
                answer.complete(call.run());
            }
        } catch (Throwable t) {
            answer.completeExceptionally(t);
        } finally {
            slots.release();
        }
    }

    /** Interrupts every worker; a caller still waiting hears from its own or from its timeout. */
    @Override
    public void close() {
        workers.shutdownNow();
    }
}
