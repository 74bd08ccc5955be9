package dev.specter.cloud;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every time source of a {@link CloudGateway}: the clock of its rate limit, the waits of back-off
 * and rate limit, and the timeout of a call. Tests pass one that moves only when told, so nothing in
 * them waits on the wall clock.
 */
public interface GatewayClock {
    /** A monotonic reading in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    void sleep(Duration d) throws InterruptedException;

    /** The answer, once there is one, or a {@link TimeoutException} when none came within {@code timeout}. */
    <T> T await(CompletableFuture<T> answer, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException;

    /** The machine's time, sleeping with {@code sleeper} (tests of other parts pass one that does not sleep). */
    static GatewayClock system(CloudGateway.Sleeper sleeper) {
        return new GatewayClock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration d) throws InterruptedException {
                sleeper.sleep(d);
            }

            @Override
            public <T> T await(CompletableFuture<T> answer, Duration timeout)
                    throws InterruptedException, ExecutionException, TimeoutException {
                return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
        };
    }
}
