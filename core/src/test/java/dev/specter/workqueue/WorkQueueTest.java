package dev.specter.workqueue;

import dev.specter.testing.ManualScheduler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WorkQueueTest {
    final ManualScheduler time = new ManualScheduler();
    final WorkQueue<String> q = new WorkQueue<>(time);

    @Test
    void anItemIsQueuedOnceHoweverOftenItIsAdded() throws Exception {
        q.add("a");
        q.add("b");
        q.add("a");
        assertThat(q.len()).isEqualTo(2);
        assertThat(q.get()).contains("a");
        assertThat(q.get()).contains("b");
        assertThat(q.len()).isZero();
        assertThat(q.pending()).as("both are being processed").isEqualTo(2);
    }

    @Test
    void anItemAddedWhileProcessedIsHandedOutOnceMoreAfterItIsDoneNeverTwiceAtOnce() throws Exception {
        q.add("a");
        assertThat(q.get()).contains("a");
        q.add("a");
        q.add("a");
        assertThat(q.len()).as("not handed to a second worker while the first has it").isZero();
        assertThat(q.pending()).isEqualTo(1);
        q.done("a");
        assertThat(q.len()).isEqualTo(1);
        assertThat(q.get()).contains("a");
        q.done("a");
        assertThat(q.len()).as("the adds folded into one more").isZero();
        assertThat(q.pending()).isZero();
    }

    @Test
    void addAfterAddsOnceTheDelayHasPassed() {
        q.addAfter("a", Duration.ofSeconds(1));
        assertThat(q.len()).isZero();
        assertThat(q.waiting()).isEqualTo(1);
        time.advance(Duration.ofMillis(999));
        assertThat(q.len()).isZero();
        time.advance(Duration.ofMillis(1));
        assertThat(q.len()).isEqualTo(1);
        assertThat(q.waiting()).isZero();

        q.addAfter("b", Duration.ZERO);
        assertThat(q.len()).as("no delay: added at once").isEqualTo(2);
    }

    @Test
    void theEarliestTimeWinsAndEachItemHasOneTimer() throws Exception {
        q.addAfter("a", Duration.ofSeconds(5));
        q.addAfter("a", Duration.ofSeconds(1));
        q.addAfter("a", Duration.ofSeconds(3));
        assertThat(time.pendingTimers()).isEqualTo(1);
        time.advance(Duration.ofSeconds(1));
        assertThat(q.get()).contains("a");
        q.done("a");
        time.advance(Duration.ofSeconds(10));
        assertThat(q.len()).as("the later times were dropped, not kept").isZero();
    }

    @Test
    void addRateLimitedDoublesTheBackOffUntilTheItemIsForgotten() throws Exception {
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            delays.add(q.addRateLimited("a"));
            assertThat(q.len()).isZero();
            assertThat(time.advanceToNext()).isEqualTo(delays.getLast());
            assertThat(q.get()).contains("a");
            q.done("a");
        }
        assertThat(delays).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(q.numRequeues("a")).isEqualTo(3);
        assertThat(q.numRequeues("b")).isZero();
        assertThat(q.addRateLimited("b")).as("each item backs off on its own").isEqualTo(Duration.ofMillis(50));

        q.forget("a");
        assertThat(q.numRequeues("a")).isZero();
        assertThat(q.addRateLimited("a")).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void addWhenFewerThanWaitsUntilTheQueueDrainsBelowTheBound() throws Exception {
        q.add("a");
        q.add("b");
        assertThat(q.get()).contains("a");
        Thread producer = Thread.ofVirtual().start(() -> {
            try {
                q.addWhenFewerThan("c", 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            await().until(() -> producer.getState() == Thread.State.WAITING);
            assertThat(q.len()).as("a is processed and b queued: no room for c").isEqualTo(1);
            assertThat(q.get()).as("handing b out leaves as many pending").contains("b");
            assertThat(producer.getState()).isEqualTo(Thread.State.WAITING);
            q.done("a");
            producer.join(Duration.ofSeconds(10));
            assertThat(producer.isAlive()).isFalse();
            assertThat(q.get()).contains("c");
        } finally {
            producer.interrupt();
        }
    }

    @Test
    void shutDownReleasesEveryWaiterAndDropsWhatIsLeft() throws Exception {
        q.add("a");
        q.get();
        q.addAfter("b", Duration.ofSeconds(1));
        q.add("c");
        WorkQueue<String> empty = new WorkQueue<>(time);
        AtomicReference<Optional<String>> got = new AtomicReference<>();
        AtomicReference<Boolean> added = new AtomicReference<>();
        Thread worker = Thread.ofVirtual().start(() -> {
            try {
                got.set(empty.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread producer = Thread.ofVirtual().start(() -> {
            try {
                added.set(q.addWhenFewerThan("d", 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            await().until(() -> worker.getState() == Thread.State.WAITING
                    && producer.getState() == Thread.State.WAITING);
            empty.shutDown();
            q.shutDown();
            worker.join(Duration.ofSeconds(10));
            producer.join(Duration.ofSeconds(10));
            assertThat(got.get()).isEmpty();
            assertThat(added.get()).isFalse();
            assertThat(q.get()).as("c is dropped").isEmpty();
            assertThat(time.pendingTimers()).as("b's timer is cancelled").isZero();
            q.add("e");
            q.addAfter("f", Duration.ofSeconds(1));
            assertThat(q.len()).isZero();
            assertThat(q.waiting()).isZero();
            q.done("a");
            assertThat(q.pending()).isZero();
        } finally {
            worker.interrupt();
            producer.interrupt();
        }
    }
}
