package dev.specter.reconcile;

import dev.specter.instance.Instance;
import dev.specter.instance.LifecycleState;

import java.time.Instant;
import java.util.List;

/**
 * One launch call a pass makes: VMs of one batch at one site, each with its idempotency token (its
 * id), so a retried or repeated call never runs a VM twice.
 *
 * @param cause why the VMs are launched, for the activity
 */
record PlannedLaunch(String batchId, String site, List<Instance> instances, String cause) {
    PlannedLaunch {
        instances = List.copyOf(instances);
    }

    /** The same launch with its VMs REQUESTED: recorded so before the call goes out. */
    PlannedLaunch requested(Instant now) {
        return new PlannedLaunch(batchId, site, instances.stream()
                .map(i -> i.moveTo(LifecycleState.REQUESTED, "launch request sent to " + site, now)).toList(), cause);
    }
}
