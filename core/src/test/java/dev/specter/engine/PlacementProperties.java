package dev.specter.engine;

import dev.specter.domain.MultiCloudPolicy;
import dev.specter.instance.LifecycleState;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Invariants of the multicloud placement over random worlds. */
class PlacementProperties {
    static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    static final LifecycleState[] HEALTHY = {LifecycleState.REQUESTING, LifecycleState.REQUESTED,
            LifecycleState.ERROR_RETRYING, LifecycleState.PENDING, LifecycleState.STARTED, LifecycleState.RUNNING};

    record World(List<SiteSlot> sites, List<Member> members, int target) {
        DomainView view() {
            return new DomainView("d", new MultiCloudPolicy(target), sites, members);
        }
    }

    @Provide
    Arbitrary<World> worlds() {
        Arbitrary<List<SiteSlot>> sites = Arbitraries.integers().between(1, 4).flatMap(k ->
                Combinators.combine(Arbitraries.integers().between(-1, 12).list().ofSize(k),
                                Arbitraries.of(true, true, true, false).list().ofSize(k))
                        .as((maxes, avail) -> {
                            List<SiteSlot> out = new ArrayList<>();
                            for (int i = 0; i < k; i++) {
                                out.add(new SiteSlot("s" + i, i + 1, maxes.get(i), avail.get(i)));
                            }
                            return out;
                        }));
        return sites.flatMap(ss -> {
            List<String> names = new ArrayList<>(ss.stream().map(SiteSlot::site).toList());
            names.add("gone"); // a site no longer in the launch configuration
            Arbitrary<Member> member = Combinators.combine(Arbitraries.of(names), Arbitraries.of(HEALTHY),
                            Arbitraries.integers().between(0, 10_000))
                    .as((site, state, age) -> new Member("m" + age + site + state.code(), site, state,
                            NOW.minusSeconds(age), NOW.minusSeconds(age)));
            return Combinators.combine(member.list().ofMaxSize(30).uniqueElements(Member::instanceId),
                    Arbitraries.integers().between(0, 40)).as((ms, n) -> new World(ss, ms, n));
        });
    }

    static Map<String, Integer> after(World w, Plan p) {
        Set<String> gone = p.terminations().stream().map(Plan.Termination::instanceId).collect(Collectors.toSet());
        Map<String, Integer> c = new HashMap<>();
        w.members().stream().filter(m -> !gone.contains(m.instanceId())).forEach(m -> c.merge(m.site(), 1, Integer::sum));
        p.launches().forEach(l -> c.merge(l.site(), l.count(), Integer::sum));
        return c;
    }

    static int capacity(World w) {
        long avail = 0;
        for (SiteSlot s : w.sites()) {
            if (s.unlimited() && s.available()) {
                return Integer.MAX_VALUE;
            }
            avail += s.available() ? Math.max(0, s.maxVms()) : 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, avail);
    }

    @Property(tries = 2000)
    void noSiteExceedsItsMaximum(@ForAll("worlds") World w) {
        Map<String, Integer> c = after(w, Placement.plan(w.view(), w.target(), ""));
        for (SiteSlot s : w.sites()) {
            if (!s.unlimited()) {
                assertThat(c.getOrDefault(s.site(), 0)).as(s.site()).isLessThanOrEqualTo(s.maxVms());
            }
        }
    }

    @Property(tries = 2000)
    void neverMoreThanTheTarget(@ForAll("worlds") World w) {
        int total = after(w, Placement.plan(w.view(), w.target(), "")).values().stream().mapToInt(i -> i).sum();
        assertThat(total).isLessThanOrEqualTo(Math.max(w.target(), 0));
    }

    @Property(tries = 2000)
    void reachesTheTargetOrAllTheCapacityThereIs(@ForAll("worlds") World w) {
        Plan p = Placement.plan(w.view(), w.target(), "");
        int total = after(w, p).values().stream().mapToInt(i -> i).sum();
        // VMs on unavailable or removed sites are kept where the target needs them; beyond that, capacity limits
        assertThat(total + p.shortfall()).isEqualTo(w.target());
        if (p.shortfall() > 0) {
            for (SiteSlot s : w.sites()) {
                if (s.available()) {
                    assertThat(s.unlimited()).isFalse();
                    assertThat(after(w, p).getOrDefault(s.site(), 0)).isEqualTo(s.maxVms());
                }
            }
        }
        // applying the plan reaches a fixed point: nothing more to do
        List<Member> next = new ArrayList<>(w.members());
        Set<String> gone = p.terminations().stream().map(Plan.Termination::instanceId).collect(Collectors.toSet());
        next.removeIf(m -> gone.contains(m.instanceId()));
        int serial = 0;
        for (Plan.Launch l : p.launches()) {
            for (int i = 0; i < l.count(); i++) {
                next.add(new Member("new" + serial++, l.site(), LifecycleState.REQUESTING, NOW, NOW));
            }
        }
        Plan again = Placement.plan(new DomainView("d", w.view().policy(), w.sites(), next), w.target(), "");
        assertThat(again.idle()).isTrue();
    }

    @Property(tries = 2000)
    void neverTerminatesMoreThanNeeded(@ForAll("worlds") World w) {
        Plan p = Placement.plan(w.view(), w.target(), "");
        int excessOverMax = 0;
        Map<String, Long> bySite = w.members().stream().collect(Collectors.groupingBy(Member::site, Collectors.counting()));
        for (SiteSlot s : w.sites()) {
            if (!s.unlimited()) {
                excessOverMax += (int) Math.max(0, bySite.getOrDefault(s.site(), 0L) - s.maxVms());
            }
        }
        int overTarget = Math.max(0, w.members().size() - excessOverMax - w.target());
        assertThat(p.terminations()).hasSize(excessOverMax + overTarget);
        assertThat(p.terminations().stream().map(Plan.Termination::instanceId).distinct().count())
                .isEqualTo(p.terminations().size());
        if (!p.terminations().isEmpty() && p.terminations().size() > excessOverMax) {
            assertThat(p.launches()).as("never terminate and launch for the same shortfall").isEmpty();
        }
    }
}
