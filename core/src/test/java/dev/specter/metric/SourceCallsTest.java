package dev.specter.metric;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The calls here end when the test lets them (a gate) or never (until interrupted), so what is
 * asserted is who runs and who answers, never how long anything took; a read that waited where it
 * should not would hang, and the timeout below fails it.
 */
@Timeout(120)
class SourceCallsTest {
    static final MetricSourceException LATE = new MetricSourceException("late");

    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();
    final AtomicInteger started = new AtomicInteger();
    /** One permit lets one gated call answer. */
    final Semaphore gate = new Semaphore(0);

    /** Answers {@code n} once the gate lets it through. */
    SourceCalls.Call<Integer> gated(int n) {
        return () -> {
            started.incrementAndGet();
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                gate.acquire();
            } catch (InterruptedException e) {
                throw new MetricSourceException("interrupted");
            } finally {
                running.decrementAndGet();
            }
            return n;
        };
    }

    /** Never answers; counts its interruption. */
    static SourceCalls.Call<Integer> hanging(CountDownLatch interrupted) {
        return hanging(new CountDownLatch(1), interrupted);
    }

    /** A call that never answers; counts {@code entered} down once it runs, {@code interrupted} when interrupted. */
    static SourceCalls.Call<Integer> hanging(CountDownLatch entered, CountDownLatch interrupted) {
        return () -> {
            entered.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return 0;
        };
    }

    static long in(Duration d) {
        return System.nanoTime() + d.toNanos();
    }

    /**
     * Lets {@code total} gated calls through one at a time, each time once {@code limit} of those
     * left are running: the limit is reached but never passed, however slowly threads start.
     */
    void releaseOneByOne(int total, int limit) {
        for (int left = total; left > 0; left--) {
            int expected = Math.min(limit, left);
            await().atMost(Duration.ofSeconds(60)).until(() -> running.get() == expected);
            gate.release();
        }
    }

    @Test
    void everyAnswerComesBackAndNoMoreThanTheLimitAreInFlight() throws Exception {
        SourceCalls calls = new SourceCalls("test source", 3, "test");
        List<SourceCalls.Call<Integer>> work = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            work.add(gated(i));
        }
        Thread releaser = Thread.ofVirtual().start(() -> releaseOneByOne(12, 3));
        assertThat(calls.all(work, in(Duration.ofHours(1)), () -> LATE))
                .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        releaser.join();
        assertThat(peak.get()).isEqualTo(3);
    }

    @Test
    void theLimitHoldsOverConcurrentReadsOfOneSource() throws Exception {
        SourceCalls calls = new SourceCalls("test source", 2, "test");
        List<Thread> reads = new ArrayList<>();
        AtomicInteger answered = new AtomicInteger();
        for (int r = 0; r < 4; r++) {
            reads.add(Thread.ofVirtual().start(() -> {
                try {
                    answered.addAndGet(calls.all(List.of(gated(1), gated(1)), in(Duration.ofHours(1)), () -> LATE)
                            .size());
                } catch (MetricSourceException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        releaseOneByOne(8, 2);
        for (Thread t : reads) {
            t.join();
        }
        assertThat(answered.get()).isEqualTo(8);
        assertThat(peak.get()).isEqualTo(2);
    }

    @Test
    void theFirstFailureFailsTheReadAtOnceAndTheOtherCallsAreInterrupted() throws Exception {
        SourceCalls calls = new SourceCalls("test source", 4, "test");
        CountDownLatch entered = new CountDownLatch(3);
        CountDownLatch interrupted = new CountDownLatch(3);
        List<SourceCalls.Call<Integer>> work = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            work.add(hanging(entered, interrupted));
        }
        // fails once the others are at the source: a call never started is cancelled, not interrupted
        work.add(() -> {
            try {
                entered.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new MetricSourceException("HTTP 500");
        });
        // a read that waited for the others would hang (they never answer) until its deadline, then be late
        assertThatThrownBy(() -> calls.all(work, in(Duration.ofHours(1)), () -> LATE)).hasMessage("HTTP 500");
        interrupted.await();
    }

    @Test
    void aReadNotAnsweredByItsDeadlineIsLateAndItsSlotsComeBack() throws Exception {
        SourceCalls calls = new SourceCalls("test source", 1, "test");
        CountDownLatch interrupted = new CountDownLatch(1);
        // the deadline leaves the first call ample time to start, however loaded the machine
        assertThatThrownBy(() -> calls.all(List.of(hanging(interrupted), hanging(interrupted)),
                in(Duration.ofSeconds(2)), () -> LATE)).isSameAs(LATE);
        interrupted.await();
        gate.release();
        assertThat(calls.all(List.of(gated(9)), in(Duration.ofHours(1)), () -> LATE)).containsExactly(9);
    }

    @Test
    void aCallStillWaitingForASlotAtTheDeadlineIsLateAndNeverSent() throws Exception {
        SourceCalls calls = new SourceCalls("test source", 1, "test");
        Thread holder = Thread.ofVirtual().start(() -> {
            try {
                calls.all(List.of(gated(1)), in(Duration.ofHours(1)), () -> LATE);
            } catch (MetricSourceException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> running.get() == 1);
        assertThatThrownBy(() -> calls.all(List.of(gated(3)), in(Duration.ofMillis(200)), () -> LATE))
                .isSameAs(LATE);
        assertThat(started.get()).as("the call waiting for a slot never ran").isEqualTo(1);
        gate.release();
        holder.join();
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> new SourceCalls("x", 0, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
