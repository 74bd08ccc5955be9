package dev.specter.engine;

import dev.specter.domain.TargetPolicy;
import dev.specter.instance.LifecycleState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TargetEngineTest {
    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    static final TargetPolicy POLICY = new TargetPolicy("cpu", 50, 1, 10, false, 60);
    static final List<SiteSlot> SITES = List.of(new SiteSlot("hotel", 1, -1, true));

    /** {@code inService} members up for ten minutes, {@code warming} ones for seconds (warm-up: 60 s). */
    static List<Member> members(int inService, int warming) {
        List<Member> out = new ArrayList<>(Members.running("s", inService, T0.minusSeconds(600)));
        out.addAll(Members.running("w", warming, T0.minusSeconds(10)));
        return out;
    }

    static MetricObservation each(List<Member> members, double value) {
        Map<String, Double> v = new HashMap<>();
        members.forEach(m -> v.put(m.instanceId(), value));
        return new MetricObservation("cpu", v, null, List.of(), null);
    }

    static Plan decide(TargetPolicy p, List<Member> m, Integer desired, MetricObservation o) {
        return TargetEngine.INSTANCE.decide(new DomainView("d", p, SITES, m,
                new ScalingState(TargetPolicy.NAME, desired, null), o), T0);
    }

    @Test
    void sizesSoTheAverageComesBackToTheTarget() {
        List<Member> m = members(4, 0);
        assertThat(decide(POLICY, m, 4, each(m, 75)).target()).as("4 x 75 / 50 = 6").isEqualTo(6);
        assertThat(decide(POLICY, m, 4, each(m, 30)).target()).as("4 x 30 / 50 = 2.4 -> 3").isEqualTo(3);
        assertThat(decide(POLICY, m, 4, each(m, 50)).target()).isEqualTo(4);
        assertThat(decide(POLICY, m, 4, each(m, 0)).target()).as("the minimum").isEqualTo(1);
        assertThat(decide(POLICY, m, 4, each(m, 1000)).target()).as("the maximum").isEqualTo(10);
    }

    @Test
    void warmingVmsAreCapacityButNotReadings() {
        List<Member> m = members(2, 2);
        MetricObservation o = each(m, 100); // the warming ones' readings are ignored whatever they say
        Plan p = decide(POLICY, m, 4, o);
        assertThat(p.target()).as("2 in service x 100 / 50 = 4, plus 2 on their way").isEqualTo(6);
        Plan low = decide(POLICY, m, 4, each(m, 10));
        assertThat(low.target()).as("no scale-in while VMs warm up").isEqualTo(4);
        assertThat(low.decision().text()).contains("2 instances are warming up");
    }

    @Test
    void scaleInCanBeDisabled() {
        TargetPolicy noIn = new TargetPolicy("cpu", 50, 1, 10, true, 60);
        List<Member> m = members(4, 0);
        assertThat(decide(noIn, m, 4, each(m, 10)).target()).isEqualTo(4);
        assertThat(decide(noIn, m, 4, each(m, 80)).target()).isEqualTo(7);
    }

    @Test
    void withoutInServiceReadingsItHoldsAndUsesTheDomainReadingWhenThereIsOne() {
        List<Member> m = members(0, 2);
        Plan hold = decide(POLICY, m, 2, each(m, 90));
        assertThat(hold.target()).isEqualTo(2);
        assertThat(hold.decision().kind()).isEqualTo("no-readings");
        List<Member> two = members(2, 0);
        MetricObservation domainOnly = new MetricObservation("cpu", Map.of(), 100.0, List.of("s0", "s1"), null);
        assertThat(decide(POLICY, two, 2, domainOnly).target()).isEqualTo(4);
    }

    @Test
    void warmUpCountsFromReachingRunningNotFromTheLaunch() {
        Member slowBoot = new Member("slow", "hotel", LifecycleState.RUNNING, T0.minusSeconds(3600), T0.minusSeconds(10));
        Plan p = decide(POLICY, List.of(slowBoot), 1, each(List.of(slowBoot), 100));
        assertThat(p.target()).as("launched an hour ago, RUNNING for 10 s of a 60 s warm-up").isEqualTo(1);
        assertThat(p.decision().kind()).isEqualTo("no-readings");
        assertThat(p.decision().text()).contains("1 warming up");

        Member warm = new Member("warm", "hotel", LifecycleState.RUNNING, T0.minusSeconds(3600), T0.minusSeconds(60));
        assertThat(decide(POLICY, List.of(warm), 1, each(List.of(warm), 100)).target()).isEqualTo(2);
    }
}
