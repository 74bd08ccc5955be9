package dev.specter.store;

import dev.specter.instance.Instance;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

public interface InstanceStore {
    /** The domain's instances: all non-terminal ones and terminal ones that changed at or after {@code since}. */
    List<Instance> byDomain(String domainId, Instant since);

    Optional<Instance> byId(String domainId, String instanceId);

    /** The domain's non-terminal instances. */
    List<Instance> live(String domainId);

    /** Instances with these ids (for telling Specter's VMs from zombies); unknown ids are left out. */
    List<Instance> byIds(Collection<String> ids);

    /** The owner's instances whose id or cloud id is one of {@code refs}. */
    List<Instance> ofOwner(long owner, Collection<String> refs);

    /** Ids of the non-terminal instances on the site. */
    Set<String> liveIdsOn(String site);

    /** Owners with non-terminal instances on the site: whose accounts must be described there. */
    Set<Long> ownersLiveOn(String site);

    /** Write-ahead: records VMs about to be launched. */
    void insertAll(List<Instance> instances);

    /** Stores the control loop's view of each instance (state, cloud facts, reason, timers). */
    void updateAll(List<Instance> instances);

    /** Marks a non-terminal instance for termination; false when there is no such live instance. */
    boolean requestTermination(String domainId, String instanceId);

    /** Deletes terminal instances that last changed before {@code before}; returns how many. */
    int purgeTerminal(Instant before);
}
