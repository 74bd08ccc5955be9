package dev.specter.reconcile;

import dev.specter.cloud.ObservedVm;
import dev.specter.cloud.SiteSnapshot;
import dev.specter.instance.Instance;
import dev.specter.instance.LifecycleState;

import java.time.Duration;
import java.time.Instant;

/**
 * The instance lifecycle rules of SPEC 3 as a pure function: given what Specter recorded and what the
 * cloud last reported, where does an instance go next and what must be done about it.
 *
 * <p>A describe only says something about an instance if it was sent after Specter last acted on the
 * instance ({@link SiteSnapshot#startedAt()} after the instance's last state change, or after this
 * process started for launches a crash may have cut short). An older snapshot is ignored, never read
 * as "the VM is gone".
 */
public final class Lifecycle {
    private Lifecycle() {
    }

    /**
     * The outcome for one instance.
     *
     * @param next        the instance to store (the same object when nothing changed)
     * @param terminate   the VM exists at the cloud and must be (re)terminated
     * @param relaunch    the launch certainly did not take effect: launch again with the same token
     * @param siteFailure counts against the instance's site (failed to boot, refused, vanished early)
     * @param siteSuccess the VM reached RUNNING
     */
    public record Step(Instance next, boolean terminate, boolean relaunch, boolean siteFailure, boolean siteSuccess) {
        static Step keep(Instance i) {
            return new Step(i, false, false, false, false);
        }

        public boolean changed(Instance before) {
            return next != before;
        }
    }

    /**
     * Called only between launch calls (a domain's reconcile waits for its own launches), so an
     * instance whose outcome is unknown has no call in flight.
     *
     * @param processStart when this process started: launches recorded before it may have been cut short
     */
    public static Step next(Instance i, SiteSnapshot snapshot, Instant now, Instant processStart,
                            ControlSettings settings) {
        LifecycleState s = i.state();
        if (s.terminal()) {
            return Step.keep(i);
        }
        ObservedVm vm = snapshot == null ? null : snapshot.vm(i.id());
        if (i.terminationRequested() && s != LifecycleState.TERMINATING) {
            Instance t = i.terminating(LifecycleState.TERMINATED, "terminated by its owner", now);
            return new Step(t, vm != null && !vm.state().gone(), false, false, false);
        }
        if (s == LifecycleState.TERMINATING) {
            return terminating(i, vm, covers(snapshot, i, processStart), now);
        }
        if (s.outcomeUnknown()) {
            if (vm == null) {
                if (bootTimedOut(i, now, settings)) {
                    return new Step(i.terminating(LifecycleState.FAILED, "no VM was confirmed within "
                            + settings.bootTimeout().toSeconds() + " s of the launch request", now), false, false,
                            true, false);
                }
                return covers(snapshot, i, processStart) ? new Step(i, false, true, false, false) : Step.keep(i);
            }
            // the cloud has it: adopt, then judge it like any launched VM
            i = i.withCloudFacts(vm.iaasId(), vm.hostname(), vm.publicIp(), vm.privateIp())
                    .moveTo(LifecycleState.PENDING, "launch confirmed by the cloud", now);
        }
        return launched(i, vm, snapshot, now, settings);
    }

    private static Step terminating(Instance i, ObservedVm vm, boolean covered, Instant now) {
        if (vm != null && !vm.state().gone()) {
            Instance withId = i.iaasId() == null
                    ? i.withCloudFacts(vm.iaasId(), vm.hostname(), vm.publicIp(), vm.privateIp()) : i;
            return new Step(withId, true, false, false, false);
        }
        if (vm != null || covered) {
            LifecycleState end = i.endState() == null ? LifecycleState.TERMINATED : i.endState();
            return new Step(i.moveTo(end, i.reason(), now), false, false, false, false);
        }
        return Step.keep(i);
    }

    private static Step launched(Instance i, ObservedVm vm, SiteSnapshot snapshot, Instant now,
                                 ControlSettings settings) {
        boolean beforeRunning = i.state().beforeRunning();
        if (vm != null) {
            Instance seen = i.missingSince() == null ? i : i.withMissingSince(null);
            seen = sameFacts(seen, vm) ? seen : seen.withCloudFacts(vm.iaasId(), vm.hostname(), vm.publicIp(),
                    vm.privateIp());
            switch (vm.state()) {
                case RUNNING -> {
                    if (i.state() == LifecycleState.RUNNING) {
                        return new Step(seen, false, false, false, false);
                    }
                    return new Step(seen.moveTo(LifecycleState.RUNNING, "running at the cloud", now), false, false,
                            false, true);
                }
                case FAILED -> {
                    return new Step(seen.terminating(LifecycleState.FAILED,
                            beforeRunning ? "the VM failed to boot" : "the VM failed while running", now), true,
                            false, beforeRunning, false);
                }
                case STOPPING, TERMINATED -> {
                    return new Step(seen.moveTo(LifecycleState.TERMINATED, "terminated at the cloud, not by Specter",
                            now), vm.state() == dev.specter.cloud.VmState.STOPPING, false, beforeRunning, false);
                }
                default -> {
                    Step t = bootTimeout(seen, now, settings);
                    return t != null ? t : new Step(seen, false, false, false, false);
                }
            }
        }
        if (snapshot != null && snapshot.startedAt().isAfter(i.stateChangedAt())) {
            Instant since = i.missingSince() != null ? i.missingSince() : snapshot.startedAt();
            if (!now.isBefore(since.plus(settings.missingTimeout()))) {
                return new Step(i.moveTo(LifecycleState.TERMINATED, "the cloud has not reported this VM for "
                        + settings.missingTimeout().toSeconds() + " s", now), false, false, beforeRunning, false);
            }
            Instance marked = i.missingSince() == null ? i.withMissingSince(since) : i;
            Step t = bootTimeout(marked, now, settings);
            return t != null ? t : new Step(marked, false, false, false, false);
        }
        Step t = bootTimeout(i, now, settings);
        return t != null ? t : Step.keep(i);
    }

    private static Step bootTimeout(Instance i, Instant now, ControlSettings settings) {
        if (!i.state().beforeRunning() || !bootTimedOut(i, now, settings)) {
            return null;
        }
        return new Step(i.terminating(LifecycleState.FAILED, "not RUNNING " + settings.bootTimeout().toSeconds()
                + " s after the launch request", now), i.iaasId() != null, false, true, false);
    }

    private static boolean bootTimedOut(Instance i, Instant now, ControlSettings settings) {
        return !now.isBefore(i.createdAt().plus(settings.bootTimeout()));
    }

    /** Whether the snapshot was taken after Specter last acted on the instance. */
    private static boolean covers(SiteSnapshot snapshot, Instance i, Instant processStart) {
        if (snapshot == null) {
            return false;
        }
        Instant lastAct = i.stateChangedAt();
        if (i.state().outcomeUnknown() && processStart.isAfter(lastAct)) {
            lastAct = processStart;
        }
        return snapshot.startedAt().isAfter(lastAct);
    }

    private static boolean sameFacts(Instance i, ObservedVm vm) {
        return java.util.Objects.equals(i.iaasId(), vm.iaasId()) && java.util.Objects.equals(i.hostname(), vm.hostname())
                && java.util.Objects.equals(i.publicIp(), vm.publicIp())
                && java.util.Objects.equals(i.privateIp(), vm.privateIp());
    }

    /** How long a terminate request is trusted before it is sent again for a VM the cloud still shows. */
    public static final Duration TERMINATE_RETRY = Duration.ofSeconds(30);
}
