package dev.specter.reconcile;

import dev.specter.activity.Activity;
import dev.specter.domain.Domain;
import dev.specter.engine.ScalingState;
import dev.specter.instance.Instance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one step of a pass wants done: the instances to insert (launches decided now, as REQUESTING)
 * and to update, the activities to record, the failures and successes that count for or against
 * sites, the metric engine's state to keep, and the cloud calls to make.
 *
 * @param siteFailures  per site, how many failures count against it
 * @param siteSuccesses sites that did well (a VM reached RUNNING); a failure at the same site wins
 * @param scaling       the metric engine's state to store, or null when it did not change
 * @param terminations  instances whose VMs must be terminated at their clouds
 */
record Changes(List<Instance> created, List<Instance> updated, List<Activity> activities,
               Map<String, Integer> siteFailures, Set<String> siteSuccesses, ScalingState scaling,
               List<Instance> terminations, List<PlannedLaunch> launches) {

    static Builder of(Domain domain, Instant now) {
        return new Builder(domain, now);
    }

    /** Collects one step's changes; its activities are the domain's, at the pass's time. */
    static final class Builder {
        private final Domain domain;
        private final Instant now;
        private final List<Instance> created = new ArrayList<>();
        private final List<Instance> updated = new ArrayList<>();
        private final List<Activity> activities = new ArrayList<>();
        private final Map<String, Integer> siteFailures = new LinkedHashMap<>();
        private final Set<String> siteSuccesses = new LinkedHashSet<>();
        private ScalingState scaling;
        private final List<Instance> terminations = new ArrayList<>();
        private final List<PlannedLaunch> launches = new ArrayList<>();

        private Builder(Domain domain, Instant now) {
            this.domain = domain;
            this.now = now;
        }

        Builder create(Instance i) {
            created.add(i);
            return this;
        }

        Builder update(Instance i) {
            updated.add(i);
            return this;
        }

        Builder activity(String action, String cause, String description, String result, String site, int count) {
            activities.add(Activity.of(domain.id(), domain.owner(), now, action, cause, description, result, site,
                    count));
            return this;
        }

        Builder notice(Notice n) {
            return activity(n.action(), n.cause(), n.description(), "failed", null, 0);
        }

        Builder siteFailed(String site, int failures) {
            siteFailures.merge(site, failures, Integer::sum);
            return this;
        }

        Builder siteSucceeded(String site) {
            siteSuccesses.add(site);
            return this;
        }

        Builder scaling(ScalingState state) {
            scaling = state;
            return this;
        }

        /** The instance's VM must go; one without a cloud id has none a call could name (yet). */
        Builder terminate(Instance i) {
            if (i.iaasId() != null) {
                terminations.add(i);
            }
            return this;
        }

        Builder launch(PlannedLaunch launch) {
            launches.add(launch);
            return this;
        }

        Changes build() {
            return new Changes(List.copyOf(created), List.copyOf(updated), List.copyOf(activities),
                    Collections.unmodifiableMap(new LinkedHashMap<>(siteFailures)),
                    Collections.unmodifiableSet(new LinkedHashSet<>(siteSuccesses)), scaling,
                    List.copyOf(terminations), List.copyOf(launches));
        }
    }
}
