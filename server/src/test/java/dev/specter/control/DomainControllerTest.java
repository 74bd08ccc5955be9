package dev.specter.control;

import dev.specter.reconcile.DomainReconciler.Outcome;
import dev.specter.testing.ManualScheduler;
import dev.specter.workqueue.WorkQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The controller's workers on a fake reconciler, in time moved by hand. */
class DomainControllerTest {
    static final Outcome SETTLED = new Outcome(true, null);
    static final Duration RESYNC = Duration.ofSeconds(5);

    final ManualScheduler time = new ManualScheduler();
    final WorkQueue<String> q = new WorkQueue<>(time);
    final List<String> reported = new CopyOnWriteArrayList<>();
    List<String> allDomains = List.of();
    DomainController controller;

    void start(int maxConcurrent, DomainController.Pass pass) {
        controller = new DomainController(q, pass, maxConcurrent, RESYNC, time,
                (id, last, failures) -> reported.add(id + " after " + failures + ": " + last.getMessage()),
                () -> allDomains);
        controller.start();
    }

    @AfterEach
    void close() {
        if (controller != null) {
            controller.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void signalsDuringAPassFoldIntoOneMorePassNeverAConcurrentOne() throws Exception {
        CountDownLatch inFirstPass = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicInteger passes = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        start(4, (id, slot) -> {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            if (passes.incrementAndGet() == 1) {
                inFirstPass.countDown();
                waitFor(releaseFirst);
            }
            running.decrementAndGet();
            return SETTLED;
        });
        q.add("d");
        inFirstPass.await();
        for (int i = 0; i < 10; i++) {
            q.add("d");
        }
        releaseFirst.countDown();
        await().until(() -> passes.get() == 2 && q.pending() == 0);
        assertThat(overlaps.get()).isZero();
        assertThat(q.len()).isZero();
    }

    @Test
    void aPassEndingInAnErrorDoesNotLeaveItsDomainWedged() {
        AtomicInteger passes = new AtomicInteger();
        start(2, (id, slot) -> {
            if (passes.incrementAndGet() == 1) {
                throw new StackOverflowError("simulated");
            }
            return SETTLED;
        });
        // the Error is the worker thread's own; awaitility would otherwise fail on it
        q.add("d");
        await().dontCatchUncaughtExceptions().until(() -> passes.get() == 1 && q.pending() == 0);
        q.add("d");
        await().dontCatchUncaughtExceptions().until(() -> passes.get() == 2 && q.pending() == 0);
    }

    @Test
    void noMoreThanMaxConcurrentPassesRunAtOnce() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        var done = ConcurrentHashMap.<String>newKeySet();
        start(3, (id, slot) -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            waitFor(release);
            running.decrementAndGet();
            done.add(id);
            return SETTLED;
        });
        IntStream.range(0, 30).forEach(i -> q.add("d" + i));
        // three passes hold the slots and the fourth domain is out of the queue, waiting for one
        await().until(() -> running.get() == 3 && q.len() == 26);
        assertThat(peak.get()).isEqualTo(3);
        release.countDown();
        await().until(() -> done.size() == 30);
        assertThat(peak.get()).isEqualTo(3);
    }

    @Test
    void aPassWaitingOnCloudsGivesUpItsSlot() {
        CountDownLatch waitingOnCloud = new CountDownLatch(1);
        CountDownLatch cloudAnswers = new CountDownLatch(1);
        var done = new CopyOnWriteArrayList<String>();
        start(1, (id, slot) -> {
            if (id.equals("slow")) {
                slot.release();
                waitingOnCloud.countDown();
                waitFor(cloudAnswers);
                slot.reacquire();
            }
            done.add(id);
            return SETTLED;
        });
        q.add("slow");
        waitFor(waitingOnCloud);
        q.add("quick");
        await().until(() -> done.contains("quick"));
        cloudAnswers.countDown();
        await().until(() -> done.size() == 2 && q.pending() == 0);
        assertThat(done).containsExactly("quick", "slow");
    }

    /** Defect 1 of issue 13: a failed pass waited for the next sweep (5 minutes). */
    @Test
    void aFailedPassIsRetriedWithAGrowingBackOffUntilItSucceeds() {
        List<Instant> passes = new CopyOnWriteArrayList<>();
        start(2, (id, slot) -> {
            passes.add(time.instant());
            if (passes.size() <= 3) {
                throw new IllegalStateException("database is locked");
            }
            return SETTLED;
        });
        q.add("d");
        for (int failures = 1; failures <= 3; failures++) {
            int f = failures;
            await().until(() -> passes.size() == f && q.pending() == 0);
            assertThat(q.numRequeues("d")).isEqualTo(f);
            Duration backOff = Duration.ofMillis(50L << (f - 1));
            assertThat(time.nextDue()).as("retried after its back-off, no signal or sweep needed").contains(backOff);
            time.advance(backOff.minusMillis(1));
            assertThat(q.pending()).as("not before its back-off").isZero();
            time.advance(Duration.ofMillis(1));
        }
        await().until(() -> passes.size() == 4 && q.pending() == 0);
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < passes.size(); i++) {
            gaps.add(Duration.between(passes.get(i - 1), passes.get(i)));
        }
        assertThat(gaps).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(q.numRequeues("d")).as("forgotten once a pass succeeded").isZero();
        assertThat(time.pendingTimers()).isZero();
        assertThat(reported).as("three failures are no persistent failure").isEmpty();
    }

    @Test
    void aPersistentFailureIsReportedOnceAndAgainOnlyAfterARecovery() {
        AtomicInteger passes = new AtomicInteger();
        start(1, (id, slot) -> {
            int n = passes.incrementAndGet();
            if (n == 8) {
                return SETTLED;
            }
            throw new IllegalStateException("failure " + n);
        });
        q.add("d");
        for (int n = 1; n <= 13; n++) {
            int k = n;
            await().until(() -> passes.get() == k && q.pending() == 0);
            if (n == 8) {
                assertThat(time.pendingTimers()).isZero();
                q.add("d"); // settled: nothing comes back unless signalled
            } else if (n < 13) {
                time.advanceToNext();
            }
        }
        assertThat(reported).containsExactly("d after 5: failure 5", "d after 5: failure 13");
        assertThat(q.numRequeues("d")).isEqualTo(5);
    }

    @Test
    void aPassInMotionComesBackAfterTheResyncIntervalAndOneWithAWakeUpAtItsTime() {
        AtomicInteger passes = new AtomicInteger();
        start(1, (id, slot) -> switch (passes.incrementAndGet()) {
            case 1 -> new Outcome(false, null);
            case 2 -> new Outcome(true, time.instant().plusSeconds(3));
            default -> SETTLED;
        });
        q.add("d");
        await().until(() -> passes.get() == 1 && q.pending() == 0);
        assertThat(time.nextDue()).contains(RESYNC);
        time.advance(RESYNC);
        await().until(() -> passes.get() == 2 && q.pending() == 0);
        assertThat(time.nextDue()).contains(Duration.ofSeconds(3));
        time.advance(Duration.ofSeconds(3));
        await().until(() -> passes.get() == 3 && q.pending() == 0);
        assertThat(time.pendingTimers()).as("settled with nothing to wait for").isZero();
    }

    @Test
    void aSignalDuringASweepWaitsBehindAHandfulOfPassesNotBehindEveryDomain() {
        allDomains = IntStream.range(0, 100).mapToObj(i -> "s" + i).toList();
        CountDownLatch hold = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        start(2, (id, slot) -> {
            order.add(id);
            if (order.size() <= 2) {
                waitFor(hold);
            }
            return SETTLED;
        });
        controller.sweep();
        await().until(() -> order.size() == 2);
        q.add("api");
        hold.countDown();
        await().until(() -> order.size() == 101 && q.pending() == 0);
        assertThat(order.indexOf("api")).isLessThanOrEqualTo(2);
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
