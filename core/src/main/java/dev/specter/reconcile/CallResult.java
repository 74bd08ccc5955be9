package dev.specter.reconcile;

import dev.specter.cloud.CloudErrorKind;
import dev.specter.cloud.CloudException;
import dev.specter.cloud.LaunchResult;
import dev.specter.cloud.ObservedVm;
import dev.specter.cloud.VmState;
import dev.specter.domain.Domain;
import dev.specter.instance.Instance;
import dev.specter.instance.LifecycleState;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one cloud call of a pass came to. The {@link Actuator} returns one per call; the pass turns
 * them into {@link Changes} on its own thread once every call is done.
 */
sealed interface CallResult {
    /** What the call's outcome means for the pass's records; {@code now} is the pass's time. */
    Changes changes(Domain domain, Instant now);

    /** The site took the terminate request for these instances' VMs. */
    record Terminated(String site, List<Instance> instances) implements CallResult {
        @Override
        public Changes changes(Domain domain, Instant now) {
            return Changes.of(domain, now).build();
        }
    }

    /** The terminate request failed; the next pass asks again. */
    record TerminateFailed(String site, List<Instance> instances, CloudException error) implements CallResult {
        @Override
        public Changes changes(Domain domain, Instant now) {
            return Changes.of(domain, now).activity("terminate", "terminating " + instances.size() + " VMs at "
                    + site, error.getMessage(), "failed", site, instances.size()).build();
        }
    }

    /**
     * The cloud answered the launch: VMs it accepted, VMs it refused, and VMs it did not mention.
     *
     * @param answeredAt when the answer came
     */
    record Launched(PlannedLaunch launch, LaunchResult result, Instant answeredAt) implements CallResult {
        @Override
        public Changes changes(Domain domain, Instant now) {
            Changes.Builder c = Changes.of(domain, now);
            String site = launch.site();
            Map<String, ObservedVm> byToken = new HashMap<>();
            result.launched().forEach(vm -> byToken.put(vm.token(), vm));
            int accepted = 0;
            int refused = 0;
            String refusal = null;
            for (Instance i : launch.instances()) {
                ObservedVm vm = byToken.get(i.id());
                CloudException no = result.refused().get(i.id());
                if (vm != null) {
                    boolean running = vm.state() == VmState.RUNNING;
                    c.update(i.withCloudFacts(vm.iaasId(), vm.hostname(), vm.publicIp(), vm.privateIp())
                            .moveTo(running ? LifecycleState.RUNNING : LifecycleState.PENDING,
                                    running ? "running at the cloud" : "accepted by the cloud, booting", now));
                    accepted++;
                } else if (no != null) {
                    c.update(i.moveTo(LifecycleState.REJECTED, no.getMessage(), now));
                    refused++;
                    refusal = no.getMessage();
                } else {
                    c.update(i.moveTo(LifecycleState.ERROR_RETRYING, "the cloud's answer did not mention this VM; "
                            + "it will be resolved by describing the site", answered(answeredAt, now)));
                }
            }
            if (refused > 0) {
                c.siteFailed(site, refused);
            }
            return c.activity("launch", launch.cause(), "launched " + accepted + " of " + launch.instances().size()
                            + " at " + site + (refused > 0 ? "; " + refused + " refused: " + refusal : ""),
                    refused == 0 ? "ok" : accepted == 0 ? "failed" : "partial", site, accepted).build();
        }
    }

    /**
     * The launch call failed as a whole. A definite refusal rejects its VMs; otherwise (throttled,
     * or no answer) their outcome is unknown until a describe says.
     *
     * @param answeredAt when the call ended
     */
    record LaunchFailed(PlannedLaunch launch, CloudException error, Instant answeredAt) implements CallResult {
        @Override
        public Changes changes(Domain domain, Instant now) {
            Changes.Builder c = Changes.of(domain, now);
            String site = launch.site();
            CloudErrorKind kind = error.kind();
            boolean definite = kind.definite() && kind != CloudErrorKind.THROTTLED;
            Instant answered = answered(answeredAt, now);
            for (Instance i : launch.instances()) {
                c.update(definite ? i.moveTo(LifecycleState.REJECTED, error.getMessage(), now)
                        : i.moveTo(LifecycleState.ERROR_RETRYING, (kind == CloudErrorKind.THROTTLED
                        ? "throttled by " + site : "launch outcome unknown (" + error.getMessage() + ")")
                        + "; resolving by describing the site, never by launching blindly", answered));
            }
            // a refusal counts once per VM refused; a call that failed without an answer counts once
            if (definite) {
                c.siteFailed(site, launch.instances().size());
            } else if (kind != CloudErrorKind.THROTTLED) {
                c.siteFailed(site, 1);
            }
            return c.activity("launch", launch.cause(), "launching " + launch.instances().size() + " at " + site
                    + " failed: " + error.getMessage(), definite ? "failed" : "unknown", site, 0).build();
        }
    }

    /**
     * A launch of unknown outcome is stamped with the time its call ended, not with the pass's
     * start: only a describe sent after the call ended can tell that the call launched nothing. (A
     * describe sent while the call was at the cloud may miss VMs it was creating; a cloud that
     * honours client tokens forgives the relaunch that follows, one that does not, like moto, would
     * run the VMs twice.)
     */
    private static Instant answered(Instant answeredAt, Instant now) {
        return answeredAt.isAfter(now) ? answeredAt : now;
    }
}
