package dev.specter.engine;

import java.util.Locale;

/** What the metric-driven engines share: holding a size, and explaining readings in activities. */
final class MetricDecisions {
    private MetricDecisions() {
    }

    /** The plan that keeps {@code size}, remembering it. */
    static Plan hold(DomainView view, ScalingState state, int size, Decision d, String why) {
        return Placement.plan(view, size, why).withScaling(state.desired() == null || state.desired() != size
                ? new ScalingState(state.engine(), size, state.lastScaledAt()) : state, d);
    }

    static String missing(MetricObservation o) {
        return o.missing().isEmpty() ? "" : "; no readings yet from " + o.missing();
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
    }
}
