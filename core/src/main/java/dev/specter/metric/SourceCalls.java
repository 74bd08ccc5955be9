package dev.specter.metric;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The calls a metric source makes for one read (one per instance, one for the domain), sent at once
 * on virtual threads, at most {@code limit} in flight over the whole source, and all answered by the
 * read's deadline: a read gets every answer or fails with the first failure, never a partial answer.
 * A call still waiting for a slot at the deadline is late; a failed or late read interrupts the calls
 * still running rather than waiting for them.
 *
 * <p>Thread-safe; one per source, shared by its concurrent reads.
 */
public final class SourceCalls {
    /** One call of a read. */
    public interface Call<T> {
        T run() throws MetricSourceException;
    }

    private final String where;
    private final Semaphore slots;
    private final ThreadFactory threads;

    /**
     * @param where   the source as failures name it (e.g. {@code Prometheus at http://...})
     * @param threads names the calls' threads after the source
     */
    public SourceCalls(String where, int limit, String threads) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        this.where = where;
        this.slots = new Semaphore(limit);
        this.threads = Thread.ofVirtual().name(threads + "-", 0).factory();
    }

    /**
     * Every call's answer, in the order the calls finished, or the first failure.
     *
     * @param deadline {@link System#nanoTime()} by which all must have answered
     * @param late     the failure of a read not answered by then
     */
    public <T> List<T> all(List<Call<T>> calls, long deadline, Supplier<MetricSourceException> late)
            throws MetricSourceException {
        ExecutorService executor = Executors.newThreadPerTaskExecutor(threads);
        try {
            CompletionService<T> done = new ExecutorCompletionService<>(executor);
            for (Call<T> call : calls) {
                done.submit(inSlot(call, deadline, late));
            }
            List<T> results = new ArrayList<>(calls.size());
            for (int i = 0; i < calls.size(); i++) {
                Future<T> f = done.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (f == null) {
                    throw late.get();
                }
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof MetricSourceException m) {
                        throw m;
                    }
                    throw new MetricSourceException(where + ": " + e.getCause(), e.getCause());
                }
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetricSourceException(where + ": Interrupted while waiting for an answer", e);
        } finally {
            executor.shutdownNow();
        }
    }

    private <T> Callable<T> inSlot(Call<T> call, long deadline, Supplier<MetricSourceException> late) {
        return () -> {
            if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw late.get();
            }
            try {
                return call.run();
            } finally {
                slots.release();
            }
        };
    }
}
