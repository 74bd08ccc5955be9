package dev.specter.engine;

import java.time.Instant;
import java.util.Locale;

/** What the metric-driven engines share: holding a size, scaling, and explaining readings in activities. */
final class MetricDecisions {
    private MetricDecisions() {
    }

    /** The plan that keeps {@code size}, remembering it. */
    static Plan hold(DomainView view, ScalingState state, int size, Decision d, String why) {
        return Placement.plan(view, size, why).withScaling(state.desired() == null || state.desired() != size
                ? new ScalingState(state.engine(), size, state.lastScaledAt()) : state, d);
    }

    /** Holding because nothing could be read: the source failed, or there were no readings. */
    static Plan holdWithoutReadings(DomainView view, ScalingState state, int size, MetricObservation o, String why) {
        return hold(view, state, size, new Decision(o.failure() != null ? "source-failed" : "no-readings", why, false),
                why);
    }

    /** The plan that moves to {@code size} on the readings: remembered, and the cooldown starts now. */
    static Plan scale(DomainView view, String engine, int size, Instant now, String why) {
        return Placement.plan(view, size, why).withScaling(new ScalingState(engine, size, now),
                new Decision("scale", why, true));
    }

    static String missing(MetricObservation o) {
        return o.missing().isEmpty() ? "" : "; no readings yet from " + o.missing();
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
    }
}
