package dev.specter.zombie;

import dev.specter.cloud.ObservedVm;
import dev.specter.cloud.SiteSnapshot;
import dev.specter.cloud.VmState;
import dev.specter.instance.Instance;
import dev.specter.instance.LifecycleState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ZombieRulesTest {
    static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

    static ObservedVm vm(String token, String iaasId, VmState state) {
        return new ObservedVm(token, iaasId, state, null, null, null, Map.of());
    }

    static SiteSnapshot snap(ObservedVm... vms) {
        return SiteSnapshot.of(T0, List.of(vms));
    }

    static Instance record(String id, LifecycleState state) {
        Instance i = Instance.requesting(id, "d", 1, "hotel", "b", "img", "t", null, null, "why", T0);
        return state == LifecycleState.REQUESTING ? i : i.moveTo(state, "because", T0);
    }

    static Map<String, String> zombies(ZombieRules.Check c, Set<String> live, Map<String, Instance> records) {
        Map<String, String> out = new java.util.TreeMap<>();
        ZombieRules.zombies(c, live, records).forEach(z -> out.put(z.vm().iaasId(), z.why()));
        return out;
    }

    @Test
    void aVmWithoutALiveRecordIsAZombieAndSaysWhy() {
        ZombieRules.Check c = ZombieRules.check(null, snap(vm("a", "i-a", VmState.RUNNING),
                vm("b", "i-b", VmState.RUNNING), vm("c", "i-c", VmState.PENDING)), 0);
        assertThat(zombies(c, Set.of(), Map.of("a", record("a", LifecycleState.RUNNING),
                "b", record("b", LifecycleState.TERMINATED))))
                .containsExactlyInAnyOrderEntriesOf(Map.of("i-b", "its record is 800-TERMINATED", "i-c", "no record of it"));
    }

    @Test
    void aLiveRecordAccountsForItsVmWhicheverWayItIsKnown() {
        ZombieRules.Check c = ZombieRules.check(null, snap(vm("a", "i-a", VmState.RUNNING),
                vm("b", "i-b", VmState.RUNNING)), 0);
        assertThat(zombies(c, Set.of("a"), Map.of("b", record("b", LifecycleState.REQUESTING)))).isEmpty();
    }

    @Test
    void vmsNoRecordCanClaimAreZombiesWhateverTheRecordsSay() {
        ZombieRules.Check c = ZombieRules.check(null, snap(vm(null, "i-untagged", VmState.RUNNING),
                vm("a", "i-a", VmState.RUNNING), vm("a", "i-a2", VmState.PENDING),
                vm(null, "i-gone", VmState.TERMINATED)), 0);
        assertThat(zombies(c, Set.of("a"), Map.of())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "i-a2", "another VM already holds its token a", "i-untagged", "it has no instance token"));
    }

    @Test
    void terminatedVmsAreNoZombies() {
        ZombieRules.Check c = ZombieRules.check(null, snap(vm("a", "i-a", VmState.TERMINATED)), 0);
        assertThat(c.candidates()).isEmpty();
        assertThat(zombies(c, Set.of(), Map.of())).isEmpty();
    }

    @Test
    void betweenFullChecksOnlyNewAndChangedVmsAreChecked() {
        SiteSnapshot before = snap(vm("same", "i-1", VmState.RUNNING), vm("booted", "i-2", VmState.PENDING));
        SiteSnapshot now = snap(vm("same", "i-1", VmState.RUNNING), vm("booted", "i-2", VmState.RUNNING),
                vm("new", "i-3", VmState.PENDING));
        ZombieRules.Check partial = ZombieRules.check(before, now, 5);
        assertThat(partial.full()).isFalse();
        assertThat(partial.tokens()).containsExactlyInAnyOrder("booted", "new");

        ZombieRules.Check full = ZombieRules.check(before, now, ZombieRules.FULL_CHECK_EVERY);
        assertThat(full.full()).isTrue();
        assertThat(full.tokens()).containsExactlyInAnyOrder("same", "booted", "new");
        assertThat(ZombieRules.check(null, now, 5).full()).as("the first describe checks everything").isTrue();
    }
}
