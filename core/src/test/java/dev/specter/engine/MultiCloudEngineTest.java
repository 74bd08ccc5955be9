package dev.specter.engine;

import dev.specter.domain.MultiCloudPolicy;
import dev.specter.instance.LifecycleState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MultiCloudEngineTest {
    static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    /** A small world: sites with limits, members per site, and a way to apply plans as if the cloud obeyed. */
    static final class World {
        final Map<String, SiteSlot> sites = new LinkedHashMap<>();
        final List<Member> members = new ArrayList<>();
        int serial;

        World site(String name, int rank, int max) {
            sites.put(name, new SiteSlot(name, rank, max, true));
            return this;
        }

        World down(String name) {
            SiteSlot s = sites.get(name);
            sites.put(name, new SiteSlot(name, s.rank(), s.maxVms(), false));
            return this;
        }

        World up(String name) {
            SiteSlot s = sites.get(name);
            sites.put(name, new SiteSlot(name, s.rank(), s.maxVms(), true));
            return this;
        }

        World max(String name, int max) {
            SiteSlot s = sites.get(name);
            sites.put(name, new SiteSlot(name, s.rank(), max, s.available()));
            return this;
        }

        World add(String site, LifecycleState state, int n) {
            for (int i = 0; i < n; i++) {
                serial++;
                members.add(new Member(String.format("i%04d", serial), site, state, NOW.plusSeconds(serial),
                        NOW.plusSeconds(serial)));
            }
            return this;
        }

        Plan decide(int n) {
            return MultiCloudEngine.INSTANCE.decide(
                    new DomainView("d", new MultiCloudPolicy(n), List.copyOf(sites.values()), members), NOW);
        }

        /** Applies the plan as if every launch succeeded at once. */
        World apply(Plan p) {
            p.terminations().forEach(t -> members.removeIf(m -> m.instanceId().equals(t.instanceId())));
            p.launches().forEach(l -> add(l.site(), LifecycleState.REQUESTING, l.count()));
            return this;
        }

        Map<String, Integer> counts() {
            Map<String, Integer> c = new HashMap<>();
            members.forEach(m -> c.merge(m.site(), 1, Integer::sum));
            return c;
        }
    }

    @Test
    void fourOnUnlimitedSitesAllGoToRankOne() {
        World w = new World().site("hotel", 1, -1).site("sierra", 2, -1);
        Plan p = w.decide(4);
        assertThat(p.launches()).containsExactly(new Plan.Launch("hotel", 4));
        assertThat(p.terminations()).isEmpty();
        assertThat(p.shortfall()).isZero();
    }

    @Test
    void fourteenOverflowAcrossLimitedSitesThenTenShrinksWorstFirst() {
        World w = new World().site("a", 1, 8).site("b", 2, 4).site("c", 3, 2);
        Plan up = w.decide(14);
        assertThat(up.launches()).containsExactly(new Plan.Launch("a", 8), new Plan.Launch("b", 4), new Plan.Launch("c", 2));
        w.apply(up);

        Plan down = w.decide(10);
        assertThat(down.launches()).isEmpty();
        Map<String, Long> lost = new HashMap<>();
        down.terminations().forEach(t -> lost.merge(t.site(), 1L, Long::sum));
        assertThat(lost).containsExactlyInAnyOrderEntriesOf(Map.of("c", 2L, "b", 2L));
        w.apply(down);
        assertThat(w.counts()).containsEntry("a", 8).containsEntry("b", 2).doesNotContainKey("c");
    }

    @Test
    void aSiteThatFailsToDeliverHalfOverflowsTheRestToTheNextSite() {
        World w = new World().site("hotel", 1, -1).site("sierra", 2, -1);
        w.apply(w.decide(10));
        // the cloud refused 5 of the 10: they are no longer members, and 5 failures back the site off
        List<Member> refused = w.members.subList(5, 10);
        refused.clear();
        SiteHealth health = SiteHealth.HEALTHY.failed(5, NOW, 3);
        assertThat(health.available(NOW)).isFalse();
        w.sites.put("hotel", new SiteSlot("hotel", 1, -1, health.available(NOW)));

        Plan p = w.decide(10);
        assertThat(p.launches()).containsExactly(new Plan.Launch("sierra", 5));
        w.apply(p);
        assertThat(w.counts()).containsEntry("hotel", 5).containsEntry("sierra", 5);
    }

    @Test
    void whenTheBackOffEndsNewVmsGoToTheBetterSiteAgainAndExistingOnesStay() {
        World w = new World().site("hotel", 1, -1).site("sierra", 2, -1).down("hotel");
        w.apply(w.decide(3));
        assertThat(w.counts()).containsEntry("sierra", 3);

        SiteHealth h = SiteHealth.HEALTHY.failed(3, NOW, 3);
        assertThat(h.available(NOW.plusSeconds(29))).isFalse();
        assertThat(h.available(NOW.plusSeconds(30))).isTrue();
        w.up("hotel");
        Plan p = w.decide(5);
        assertThat(p.launches()).containsExactly(new Plan.Launch("hotel", 2));
        assertThat(p.terminations()).as("existing VMs are not moved").isEmpty();
    }

    @Test
    void loweringMaxVmsShedsTheExcessAndPlacesItElsewhere() {
        World w = new World().site("hotel", 1, 4).site("sierra", 2, 4);
        w.apply(w.decide(4));
        w.max("hotel", 2);
        Plan p = w.decide(4);
        assertThat(p.terminations()).hasSize(2).allSatisfy(t -> assertThat(t.site()).isEqualTo("hotel"));
        assertThat(p.launches()).containsExactly(new Plan.Launch("sierra", 2));
        w.apply(p);
        assertThat(w.counts()).containsEntry("hotel", 2).containsEntry("sierra", 2);
    }

    @Test
    void pendingVmsAreKilledBeforeRunningOnesThenTheNewest() {
        World w = new World().site("hotel", 1, -1)
                .add("hotel", LifecycleState.RUNNING, 2)     // i0001, i0002
                .add("hotel", LifecycleState.PENDING, 1)     // i0003
                .add("hotel", LifecycleState.RUNNING, 1)     // i0004 (newest running)
                .add("hotel", LifecycleState.REQUESTING, 1); // i0005
        Plan p = w.decide(2);
        assertThat(p.terminations()).extracting(Plan.Termination::instanceId)
                .containsExactly("i0005", "i0003", "i0004");
    }

    @Test
    void noRoomAnywhereIsAShortfall() {
        World w = new World().site("hotel", 1, 2).site("sierra", 2, 1).down("sierra");
        Plan p = w.decide(5);
        assertThat(p.launches()).containsExactly(new Plan.Launch("hotel", 2));
        assertThat(p.shortfall()).isEqualTo(3);
    }

    @Test
    void vmsOnSitesNoLongerConfiguredLeaveFirstAndAreNeverTopUpTargets() {
        World w = new World().site("sierra", 1, -1).add("hotel", LifecycleState.RUNNING, 2)
                .add("sierra", LifecycleState.RUNNING, 2);
        Plan p = w.decide(3);
        assertThat(p.terminations()).singleElement().extracting(Plan.Termination::site).isEqualTo("hotel");
        assertThat(w.decide(4).idle()).as("kept while they are needed").isTrue();
    }

    @Test
    void backedOffSitesKeepTheirVmsButGetNoNewOnes() {
        World w = new World().site("hotel", 1, -1).site("sierra", 2, -1).add("hotel", LifecycleState.RUNNING, 2)
                .down("hotel");
        Plan p = w.decide(4);
        assertThat(p.launches()).containsExactly(new Plan.Launch("sierra", 2));
        assertThat(p.terminations()).isEmpty();
    }

    @Test
    void siteHealthEscalatesAndResets() {
        SiteHealth h = SiteHealth.HEALTHY.failed(1, NOW, 3).failed(1, NOW, 3);
        assertThat(h.available(NOW)).isTrue();
        h = h.failed(1, NOW, 3);
        assertThat(h.backoffUntil()).isEqualTo(NOW.plusSeconds(30));
        assertThat(h.failed(4, NOW.plusSeconds(10), 3).backoffUntil()).as("not stretched while running")
                .isEqualTo(NOW.plusSeconds(30));
        SiteHealth second = h.failed(1, NOW.plusSeconds(31), 3);
        assertThat(second.backoffUntil()).as("one failure after a back-off backs off again, doubled")
                .isEqualTo(NOW.plusSeconds(31 + 60));
        SiteHealth capped = SiteHealth.HEALTHY;
        Instant t = NOW;
        for (int i = 0; i < 20; i++) {
            capped = capped.failed(3, t, 3);
            t = capped.backoffUntil();
        }
        assertThat(java.time.Duration.between(capped.backoffUntil().minusSeconds(600), capped.backoffUntil()))
                .isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(second.succeeded()).isEqualTo(SiteHealth.HEALTHY);
    }
}
