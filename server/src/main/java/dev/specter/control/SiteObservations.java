package dev.specter.control;

import dev.specter.cloud.CloudAccount;
import dev.specter.cloud.SiteSnapshot;
import dev.specter.reconcile.Observations;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The latest describe per account, and whether the account's site has stopped answering. */
final class SiteObservations implements Observations {
    /** Consecutive failed describes after which a site is treated as out of service. */
    static final int UNREACHABLE_AFTER = 3;

    private record Entry(SiteSnapshot snapshot, int failures) {
    }

    private final Map<String, Entry> byAccount = new ConcurrentHashMap<>();

    @Override
    public SiteSnapshot latest(CloudAccount account) {
        Entry e = byAccount.get(account.id());
        return e == null ? null : e.snapshot();
    }

    @Override
    public boolean reachable(CloudAccount account) {
        Entry e = byAccount.get(account.id());
        return e == null || e.failures() < UNREACHABLE_AFTER;
    }

    /** Stores a successful describe; returns the previous snapshot, or null. */
    SiteSnapshot succeeded(CloudAccount account, SiteSnapshot snapshot) {
        Entry old = byAccount.put(account.id(), new Entry(snapshot, 0));
        return old == null ? null : old.snapshot();
    }

    /** Records a failed describe; returns true when the site just became unreachable. */
    boolean failed(CloudAccount account) {
        Entry e = byAccount.merge(account.id(), new Entry(null, 1),
                (old, one) -> new Entry(old.snapshot(), old.failures() + 1));
        return e.failures() == UNREACHABLE_AFTER;
    }
}
