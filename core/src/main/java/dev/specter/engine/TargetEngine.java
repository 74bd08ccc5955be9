package dev.specter.engine;

import dev.specter.domain.TargetPolicy;
import dev.specter.instance.LifecycleState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Target tracking: size the domain so the metric's average per in-service instance comes back to
 * the target, as AWS target tracking does: {@code ceil(in-service x average / target)}, clamped.
 * <ul>
 *   <li>a VM is in service once RUNNING for {@code warmup}; younger VMs' readings are not averaged
 *       (a booting VM's load says nothing yet) but they count as capacity already added;</li>
 *   <li>scale-in waits while any VM is warming up, and never happens with {@code disable_scale_in};</li>
 *   <li>no readings from in-service VMs (and none for the domain): hold, clamped.</li>
 * </ul>
 */
public final class TargetEngine implements DecisionEngine {
    public static final TargetEngine INSTANCE = new TargetEngine();

    @Override
    public Plan decide(DomainView view, Instant now) {
        TargetPolicy p = (TargetPolicy) view.policy();
        ScalingState state = view.state().forEngine(TargetPolicy.NAME);
        int before = p.clamp(state.desired() != null ? state.desired() : view.members().size());
        MetricObservation o = view.observed();
        if (o == null) {
            return MetricDecisions.hold(view, state, before, null, "holding " + before + " until the next evaluation");
        }
        Set<String> inService = view.members().stream()
                .filter(m -> m.state() == LifecycleState.RUNNING
                        && !now.isBefore(m.stateChangedAt().plusSeconds(p.warmupSeconds())))
                .map(Member::instanceId).collect(Collectors.toSet());
        List<Double> values = new ArrayList<>();
        o.instances().forEach((id, v) -> {
            if (inService.contains(id)) {
                values.add(v);
            }
        });
        int warming = view.members().size() - inService.size();
        if (values.isEmpty() && o.domain() != null) {
            values.add(o.domain());
        }
        if (values.isEmpty()) {
            String why = "no " + p.metric() + " readings from in-service instances"
                    + (o.failure() != null ? " (" + o.failure() + ")" : warming > 0 ? " (" + warming + " warming up)" : "")
                    + ": holding " + before + " within [" + p.minimumVms() + ", " + p.maximumVms() + "]";
            return MetricDecisions.holdWithoutReadings(view, state, before, o, why);
        }
        double average = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        int basis = Math.max(1, inService.size());
        int wanted = (int) Math.min(Integer.MAX_VALUE, Math.ceil(basis * average / p.targetValue() - 1e-9));
        wanted += warming; // capacity already on its way
        String reading = "average " + p.metric() + " " + MetricDecisions.format(average) + " over " + values.size()
                + " in-service instance" + (values.size() == 1 ? "" : "s") + " (target "
                + MetricDecisions.format(p.targetValue()) + ")";
        if (wanted < before && (p.disableScaleIn() || warming > 0)) {
            String why = reading + ": would shrink to " + Math.max(p.minimumVms(), wanted) + " but "
                    + (p.disableScaleIn() ? "scale-in is disabled" : warming + " instances are warming up")
                    + "; holding " + before;
            return MetricDecisions.hold(view, state, before, new Decision("hold", why, false), why);
        }
        int after = p.clamp(wanted);
        if (after == before) {
            String why = reading + ": holding " + before;
            return MetricDecisions.hold(view, state, before, new Decision("hold", why, false), why);
        }
        String why = reading + ": " + before + " -> " + after + MetricDecisions.missing(o);
        return MetricDecisions.scale(view, TargetPolicy.NAME, after, now, why);
    }
}
