package dev.specter.reconcile;

import dev.specter.activity.Activity;
import dev.specter.domain.Domain;
import dev.specter.engine.ScalingState;
import dev.specter.engine.SiteHealth;
import dev.specter.instance.Instance;
import dev.specter.instance.LifecycleState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The records of one pass, kept on the pass's thread: the domain's instances and site health as the
 * pass sees them so far, what it has still to commit, and the cloud calls it decided. Every step's
 * {@link Changes} are applied here in turn.
 */
final class PassRecords {
    private final Domain domain;
    private final Instant now;
    private final ControlSettings settings;
    private final Map<String, Instance> live = new LinkedHashMap<>();
    private final Map<String, SiteHealth> health;
    private final Map<String, Instance> inserts = new LinkedHashMap<>();
    private final Map<String, Instance> updates = new LinkedHashMap<>();
    private final List<Activity> activities = new ArrayList<>();
    private final Set<String> healthChanged = new LinkedHashSet<>();
    private ScalingState scaling;
    private final List<Instance> terminations = new ArrayList<>();
    private final List<PlannedLaunch> launches = new ArrayList<>();

    /** @param live the domain's stored non-terminal instances; {@code health} its stored site health */
    PassRecords(Domain domain, Instant now, List<Instance> live, Map<String, SiteHealth> health,
                ControlSettings settings) {
        this.domain = domain;
        this.now = now;
        this.settings = settings;
        live.forEach(i -> this.live.put(i.id(), i));
        this.health = new HashMap<>(health);
    }

    /**
     * What a commit writes.
     *
     * @param health  the sites whose health changed
     * @param scaling the metric engine's state, or null when it did not change
     */
    record Writes(List<Instance> inserts, List<Instance> updates, List<Activity> activities,
                  Map<String, SiteHealth> health, ScalingState scaling) {
        boolean isEmpty() {
            return inserts.isEmpty() && updates.isEmpty() && activities.isEmpty() && health.isEmpty()
                    && scaling == null;
        }
    }

    void apply(Changes c) {
        c.created().forEach(i -> {
            live.put(i.id(), i);
            inserts.put(i.id(), i);
        });
        c.updated().forEach(this::update);
        activities.addAll(c.activities());
        c.siteFailures().forEach(this::siteFailed);
        c.siteSuccesses().stream().filter(s -> !c.siteFailures().containsKey(s)).forEach(this::siteSucceeded);
        if (c.scaling() != null) {
            scaling = c.scaling();
        }
        terminations.addAll(c.terminations());
        launches.addAll(c.launches());
    }

    /** The domain's instances as the pass sees them now, in the order they were loaded or created. */
    Map<String, Instance> live() {
        return Collections.unmodifiableMap(live);
    }

    Map<String, SiteHealth> health() {
        return Collections.unmodifiableMap(health);
    }

    List<Instance> terminations() {
        return List.copyOf(terminations);
    }

    boolean hasCloudCalls() {
        return !terminations.isEmpty() || !launches.isEmpty();
    }

    /** The planned launches, their VMs now REQUESTED: once committed, their calls count as in flight. */
    List<PlannedLaunch> requestLaunches() {
        List<PlannedLaunch> requested = launches.stream().map(l -> l.requested(now)).toList();
        requested.forEach(l -> l.instances().forEach(this::update));
        return requested;
    }

    /** What is still to commit; the records start over empty. */
    Writes takeWrites() {
        Map<String, SiteHealth> changedHealth = new LinkedHashMap<>();
        healthChanged.forEach(site -> changedHealth.put(site, health.get(site)));
        Writes w = new Writes(List.copyOf(inserts.values()), List.copyOf(updates.values()), List.copyOf(activities),
                changedHealth, scaling);
        inserts.clear();
        updates.clear();
        activities.clear();
        healthChanged.clear();
        scaling = null;
        return w;
    }

    /** Nothing in motion: no call was due and every instance is RUNNING or gone. */
    boolean settled() {
        return !hasCloudCalls() && live.values().stream()
                .allMatch(i -> i.state().terminal() || i.state() == LifecycleState.RUNNING);
    }

    private void update(Instance i) {
        live.put(i.id(), i);
        (inserts.containsKey(i.id()) ? inserts : updates).put(i.id(), i);
    }

    private void siteFailed(String site, int failures) {
        SiteHealth before = health.getOrDefault(site, SiteHealth.HEALTHY);
        SiteHealth after = before.failed(failures, now, settings.siteFailureThreshold(), settings.siteBackoff(),
                settings.siteBackoffMax());
        health.put(site, after);
        healthChanged.add(site);
        if (before.available(now) && !after.available(now)) {
            activities.add(Activity.of(domain.id(), domain.owner(), now, "site_backoff",
                    after.consecutiveFailures() + " consecutive failures at " + site, "no new VMs go to " + site
                            + " until " + after.backoffUntil() + "; its share overflows to the next site", "ok",
                    site, 0));
        }
    }

    private void siteSucceeded(String site) {
        SiteHealth h = health.get(site);
        if (h != null && !h.equals(SiteHealth.HEALTHY)) {
            health.put(site, h.succeeded());
            healthChanged.add(site);
        }
    }
}
