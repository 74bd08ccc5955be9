package dev.specter.metric;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceCallsTest {
    static final MetricSourceException LATE = new MetricSourceException("late");

    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();

    SourceCalls.Call<Integer> tracked(int n, long millis) {
        return () -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                throw new MetricSourceException("interrupted");
            } finally {
                running.decrementAndGet();
            }
            return n;
        };
    }

    /**
     * A call that stays in flight until {@code limit} calls are (or 2 s have passed), then a little
     * longer, so the peak reaches the limit however slowly threads start, and a broken cap shows.
     */
    SourceCalls.Call<Integer> gathering(int n, int limit) {
        return () -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                while (running.get() < limit && System.nanoTime() < until) {
                    Thread.sleep(1);
                }
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new MetricSourceException("interrupted");
            } finally {
                running.decrementAndGet();
            }
            return n;
        };
    }

    static long in(Duration d) {
        return System.nanoTime() + d.toNanos();
    }

    @Test
    void everyAnswerComesBackAndNoMoreThanTheLimitAreInFlight() throws Exception {
        SourceCalls calls = new SourceCalls("test source", 3, "test");
        List<SourceCalls.Call<Integer>> work = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            work.add(gathering(i, 3));
        }
        assertThat(calls.all(work, in(Duration.ofSeconds(10)), () -> LATE))
                .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
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
                    answered.addAndGet(calls.all(List.of(gathering(1, 2), gathering(1, 2)), in(Duration.ofSeconds(10)),
                            () -> LATE).size());
                } catch (MetricSourceException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : reads) {
            t.join();
        }
        assertThat(answered.get()).isEqualTo(8);
        assertThat(peak.get()).isEqualTo(2);
    }

    @Test
    void theFirstFailureFailsTheReadAtOnceAndTheOtherCallsAreInterrupted() throws Exception {
        SourceCalls calls = new SourceCalls("test source", 4, "test");
        CountDownLatch interrupted = new CountDownLatch(3);
        List<SourceCalls.Call<Integer>> work = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            work.add(() -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return 0;
            });
        }
        work.add(() -> {
            throw new MetricSourceException("HTTP 500");
        });
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> calls.all(work, in(Duration.ofSeconds(30)), () -> LATE)).hasMessage("HTTP 500");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the stragglers were interrupted").isTrue();
    }

    @Test
    void aReadNotAnsweredByItsDeadlineIsLateAndItsSlotsComeBack() throws Exception {
        SourceCalls calls = new SourceCalls("test source", 1, "test");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> calls.all(List.of(tracked(1, 5_000), tracked(2, 5_000)),
                in(Duration.ofMillis(200)), () -> LATE)).isSameAs(LATE);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        assertThat(calls.all(List.of(tracked(9, 0)), in(Duration.ofSeconds(5)), () -> LATE)).containsExactly(9);
    }

    @Test
    void aCallStillWaitingForASlotAtTheDeadlineIsLateAndNeverSent() throws Exception {
        SourceCalls calls = new SourceCalls("test source", 1, "test");
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofVirtual().start(() -> {
            try {
                calls.all(List.<SourceCalls.Call<Integer>>of(() -> {
                    holding.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return 1;
                }), in(Duration.ofSeconds(10)), () -> LATE);
            } catch (MetricSourceException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> calls.all(List.of(tracked(3, 0)), in(Duration.ofMillis(200)), () -> LATE))
                .isSameAs(LATE);
        assertThat(peak.get()).as("the call waiting for a slot never ran").isZero();
        release.countDown();
        holder.join();
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> new SourceCalls("x", 0, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
