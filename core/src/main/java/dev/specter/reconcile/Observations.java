package dev.specter.reconcile;

import dev.specter.cloud.CloudAccount;
import dev.specter.cloud.SiteSnapshot;

/** The latest describe of each account, kept by whoever polls the sites. */
public interface Observations {
    /** The newest snapshot of the account, or null when none has succeeded yet. */
    SiteSnapshot latest(CloudAccount account);

    /**
     * False while the account's site keeps failing to answer describes: it is treated as out of
     * service (no new VMs) until it answers again.
     */
    boolean reachable(CloudAccount account);
}
