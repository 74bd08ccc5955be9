package dev.specter.engine;

import dev.specter.domain.MultiCloudPolicy;

import java.time.Instant;

/** Phantom's {@code multicloud} engine: exactly {@code vm_count} healthy VMs, placed by {@link Placement}. */
public final class MultiCloudEngine implements DecisionEngine {
    public static final MultiCloudEngine INSTANCE = new MultiCloudEngine();

    @Override
    public Plan decide(DomainView view, Instant now) {
        int n = ((MultiCloudPolicy) view.policy()).vmCount();
        return Placement.plan(view, n, "vm_count is " + n);
    }
}
