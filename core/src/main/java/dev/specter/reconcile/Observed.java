package dev.specter.reconcile;

import dev.specter.cloud.SiteSnapshot;
import dev.specter.domain.Domain;
import dev.specter.instance.Instance;
import dev.specter.instance.LifecycleState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the latest describes say about a domain's live instances: each one's next state
 * ({@link Lifecycle}) with the activities worth recording, how each site did, the VMs to
 * (re)terminate, and the launches that certainly did not take effect.
 *
 * @param relaunch ids of the instances to launch again with the same token, in the order seen
 */
record Observed(Changes changes, List<String> relaunch) {
    Observed {
        relaunch = List.copyOf(relaunch);
    }

    /**
     * @param snapshots    per site, its latest describe; a site without one is absent
     * @param processStart when this process started: launches recorded before it may have been cut short
     */
    static Observed of(Domain domain, Instant now, Collection<Instance> live, Map<String, SiteSnapshot> snapshots,
                       DomainMemory memory, Instant processStart, ControlSettings settings) {
        Changes.Builder c = Changes.of(domain, now);
        List<String> relaunch = new ArrayList<>();
        for (Instance i : live) {
            Lifecycle.Step step = Lifecycle.next(i, snapshots.get(i.site()), now, processStart, settings);
            Instance n = step.next();
            if (step.changed(i)) {
                c.update(n);
                replacement(c, i, n);
                if (i.terminationRequested() && i.state() != LifecycleState.TERMINATING
                        && n.state() == LifecycleState.TERMINATING) {
                    c.activity("terminate", "its owner asked for it", "terminating instance " + n.id() + " on "
                            + n.site(), "ok", n.site(), 1);
                }
            }
            if (step.siteFailure()) {
                c.siteFailed(n.site(), 1);
            }
            if (step.siteSuccess()) {
                c.siteSucceeded(n.site());
            }
            if (step.terminate() && memory.dueForTerminate(n, now)) {
                c.terminate(n);
            }
            if (step.relaunch()) {
                relaunch.add(n.id());
            }
        }
        return new Observed(c.build(), relaunch);
    }

    /** An instance that failed or vanished without Specter terminating it is replaced: say so. */
    private static void replacement(Changes.Builder c, Instance before, Instance after) {
        boolean failed = after.state() == LifecycleState.TERMINATING && after.endState() == LifecycleState.FAILED
                && before.state() != LifecycleState.TERMINATING;
        boolean vanished = after.state() == LifecycleState.TERMINATED && before.state() != LifecycleState.TERMINATING;
        if (failed || vanished) {
            c.activity("replace", after.reason(), "instance " + after.id() + " on " + after.site() + " is "
                    + (failed ? "failed" : "gone") + "; it will be " + (failed ? "terminated and " : "")
                    + "replaced", "ok", after.site(), 1);
        }
    }
}
