package dev.specter.engine;

import dev.specter.instance.LifecycleState;

import java.time.Instant;

/** A healthy instance of the domain, as the engine sees it. */
public record Member(String instanceId, String site, LifecycleState state, Instant createdAt) {
}
