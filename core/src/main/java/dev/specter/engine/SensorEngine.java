package dev.specter.engine;

import dev.specter.domain.SensorPolicy;

import java.time.Instant;

/**
 * Phantom's {@code sensor} engine (SPEC 4.2), with the original's quirks fixed: a reading of 0 is a
 * value, instances without readings are left out rather than counted as 0, and the bounds hold
 * during the cooldown.
 * <ul>
 *   <li>average above the up threshold: grow by {@code scale_up_vms}; below the down threshold:
 *       shrink by {@code scale_down_vms}; both strict, then clamped to [minimum, maximum];</li>
 *   <li>a change made by the readings starts the cooldown, during which readings change nothing
 *       (bounds and replacement of failed VMs still apply);</li>
 *   <li>no readings at all: hold the size, clamped.</li>
 * </ul>
 * The size is remembered ({@link ScalingState#desired()}), so a failed VM is replaced rather than
 * taken as the new size.
 */
public final class SensorEngine implements DecisionEngine {
    public static final SensorEngine INSTANCE = new SensorEngine();

    @Override
    public Plan decide(DomainView view, Instant now) {
        SensorPolicy p = (SensorPolicy) view.policy();
        ScalingState state = view.state().forEngine(SensorPolicy.NAME);
        int before = p.clamp(state.desired() != null ? state.desired() : view.members().size());
        MetricObservation o = view.observed();
        if (o == null) {
            return MetricDecisions.hold(view, state, before, null, "holding " + before + " until the next evaluation");
        }
        if (o.empty()) {
            String why = "no " + p.metric() + " readings" + (o.failure() != null ? " (" + o.failure() + ")" : "")
                    + ": holding " + before + " within [" + p.minimumVms() + ", " + p.maximumVms() + "]";
            return MetricDecisions.holdWithoutReadings(view, state, before, o, why);
        }
        double average = o.average();
        String reading = "average " + p.metric() + " " + MetricDecisions.format(average) + " over " + o.coverage();
        Instant cooldownEnds = state.lastScaledAt() == null ? null
                : state.lastScaledAt().plusSeconds(p.cooldownSeconds());
        if (cooldownEnds != null && now.isBefore(cooldownEnds)) {
            String why = reading + "; in cooldown until " + cooldownEnds + ": holding " + before;
            return MetricDecisions.hold(view, state, before, new Decision("cooldown", why, false), why);
        }
        int wanted = average > p.scaleUpThreshold() ? before + p.scaleUpVms()
                : average < p.scaleDownThreshold() ? before - p.scaleDownVms() : before;
        int after = p.clamp(wanted);
        String comparison = average > p.scaleUpThreshold() ? " is above " + MetricDecisions.format(p.scaleUpThreshold())
                : average < p.scaleDownThreshold() ? " is below " + MetricDecisions.format(p.scaleDownThreshold())
                : " is within [" + MetricDecisions.format(p.scaleDownThreshold()) + ", " + MetricDecisions.format(p.scaleUpThreshold()) + "]";
        if (after == before) {
            String why = reading + comparison + ": holding " + before
                    + (wanted != before ? " (bounds [" + p.minimumVms() + ", " + p.maximumVms() + "])" : "");
            return MetricDecisions.hold(view, state, before, new Decision("hold", why, false), why);
        }
        String why = reading + comparison + ": " + before + " -> " + after + MetricDecisions.missing(o);
        return MetricDecisions.scale(view, SensorPolicy.NAME, after, now, why);
    }
}
