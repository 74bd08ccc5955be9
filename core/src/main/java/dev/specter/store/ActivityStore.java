package dev.specter.store;

import dev.specter.activity.Activity;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The domains' scaling history. Retention deletes in bounded batches: each delete method removes
 * at most {@code limit} rows (oldest first) and returns how many, so the caller repeats it until
 * it returns less than {@code limit}, keeping every statement, and its hold on the database's write
 * lock, short.
 */
public interface ActivityStore {
    /** Appends and returns the activity with its assigned id. */
    Activity append(Activity activity);

    /** The domain's newest activities first, at most {@code limit}, with ids below {@code beforeId} (0 = newest). */
    List<Activity> list(String domainId, long beforeId, int limit);

    /** Deletes up to {@code limit} of the activities (any domain's) that occurred before {@code before}, oldest first; returns how many. */
    int purgeBefore(Instant before, int limit);

    /**
     * The id of the oldest of the domain's {@code keep} newest activities (by id, as {@link #list} orders
     * them), or 0 when it has fewer than {@code keep}: its activities below this id are beyond a cap of
     * {@code keep}.
     */
    long oldestKept(String domainId, int keep);

    /** Deletes up to {@code limit} of the domain's activities with ids below {@code beforeId}, oldest first; returns how many. */
    int purgeDomainBefore(String domainId, long beforeId, int limit);

    /** The highest activity id assigned so far, 0 when there is none. */
    long newestId();

    /** The domains having activities with ids above {@code afterId} (0: every domain with any). */
    Set<String> domainsAppendedAfter(long afterId);
}
