package dev.specter.engine;

import dev.specter.domain.MultiCloudPolicy;
import dev.specter.domain.SensorPolicy;
import dev.specter.domain.TargetPolicy;

import java.time.Instant;

/** Picks the engine for a domain's policy. */
public final class Engines {
    private Engines() {
    }

    public static Plan decide(DomainView view, Instant now) {
        return switch (view.policy()) {
            case MultiCloudPolicy m -> MultiCloudEngine.INSTANCE.decide(view, now);
            case SensorPolicy s -> SensorEngine.INSTANCE.decide(view, now);
            case TargetPolicy t -> TargetEngine.INSTANCE.decide(view, now);
        };
    }
}
