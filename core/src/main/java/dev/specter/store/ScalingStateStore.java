package dev.specter.store;

import dev.specter.engine.ScalingState;

/** What metric-driven engines remember per domain (decided size, cooldown and evaluation times). */
public interface ScalingStateStore {
    /** The stored state, or {@link ScalingState#NONE}. */
    ScalingState forDomain(String domainId);

    void put(String domainId, ScalingState state);

    /** Lowers the remembered size by one (not below 0), when the user removed a VM for good. */
    void shrinkByOne(String domainId);
}
