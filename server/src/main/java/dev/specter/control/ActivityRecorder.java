package dev.specter.control;

import dev.specter.activity.Activity;
import dev.specter.activity.DomainEvent;
import dev.specter.activity.DomainEventListener;
import dev.specter.store.Store;

import java.time.InstantSource;

/**
 * Records the control loop's own activities (outside a reconcile pass, which commits its own with
 * its instance changes) and publishes each, so that every activity reaches the domain's event stream.
 */
final class ActivityRecorder {
    private final Store store;
    private final InstantSource clock;
    private final DomainEventListener events;

    ActivityRecorder(Store store, InstantSource clock, DomainEventListener events) {
        this.store = store;
        this.clock = clock;
        this.events = events;
    }

    /** Appends an activity of the domain, deleted or not; nothing when there is no such domain. */
    void record(String domainId, String action, String cause, String description, String result, String site,
                int instanceCount) {
        store.domains().byIdAnyState(domainId).ifPresent(d -> {
            Activity stored = store.activities().append(Activity.of(d.id(), d.owner(), clock.instant(), action,
                    cause, description, result, site, instanceCount));
            events.on(new DomainEvent.ActivityRecorded(d.id(), stored));
        });
    }

    /** The domain's passes failed {@code failures} times in a row, the last with {@code last}. */
    void reconcileFailed(String domainId, RuntimeException last, int failures) {
        record(domainId, "reconcile_failed", last.getMessage() == null ? last.toString() : last.getMessage(),
                "the last " + failures + " passes failed; retried with growing back-off until one succeeds", "failed",
                null, 0);
    }
}
