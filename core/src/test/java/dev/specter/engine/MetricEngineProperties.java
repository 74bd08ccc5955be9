package dev.specter.engine;

import dev.specter.domain.SensorPolicy;
import dev.specter.domain.TargetPolicy;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the metric engines promise whatever the readings, bounds and timers. */
class MetricEngineProperties {
    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    static final List<SiteSlot> SITES = List.of(new SiteSlot("hotel", 1, -1, true));

    @Provide
    Arbitrary<SensorPolicy> sensorPolicies() {
        return Combinators.combine(Arbitraries.integers().between(0, 20), Arbitraries.integers().between(0, 20),
                        Arbitraries.doubles().between(0, 10), Arbitraries.doubles().between(0, 10),
                        Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 5),
                        Arbitraries.integers().between(0, 600))
                .as((a, b, t1, t2, up, down, cool) -> new SensorPolicy("m", Math.min(a, b), Math.max(a, b),
                        Math.max(t1, t2), up, Math.min(t1, t2), down, cool));
    }

    static List<Member> running(int n) {
        return Members.running("i", n, T0.minusSeconds(3600));
    }

    static MetricObservation readings(List<Member> members, List<Double> values) {
        Map<String, Double> v = new HashMap<>();
        for (int i = 0; i < members.size() && i < values.size(); i++) {
            v.put(members.get(i).instanceId(), values.get(i));
        }
        List<String> missing = members.stream().map(Member::instanceId).filter(id -> !v.containsKey(id)).toList();
        return new MetricObservation("m", v, null, missing, null);
    }

    @Property(tries = 2000)
    void sensorDecisionsStayWithinBoundsMoveByAtMostOneStepAndRespectStrictThresholds(
            @ForAll("sensorPolicies") SensorPolicy p, @ForAll @IntRange(min = 0, max = 25) int size,
            @ForAll @IntRange(min = 0, max = 25) int desired,
            @ForAll("loads") List<Double> values, @ForAll @IntRange(min = 0, max = 1200) int sinceScale) {
        List<Member> m = running(size);
        ScalingState state = new ScalingState(SensorPolicy.NAME, desired, T0.minusSeconds(sinceScale));
        MetricObservation o = readings(m, values);
        Plan plan = SensorEngine.INSTANCE.decide(new DomainView("d", p, SITES, m, state, o), T0);
        int before = p.clamp(desired);
        assertThat(plan.target()).isBetween(p.minimumVms(), p.maximumVms());
        assertThat(Math.abs(plan.target() - before)).isLessThanOrEqualTo(Math.max(p.scaleUpVms(), p.scaleDownVms()));
        if (o.empty() || sinceScale < p.cooldownSeconds()) {
            assertThat(plan.target()).as("no readings, or in cooldown: hold").isEqualTo(before);
        } else {
            double avg = o.average();
            if (avg > p.scaleUpThreshold()) {
                assertThat(plan.target()).isGreaterThanOrEqualTo(before);
            } else if (avg < p.scaleDownThreshold()) {
                assertThat(plan.target()).isLessThanOrEqualTo(before);
            } else {
                assertThat(plan.target()).isEqualTo(before);
            }
        }
        if (plan.target() != before) {
            assertThat(plan.state().lastScaledAt()).as("a change by readings starts the cooldown").isEqualTo(T0);
        }
        assertThat(plan.launchCount() - plan.terminations().size()).isEqualTo(plan.target() - size);
    }

    @Provide
    Arbitrary<List<Double>> loads() {
        return Arbitraries.doubles().between(0, 12).list().ofMaxSize(25);
    }

    @Property(tries = 1000)
    void targetDecisionsStayWithinBoundsAndNeverShrinkWhenScaleInIsDisabled(
            @ForAll @IntRange(min = 0, max = 10) int min, @ForAll @IntRange(min = 0, max = 10) int span,
            @ForAll @DoubleRange(min = 0.5, max = 100) double target, @ForAll boolean noScaleIn,
            @ForAll @IntRange(min = 0, max = 20) int size, @ForAll("loads") List<Double> values) {
        TargetPolicy p = new TargetPolicy("m", target, min, min + span, noScaleIn, 0);
        List<Member> m = running(size);
        int before = p.clamp(size);
        Plan plan = TargetEngine.INSTANCE.decide(new DomainView("d", p, SITES, m,
                new ScalingState(TargetPolicy.NAME, size, null), readings(m, values)), T0);
        assertThat(plan.target()).isBetween(p.minimumVms(), p.maximumVms());
        if (noScaleIn) {
            assertThat(plan.target()).isGreaterThanOrEqualTo(before);
        }
    }
}
