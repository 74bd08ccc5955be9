package dev.specter.engine;

import dev.specter.instance.Instance;
import dev.specter.instance.LifecycleState;

import java.time.Instant;

/**
 * A healthy instance of the domain, as the engine sees it.
 *
 * @param createdAt      when its launch was decided: placement removes the newest first
 * @param stateChangedAt when it entered {@code state}; for a RUNNING member, when it reached RUNNING
 *                       (states only move forward, so nothing after that moves this time)
 */
public record Member(String instanceId, String site, LifecycleState state, Instant createdAt, Instant stateChangedAt) {
    public static Member of(Instance i) {
        return new Member(i.id(), i.site(), i.state(), i.createdAt(), i.stateChangedAt());
    }
}
