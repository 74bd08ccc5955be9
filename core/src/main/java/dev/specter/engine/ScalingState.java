package dev.specter.engine;

import java.time.Instant;

/**
 * What a metric-driven engine remembers about a domain between passes; stored, so a restart
 * neither forgets a scale-out nor restarts a cooldown.
 *
 * @param engine          the engine that wrote it; another engine starts afresh
 * @param desired         the size the engine last decided, or null before its first decision
 * @param lastScaledAt    when a reading last changed the size (the cooldown runs from here)
 */
public record ScalingState(String engine, Integer desired, Instant lastScaledAt) {
    public static final ScalingState NONE = new ScalingState(null, null, null);

    /** This state if {@code engineName} wrote it, else a fresh one. */
    public ScalingState forEngine(String engineName) {
        return engineName.equals(engine) ? this : new ScalingState(engineName, null, null);
    }
}
