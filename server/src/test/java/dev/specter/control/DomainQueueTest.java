package dev.specter.control;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DomainQueueTest {

    @Test
    void signalsDuringAPassFoldIntoOneMorePassNeverAConcurrentOne() throws Exception {
        CountDownLatch inFirstPass = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicInteger passes = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        try (DomainQueue q = new DomainQueue(4, (id, slot) -> {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            if (passes.incrementAndGet() == 1) {
                inFirstPass.countDown();
                waitFor(releaseFirst);
            }
            running.decrementAndGet();
        })) {
            q.signal("d");
            assertThat(inFirstPass.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 10; i++) {
                q.signal("d");
            }
            releaseFirst.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> q.pending() == 0);
            assertThat(passes.get()).isEqualTo(2);
            assertThat(overlaps.get()).isZero();
        }
    }

    @Test
    void aPassEndingInAnErrorDoesNotLeaveItsDomainWedged() {
        AtomicInteger passes = new AtomicInteger();
        try (DomainQueue q = new DomainQueue(2, (id, slot) -> {
            if (passes.incrementAndGet() == 1) {
                throw new StackOverflowError("simulated");
            }
        })) {
            // the Error is the worker thread's own; awaitility would otherwise fail on it
            q.signal("d");
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(5)).until(() -> q.pending() == 0);
            q.signal("d");
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(5))
                    .until(() -> passes.get() == 2 && q.pending() == 0);
        }
    }

    @Test
    void noMoreThanMaxConcurrentPassesRunAtOnce() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        var done = ConcurrentHashMap.<String>newKeySet();
        try (DomainQueue q = new DomainQueue(3, (id, slot) -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            // stay until three run at once (however slowly threads start), so a fourth would show
            long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (running.get() < 3 && done.size() < 27 && System.nanoTime() < until) {
                sleep(1);
            }
            sleep(5);
            running.decrementAndGet();
            done.add(id);
        })) {
            for (int i = 0; i < 30; i++) {
                q.signal("d" + i);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> done.size() == 30);
            assertThat(peak.get()).isEqualTo(3);
        }
    }

    @Test
    void signalWhenRoomWaitsForADomainToLeaveTheQueue() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        var started = ConcurrentHashMap.<String>newKeySet();
        try (DomainQueue q = new DomainQueue(2, (id, slot) -> {
            started.add(id);
            if (!id.equals("d3")) {
                waitFor(release);
            }
        })) {
            q.signal("d1");
            q.signal("d2");
            await().atMost(Duration.ofSeconds(5)).until(() -> started.size() == 2);
            Thread sweeper = sweep(q, "d3");
            sweeper.join(300);
            assertThat(sweeper.isAlive()).as("no room while d1 and d2 run").isTrue();
            assertThat(started).doesNotContain("d3");
            release.countDown();
            sweeper.join(5_000);
            assertThat(sweeper.isAlive()).isFalse();
            await().atMost(Duration.ofSeconds(5)).until(() -> started.contains("d3"));
        }
    }

    @Test
    void closingReleasesASweepWaitingForRoom() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        DomainQueue q = new DomainQueue(1, (id, slot) -> waitFor(release));
        q.signal("d1");
        await().atMost(Duration.ofSeconds(5)).until(() -> q.pending() == 1);
        Thread sweeper = sweep(q, "d2");
        sweeper.join(200);
        assertThat(sweeper.isAlive()).isTrue();
        Thread closer = Thread.ofVirtual().start(() -> q.close(Duration.ofMillis(100)));
        sweeper.join(5_000);
        assertThat(sweeper.isAlive()).as("close woke the sweep").isFalse();
        release.countDown();
        closer.join(5_000);
    }

    /** What the control loop's sweep does for one domain, on its own thread. */
    private static Thread sweep(DomainQueue q, String domainId) {
        return Thread.ofVirtual().start(() -> {
            try {
                q.signalWhenRoom(domainId);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
