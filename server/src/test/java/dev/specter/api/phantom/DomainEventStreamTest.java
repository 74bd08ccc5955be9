package dev.specter.api.phantom;

import dev.specter.activity.Activity;
import dev.specter.activity.DomainEvent;
import dev.specter.metric.SensorBoard;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The fan-out behind {@code GET /domains/<id>/events}; the HTTP side is ControlLoopTest's. */
class DomainEventStreamTest {
    final DomainEventStream events = new DomainEventStream("/api/dev", null, new SensorBoard());

    static DomainEvent activity(String domain, int n) {
        return new DomainEvent.ActivityRecorded(domain, Activity.of(domain, 7, Instant.EPOCH, "scale", "cause " + n,
                "decided size " + n, "ok", null, 1));
    }

    @Test
    void aWatcherGetsItsDomainsEventsInOrderAndOnlyThose() throws Exception {
        DomainEventStream.Watcher w = events.watch("d1", "alice");
        events.on(activity("d1", 1));
        events.on(activity("d2", 2));
        events.on(activity("d1", 3));
        assertThat(w.next(1)).startsWith("event: activity\n").contains("cause 1");
        assertThat(w.next(1)).contains("cause 3");
        assertThat(w.next(0)).as("nothing more: a ping").isEqualTo(": ping\n\n");
    }

    @Test
    void aWatcherThatFallsTooFarBehindIsDroppedAndHoldsNoBacklog() throws Exception {
        DomainEventStream.Watcher slow = events.watch("d1", "alice");
        DomainEventStream.Watcher keepingUp = events.watch("d1", "alice");
        for (int i = 0; i < DomainEventStream.MAX_BEHIND + 1; i++) {
            events.on(activity("d1", i));
            assertThat(keepingUp.next(1)).contains("cause " + i);
        }
        assertThat(slow.queue()).as("the backlog is dropped with it").hasSize(1);
        assertThat(slow.next(1)).as("its stream ends").isNull();
        events.on(activity("d1", -1));
        assertThat(keepingUp.next(1)).contains("cause -1");
    }

    @Test
    void closingEndsEveryStreamAndUnwatchedStreamsGetNothing() throws Exception {
        DomainEventStream.Watcher a = events.watch("d1", "alice");
        DomainEventStream.Watcher b = events.watch("d2", "bob");
        events.unwatch("d2", b);
        events.on(activity("d2", 1));
        assertThat(b.queue()).isEmpty();
        events.close();
        assertThat(a.next(1)).isNull();
    }
}
