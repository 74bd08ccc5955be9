package dev.specter.engine;

import dev.specter.domain.SensorPolicy;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SensorEngineTest {
    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    /** min 1, max 5, up when average > 1.0 by 2, down when < 0.3 by 1, cooldown 60 s */
    static final SensorPolicy POLICY = new SensorPolicy("load", 1, 5, 1.0, 2, 0.3, 1, 60);
    static final List<SiteSlot> SITES = List.of(new SiteSlot("hotel", 1, -1, true));

    static List<Member> running(int n) {
        return Members.running("i", n, T0.minusSeconds(600));
    }

    /** Every member reports {@code value}. */
    static MetricObservation all(List<Member> members, double value) {
        Map<String, Double> v = new HashMap<>();
        members.forEach(m -> v.put(m.instanceId(), value));
        return new MetricObservation("load", v, null, List.of(), null);
    }

    static Plan decide(SensorPolicy p, List<Member> members, ScalingState state, MetricObservation o, Instant now) {
        return SensorEngine.INSTANCE.decide(new DomainView("d", p, SITES, members, state, o), now);
    }

    static ScalingState evaluated(int desired, Instant lastScaled) {
        return new ScalingState(SensorPolicy.NAME, desired, lastScaled);
    }

    @Test
    void aboveTheUpThresholdGrowsByTheStepAndStartsTheCooldown() {
        List<Member> m = running(2);
        Plan p = decide(POLICY, m, evaluated(2, null), all(m, 1.5), T0);
        assertThat(p.target()).isEqualTo(4);
        assertThat(p.launchCount()).isEqualTo(2);
        assertThat(p.state()).isEqualTo(new ScalingState(SensorPolicy.NAME, 4, T0));
        assertThat(p.decision().changed()).isTrue();
        assertThat(p.decision().text()).contains("average load 1.5 over 2 of 2 instances is above 1", "2 -> 4");
    }

    @Test
    void thresholdsAreStrict() {
        List<Member> m = running(2);
        assertThat(decide(POLICY, m, evaluated(2, null), all(m, 1.0), T0).target()).isEqualTo(2);
        assertThat(decide(POLICY, m, evaluated(2, null), all(m, 0.3), T0).target()).isEqualTo(2);
        assertThat(decide(POLICY, m, evaluated(2, null), all(m, 0.2999), T0).target()).isEqualTo(1);
        assertThat(decide(POLICY, m, evaluated(2, null), all(m, 1.0001), T0).target()).isEqualTo(4);
    }

    @Test
    void aReadingOfZeroIsAValueAndShrinks() {
        List<Member> m = running(3);
        Plan p = decide(POLICY, m, evaluated(3, null), all(m, 0.0), T0);
        assertThat(p.target()).isEqualTo(2);
        assertThat(p.decision().text()).contains("average load 0 over 3 of 3 instances is below 0.3");
    }

    @Test
    void instancesWithoutReadingsAreLeftOutNotCountedAsZero() {
        List<Member> m = running(3);
        MetricObservation o = new MetricObservation("load", Map.of("i0", 2.0), null, List.of("i1", "i2"), null);
        Plan p = decide(POLICY, m, evaluated(3, null), o, T0);
        assertThat(p.target()).as("average 2.0 of the one that reported, not 0.67").isEqualTo(5);
        assertThat(p.decision().text()).contains("over 1 of 3 instances", "no readings yet from [i1, i2]");
    }

    @Test
    void instanceAndDomainReadingsAreAveragedTogether() {
        List<Member> m = running(2);
        MetricObservation o = new MetricObservation("load", Map.of("i0", 0.2, "i1", 0.2), 2.6, List.of(), null);
        Plan p = decide(POLICY, m, evaluated(2, null), o, T0);
        assertThat(p.target()).as("(0.2 + 0.2 + 2.6) / 3 = 1.0 is not above 1.0").isEqualTo(2);
        MetricObservation domainOnly = new MetricObservation("load", Map.of(), 0.1, List.of("i0", "i1"), null);
        assertThat(decide(POLICY, m, evaluated(2, null), domainOnly, T0).target()).isEqualTo(1);
    }

    @Test
    void duringTheCooldownReadingsChangeNothingButBoundsAndReplacementsHold() {
        List<Member> m = running(3);
        ScalingState cooling = evaluated(4, T0.minusSeconds(30));
        Plan p = decide(POLICY, m, cooling, all(m, 9.0), T0);
        assertThat(p.target()).as("holds the decided 4 and replaces the missing VM").isEqualTo(4);
        assertThat(p.launchCount()).isEqualTo(1);
        assertThat(p.decision().kind()).isEqualTo("cooldown");

        SensorPolicy tighter = new SensorPolicy("load", 1, 2, 1.0, 2, 0.3, 1, 60);
        Plan clamped = decide(tighter, m, cooling, all(m, 9.0), T0);
        assertThat(clamped.target()).as("a lowered maximum applies during the cooldown").isEqualTo(2);
        assertThat(clamped.terminations()).hasSize(1);

        Plan after = decide(POLICY, m, cooling, all(m, 9.0), T0.plusSeconds(31));
        assertThat(after.target()).isEqualTo(5);
    }

    @Test
    void noReadingsHoldTheSizeWithinBoundsAndSaySo() {
        List<Member> m = running(7);
        MetricObservation none = new MetricObservation("load", Map.of(), null, List.of("i0"), "prom: connection refused");
        Plan p = decide(POLICY, m, ScalingState.NONE, none, T0);
        assertThat(p.target()).isEqualTo(5);
        assertThat(p.decision().kind()).isEqualTo("source-failed");
        assertThat(p.decision().text()).contains("no load readings (prom: connection refused): holding 5 within [1, 5]");
    }

    @Test
    void betweenEvaluationsTheDecidedSizeIsKeptAndFailedVmsReplaced() {
        List<Member> m = running(2);
        Plan p = decide(POLICY, m, evaluated(3, T0.minusSeconds(300)), null, T0);
        assertThat(p.target()).isEqualTo(3);
        assertThat(p.launchCount()).isEqualTo(1);
        assertThat(p.decision()).isNull();
    }

    @Test
    void anotherEnginesMemoryIsNotReused() {
        List<Member> m = running(2);
        ScalingState targetWrote = new ScalingState("target", 5, T0.minusSeconds(5));
        Plan p = decide(POLICY, m, targetWrote, all(m, 0.5), T0);
        assertThat(p.target()).as("starts from the 2 running, with no cooldown").isEqualTo(2);
        assertThat(p.state().engine()).isEqualTo(SensorPolicy.NAME);
    }

    @Test
    void boundsAreEnforcedEvenWhenTheMetricSaysOtherwise() {
        Plan grow = decide(POLICY, running(5), evaluated(5, null), all(running(5), 50), T0);
        assertThat(grow.target()).isEqualTo(5);
        assertThat(grow.decision().changed()).isFalse();
        Plan shrink = decide(POLICY, running(1), evaluated(1, null), all(running(1), 0), T0);
        assertThat(shrink.target()).isEqualTo(1);
    }
}
