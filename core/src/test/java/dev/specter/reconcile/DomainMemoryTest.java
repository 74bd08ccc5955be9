package dev.specter.reconcile;

import dev.specter.engine.Plan;
import dev.specter.instance.Instance;
import dev.specter.instance.LifecycleState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DomainMemoryTest {
    static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

    static Instance vm(String id, LifecycleState state) {
        Instance i = Instance.requesting(id, "d", 1, "hotel", "b", "img", "t", null, null, "why", T0)
                .withCloudFacts("i-" + id, null, null, null);
        return state == LifecycleState.TERMINATING ? i.terminating(LifecycleState.TERMINATED, "down", T0)
                : i.moveTo(state, "moved", T0);
    }

    @Test
    void aTerminateTimeIsKeptWhileItsInstanceIsTerminatingOnly() {
        Instance going = vm("a", LifecycleState.TERMINATING);
        Instance gone = vm("b", LifecycleState.TERMINATED);
        Instance left = vm("c", LifecycleState.TERMINATING);
        DomainMemory sent = DomainMemory.NONE.terminateSent(List.of(going, gone, left), T0);
        assertThat(sent.terminateSent()).hasSize(3);
        assertThat(sent.dueForTerminate(going, T0.plusSeconds(1))).isFalse();
        assertThat(sent.dueForTerminate(going, T0.plus(Lifecycle.TERMINATE_RETRY))).isTrue();

        DomainMemory pruned = sent.pruned(List.of(going, gone));
        assertThat(pruned.terminateSent()).as("gone, or no longer among the live instances").containsOnlyKeys("a");
        assertThat(pruned.pruned(List.of(vm("a", LifecycleState.TERMINATED)))).isEqualTo(DomainMemory.NONE);
    }

    @Test
    void eachKindOfNoticeIsRememberedOnItsOwnUntilItsConditionEnds() {
        Notice unusable = Notice.unusableSites(List.of("hotel")).orElseThrow();
        Notice shortfall = Notice.shortfall(new Plan(2, List.of(), List.of(), 2, "vm_count is 2")).orElseThrow();
        DomainMemory m = DomainMemory.NONE.noticed(Notice.Kind.UNUSABLE_SITES, Optional.of(unusable))
                .noticed(Notice.Kind.SHORTFALL, Optional.of(shortfall));
        assertThat(m.recorded(unusable)).as("not pushed out by the other kind").isTrue();
        assertThat(m.recorded(shortfall)).isTrue();
        assertThat(m.recorded(Notice.unusableSites(List.of("hotel", "sierra")).orElseThrow()))
                .as("another set of sites is another notice").isFalse();

        DomainMemory ended = m.noticed(Notice.Kind.SHORTFALL, Optional.empty());
        assertThat(ended.recorded(shortfall)).as("recorded again if it recurs").isFalse();
        assertThat(ended.recorded(unusable)).isTrue();
        assertThat(ended.noticed(Notice.Kind.UNUSABLE_SITES, Optional.empty())).isEqualTo(DomainMemory.NONE);
    }

    @Test
    void aDeletedDomainKeepsOnlyItsTerminations() {
        Instance going = vm("a", LifecycleState.TERMINATING);
        DomainMemory m = DomainMemory.NONE.evaluated(T0).decided(new dev.specter.engine.Decision("hold", "x", false))
                .noticed(Notice.Kind.LAUNCH_CONFIGURATION_MISSING, Optional.of(Notice.launchConfigurationMissing("lc")))
                .terminateSent(List.of(going), T0);
        assertThat(m.deleted()).isEqualTo(DomainMemory.NONE.terminateSent(List.of(going), T0));
    }
}
