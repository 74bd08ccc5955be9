package dev.specter.engine;

import dev.specter.domain.SensorPolicy;

import java.time.Instant;

/**
 * Phantom's {@code sensor} engine. Without readings it holds the current size clamped to
 * [minimum, maximum] (SPEC 4.2), which also enforces the bounds and replaces failed VMs.
 */
public final class SensorEngine implements DecisionEngine {
    public static final SensorEngine INSTANCE = new SensorEngine();

    @Override
    public Plan decide(DomainView view, Instant now) {
        SensorPolicy p = (SensorPolicy) view.policy();
        int current = view.members().size();
        int target = Math.max(p.minimumVms(), Math.min(p.maximumVms(), current));
        return Placement.plan(view, target, "no " + p.metric() + " readings: holding " + target
                + " within [" + p.minimumVms() + ", " + p.maximumVms() + "]");
    }
}
