package dev.specter.reconcile;

import dev.specter.cloud.CloudAccount;
import dev.specter.domain.Domain;
import dev.specter.engine.Decision;
import dev.specter.engine.Member;
import dev.specter.engine.Plan;
import dev.specter.engine.ScalingState;
import dev.specter.instance.Instance;
import dev.specter.instance.LifecycleState;
import dev.specter.launch.LaunchConfiguration;
import dev.specter.launch.SiteLaunchParams;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns what a domain's engine decided into what one pass records and asks of the clouds: the
 * instances to write (new ones as REQUESTING), the activities, the terminations and the launch
 * batches. Pure: the only thing it does not decide itself is the ids of new batches.
 *
 * @param batchIds the id of each new launch batch
 */
record Planner(Domain domain, Instant now, Supplier<String> batchIds) {

    /**
     * The instances the engine counts, once the launches that cannot be counted on are given up.
     *
     * @param changes  the abandoned and rejected launches
     * @param relaunch the launches still to be sent again with the same token
     */
    record Roster(List<Member> members, Changes changes, List<String> relaunch) {
        Roster {
            members = List.copyOf(members);
            relaunch = List.copyOf(relaunch);
        }
    }

    /**
     * A launch whose outcome is unknown on a site that cannot be described is not counted on: it is
     * abandoned (terminated should it turn out to exist) and replaced elsewhere, so it never comes
     * back to push healthy VMs out once its site answers again. On a site that is only resting after
     * failed calls, the next describe settles it: the VMs may well be running. A launch known not to
     * have taken effect on a site resting or unreachable is given up before planning, so this plan
     * replaces it on the next available site.
     */
    Roster roster(Collection<Instance> live, List<String> relaunch, SiteView sites) {
        Changes.Builder c = Changes.of(domain, now);
        Set<String> toRelaunch = new HashSet<>(relaunch);
        List<String> still = new ArrayList<>(relaunch);
        List<Member> members = new ArrayList<>();
        int abandoned = 0;
        for (Instance i : live) {
            if (i.state().outcomeUnknown() && sites.unobservable().contains(i.site())) {
                Instance t = i.terminating(LifecycleState.REJECTED, "abandoned: its launch outcome is unknown and "
                        + i.site() + " does not answer describes; replaced elsewhere", now);
                c.update(t).terminate(t);
                still.remove(i.id());
                abandoned++;
            } else if (toRelaunch.contains(i.id()) && sites.unavailable().contains(i.site())) {
                c.update(i.moveTo(LifecycleState.REJECTED, "the launch did not take effect and " + i.site()
                        + " is out of service", now));
                still.remove(i.id());
            } else if (i.state().healthy() && !i.terminationRequested()) {
                members.add(Member.of(i));
            }
        }
        if (abandoned > 0) {
            c.activity("replace", "launches with unknown outcome on a site that cannot be described",
                    "abandoned " + abandoned + " launches; they are replaced on the next available site", "ok",
                    null, abandoned);
        }
        return new Roster(members, c.build(), still);
    }

    /**
     * What a metric engine concluded: its state to keep, and an activity when the size changed, or
     * when the situation differs from the last decision's (holds are not recorded at every evaluation).
     *
     * @param stored       the state stored before this pass, or null when the policy is not metric-driven
     * @param lastDecision the kind of the last decision, or null
     */
    Changes decision(Plan plan, int members, ScalingState stored, String lastDecision) {
        Changes.Builder c = Changes.of(domain, now);
        if (plan.state() != null && !plan.state().equals(stored)) {
            c.scaling(plan.state());
        }
        Decision d = plan.decision();
        if (d == null) {
            return c.build();
        }
        if (d.changed()) {
            c.activity("scale", d.text(), "decided size " + plan.target(), "ok", null,
                    Math.abs(plan.target() - members));
        } else if (!d.kind().equals(lastDecision)) {
            c.activity(d.kind().replace('-', '_'), d.text(), "holding " + plan.target(),
                    d.kind().equals("source-failed") ? "failed" : "ok", null, 0);
        }
        return c.build();
    }

    /**
     * The plan's terminations and launches: a launch that did not take effect goes out again in its
     * own batch with the same tokens, unless the plan removes it; new VMs are recorded as REQUESTING.
     *
     * @param live     the domain's instances as the pass sees them now
     * @param relaunch the launches to send again ({@link Roster#relaunch})
     */
    Changes plan(LaunchConfiguration lc, SiteView sites, Plan plan, Map<String, Instance> live,
                 List<String> relaunch) {
        Changes.Builder c = Changes.of(domain, now);
        Set<String> leaving = new HashSet<>();
        Map<String, Integer> perSite = new LinkedHashMap<>();
        for (Plan.Termination t : plan.terminations()) {
            Instance i = live.get(t.instanceId()).terminating(LifecycleState.TERMINATED, t.reason(), now);
            c.update(i).terminate(i);
            leaving.add(i.id());
            perSite.merge(i.site(), 1, Integer::sum);
        }
        perSite.forEach((site, n) -> c.activity("terminate", plan.why(), "terminating " + n + " at " + site + " ("
                + plan.terminations().stream().filter(t -> t.site().equals(site)).findFirst()
                .map(Plan.Termination::reason).orElse("") + ")", "ok", site, n));

        Map<String, List<Instance>> again = new LinkedHashMap<>();
        Map<String, String> why = new HashMap<>();
        for (String id : relaunch) {
            if (leaving.contains(id)) {
                continue;
            }
            Instance i = live.get(id);
            again.computeIfAbsent(i.batchId(), b -> new ArrayList<>()).add(i);
            why.put(i.batchId(), "relaunching with the same idempotency token: " + i.reason());
        }
        again.forEach((batchId, batch) -> c.launch(new PlannedLaunch(batchId, batch.getFirst().site(), batch,
                why.get(batchId))));

        for (Plan.Launch l : plan.launches()) {
            SiteLaunchParams p = lc.sites().get(l.site());
            String batchId = batchIds.get();
            String keyName = Optional.ofNullable(sites.accounts().get(l.site())).map(CloudAccount::keyName)
                    .orElse(null);
            List<Instance> batch = new ArrayList<>();
            for (int k = 0; k < l.count(); k++) {
                Instance i = Instance.requesting(batchId + "-" + k, domain.id(), domain.owner(), l.site(), batchId,
                        p.imageId(), p.instanceType(), keyName, lc.userDataFor(l.site()), plan.why(), now);
                c.create(i);
                batch.add(i);
            }
            c.launch(new PlannedLaunch(batchId, l.site(), batch, plan.why()));
        }
        return c.build();
    }

    /** A deleted domain: every instance goes. */
    Changes deleted(Collection<Instance> live) {
        Changes.Builder c = Changes.of(domain, now);
        int n = 0;
        for (Instance i : live) {
            if (!i.state().terminal() && i.state() != LifecycleState.TERMINATING) {
                Instance t = i.terminating(LifecycleState.TERMINATED, "the domain was deleted", now);
                c.update(t).terminate(t);
                n++;
            }
        }
        if (n > 0) {
            c.activity("terminate", "the domain was deleted", "terminating " + n + " instances", "ok", null, n);
        }
        return c.build();
    }

    /** Without its launch configuration a domain launches nothing, not even again. */
    Changes withoutLaunchConfiguration(Map<String, Instance> live, List<String> relaunch) {
        Changes.Builder c = Changes.of(domain, now);
        relaunch.forEach(id -> c.update(live.get(id).moveTo(LifecycleState.REJECTED,
                "the launch did not take effect and its launch configuration is gone", now)));
        return c.build();
    }

    /** The notice's activity. */
    Changes notice(Notice n) {
        return Changes.of(domain, now).notice(n).build();
    }
}
