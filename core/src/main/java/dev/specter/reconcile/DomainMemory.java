package dev.specter.reconcile;

import dev.specter.engine.Decision;
import dev.specter.instance.Instance;
import dev.specter.instance.LifecycleState;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the reconciler remembers of one domain from one pass to the next, in memory only: nothing
 * here is needed to continue after a restart; it keeps passes from repeating themselves. Each pass
 * starts from the memory the last one left and leaves a new one.
 *
 * @param notices       per kind, the key of the standing notice last recorded
 * @param lastDecision  the kind of the last metric decision, or null: holds are recorded when it changes
 * @param lastEvaluated when the domain's metrics were last evaluated, or null. Memory only on
 *                      purpose: after a restart every domain is evaluated at once, and nothing is
 *                      written per evaluation unless its decision changed something (1,000
 *                      evaluations a second at 10,000 sensor domains).
 * @param terminateSent when a terminate was last sent, per instance id, so a VM slow to go is asked
 *                      again, but not on every pass
 */
record DomainMemory(Map<Notice.Kind, String> notices, String lastDecision, Instant lastEvaluated,
                    Map<String, Instant> terminateSent) {
    static final DomainMemory NONE = new DomainMemory(Map.of(), null, null, Map.of());

    DomainMemory {
        notices = Map.copyOf(notices);
        terminateSent = Map.copyOf(terminateSent);
    }

    /** Whether this notice, in this form, was recorded while it stood. */
    boolean recorded(Notice notice) {
        return notice.key().equals(notices.get(notice.kind()));
    }

    /** Remembers the notice of {@code kind} that stands now, or that none does (so it is recorded when it recurs). */
    DomainMemory noticed(Notice.Kind kind, Optional<Notice> standing) {
        Map<Notice.Kind, String> next = new EnumMap<>(Notice.Kind.class);
        next.putAll(notices);
        standing.ifPresentOrElse(n -> next.put(kind, n.key()), () -> next.remove(kind));
        return new DomainMemory(next, lastDecision, lastEvaluated, terminateSent);
    }

    DomainMemory decided(Decision decision) {
        return decision == null ? this : new DomainMemory(notices, decision.kind(), lastEvaluated, terminateSent);
    }

    DomainMemory evaluated(Instant at) {
        return new DomainMemory(notices, lastDecision, at, terminateSent);
    }

    /** A deleted domain has nothing left to notice or decide; only the terminations of its VMs go on. */
    DomainMemory deleted() {
        return new DomainMemory(Map.of(), null, null, terminateSent);
    }

    boolean dueForTerminate(Instance i, Instant now) {
        Instant last = terminateSent.get(i.id());
        return last == null || !now.isBefore(last.plus(Lifecycle.TERMINATE_RETRY));
    }

    DomainMemory terminateSent(Collection<Instance> sent, Instant at) {
        Map<String, Instant> next = new HashMap<>(terminateSent);
        sent.forEach(i -> next.put(i.id(), at));
        return new DomainMemory(notices, lastDecision, lastEvaluated, next);
    }

    /**
     * Keeps the terminate times of the instances that are still terminating only: once an instance
     * is gone (or no longer among the domain's live instances) nothing will ask for it again.
     */
    DomainMemory pruned(Collection<Instance> live) {
        Map<String, Instant> next = new HashMap<>();
        for (Instance i : live) {
            Instant sent = terminateSent.get(i.id());
            if (sent != null && i.state() == LifecycleState.TERMINATING) {
                next.put(i.id(), sent);
            }
        }
        return next.size() == terminateSent.size() ? this
                : new DomainMemory(notices, lastDecision, lastEvaluated, next);
    }
}
