package dev.specter.reconcile;

import dev.specter.cloud.ObservedVm;
import dev.specter.cloud.SiteSnapshot;
import dev.specter.cloud.VmState;
import dev.specter.instance.Instance;
import dev.specter.instance.LifecycleState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LifecycleTest {
    static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    static final ControlSettings S = ControlSettings.DEFAULT;

    static Instance requested(Instant at) {
        return Instance.requesting("b-0", "d", 1, "hotel", "b", "img", "t", null, null, "why", at)
                .moveTo(LifecycleState.REQUESTED, "sent", at);
    }

    static Instance pending(Instant at) {
        return requested(at).withCloudFacts("i-1", null, null, "10.0.0.1").moveTo(LifecycleState.PENDING, "booting", at);
    }

    static SiteSnapshot snap(Instant at, ObservedVm... vms) {
        return SiteSnapshot.of(at, List.of(vms));
    }

    static ObservedVm vm(VmState state) {
        return new ObservedVm("b-0", "i-1", state, state == VmState.RUNNING ? "vm-1" : null, "198.18.0.1", "10.0.0.1",
                Map.of());
    }

    @Test
    void anUnknownLaunchWaitsForADescribeTakenAfterIt() {
        Instance i = requested(T0);
        Instant start = T0.minusSeconds(60);
        assertThat(Lifecycle.next(i, null, T0.plusSeconds(1), start, S).relaunch()).isFalse();
        assertThat(Lifecycle.next(i, snap(T0.minusMillis(1)), T0.plusSeconds(1), start, S).relaunch())
                .as("a describe from before the launch proves nothing").isFalse();
        assertThat(Lifecycle.next(i, snap(T0.plusMillis(1)), T0.plusSeconds(1), start, S).relaunch()).isTrue();
    }

    @Test
    void afterARestartOnlyDescribesFromAfterTheRestartCount() {
        Instance i = requested(T0);
        Instant restart = T0.plusSeconds(30);
        assertThat(Lifecycle.next(i, snap(T0.plusSeconds(10)), T0.plusSeconds(40), restart, S).relaunch()).isFalse();
        assertThat(Lifecycle.next(i, snap(T0.plusSeconds(31)), T0.plusSeconds(40), restart, S).relaunch()).isTrue();
    }

    @Test
    void aVmFoundByItsTokenIsAdoptedNotRelaunched() {
        Lifecycle.Step s = Lifecycle.next(requested(T0), snap(T0.plusSeconds(3), vm(VmState.RUNNING)),
                T0.plusSeconds(4), T0.minusSeconds(1), S);
        assertThat(s.relaunch()).isFalse();
        assertThat(s.next().state()).isEqualTo(LifecycleState.RUNNING);
        assertThat(s.next().iaasId()).isEqualTo("i-1");
        assertThat(s.siteSuccess()).isTrue();
    }

    @Test
    void aFailedVmIsTerminatedAndCountsAgainstItsSite() {
        Lifecycle.Step s = Lifecycle.next(pending(T0), snap(T0.plusSeconds(3), vm(VmState.FAILED)), T0.plusSeconds(4),
                T0.minusSeconds(1), S);
        assertThat(s.next().state()).isEqualTo(LifecycleState.TERMINATING);
        assertThat(s.next().endState()).isEqualTo(LifecycleState.FAILED);
        assertThat(s.terminate()).isTrue();
        assertThat(s.siteFailure()).isTrue();
    }

    @Test
    void aVmMissingFromDescribesIsTerminatedOnlyAfterTheMissingTimeout() {
        Instance running = pending(T0).moveTo(LifecycleState.RUNNING, "up", T0.plusSeconds(2));
        Lifecycle.Step first = Lifecycle.next(running, snap(T0.plusSeconds(5)), T0.plusSeconds(5), T0, S);
        assertThat(first.next().state()).isEqualTo(LifecycleState.RUNNING);
        assertThat(first.next().missingSince()).isEqualTo(T0.plusSeconds(5));
        Lifecycle.Step later = Lifecycle.next(first.next(), snap(T0.plusSeconds(64)), T0.plusSeconds(64), T0, S);
        assertThat(later.next().state()).isEqualTo(LifecycleState.RUNNING);
        Lifecycle.Step gone = Lifecycle.next(first.next(), snap(T0.plusSeconds(66)), T0.plusSeconds(66), T0, S);
        assertThat(gone.next().state()).isEqualTo(LifecycleState.TERMINATED);
        assertThat(gone.siteFailure()).as("a running VM vanishing is not the site failing to launch").isFalse();
        Lifecycle.Step back = Lifecycle.next(first.next(), snap(T0.plusSeconds(10), vm(VmState.RUNNING)),
                T0.plusSeconds(10), T0, S);
        assertThat(back.next().missingSince()).as("seen again clears the timer").isNull();
    }

    @Test
    void aVmStillBootingAtTheTimeoutIsFailed() {
        Lifecycle.Step s = Lifecycle.next(pending(T0), snap(T0.plusSeconds(301), vm(VmState.PENDING)),
                T0.plusSeconds(301), T0, S);
        assertThat(s.next().state()).isEqualTo(LifecycleState.TERMINATING);
        assertThat(s.next().endState()).isEqualTo(LifecycleState.FAILED);
        assertThat(s.terminate()).isTrue();
        assertThat(s.siteFailure()).isTrue();
    }

    @Test
    void terminatingEndsWhenTheCloudNoLongerHasTheVm() {
        Instance t = pending(T0).terminating(LifecycleState.TERMINATED, "scale down", T0.plusSeconds(1));
        assertThat(Lifecycle.next(t, snap(T0.plusSeconds(2), vm(VmState.RUNNING)), T0.plusSeconds(2), T0, S)
                .terminate()).isTrue();
        assertThat(Lifecycle.next(t, snap(T0.plusSeconds(2), vm(VmState.TERMINATED)), T0.plusSeconds(2), T0, S)
                .next().state()).isEqualTo(LifecycleState.TERMINATED);
        assertThat(Lifecycle.next(t, snap(T0.plusMillis(500)), T0.plusSeconds(2), T0, S).next().state())
                .as("an older empty describe proves nothing").isEqualTo(LifecycleState.TERMINATING);
        assertThat(Lifecycle.next(t, snap(T0.plusSeconds(2)), T0.plusSeconds(2), T0, S).next().state())
                .isEqualTo(LifecycleState.TERMINATED);
    }

    @Test
    void aUserRequestedTerminationIsHonoured() {
        Instance running = pending(T0).moveTo(LifecycleState.RUNNING, "up", T0.plusSeconds(2));
        Instance asked = new Instance(running.id(), running.domainId(), running.owner(), running.site(),
                running.batchId(), running.state(), running.iaasId(), running.imageId(), running.instanceType(),
                running.keyname(), running.userData(), running.hostname(), running.publicIp(), running.privateIp(),
                running.reason(), running.createdAt(), running.stateChangedAt(), null, null, true);
        Lifecycle.Step s = Lifecycle.next(asked, snap(T0.plusSeconds(3), vm(VmState.RUNNING)), T0.plusSeconds(3), T0, S);
        assertThat(s.next().state()).isEqualTo(LifecycleState.TERMINATING);
        assertThat(s.next().endState()).isEqualTo(LifecycleState.TERMINATED);
        assertThat(s.terminate()).isTrue();
    }

    @Test
    void terminalInstancesNeverMove() {
        Instance done = pending(T0).moveTo(LifecycleState.TERMINATED, "gone", T0);
        assertThat(Lifecycle.next(done, snap(T0.plusSeconds(1), vm(VmState.RUNNING)), T0.plusSeconds(1), T0, S)
                .changed(done)).isFalse();
    }
}
