package dev.specter.engine;

import java.time.Instant;

/**
 * A decision engine: a pure function of what is known about a domain to a plan. No I/O, no clock
 * reads (time comes in as {@code now}), no randomness.
 */
public interface DecisionEngine {
    Plan decide(DomainView view, Instant now);
}
