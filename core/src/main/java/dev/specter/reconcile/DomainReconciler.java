package dev.specter.reconcile;

import dev.specter.activity.Activity;
import dev.specter.activity.DomainEvent;
import dev.specter.activity.DomainEventListener;
import dev.specter.cloud.CloudAccount;
import dev.specter.cloud.CloudErrorKind;
import dev.specter.cloud.CloudException;
import dev.specter.cloud.CloudGateway;
import dev.specter.cloud.LaunchBatch;
import dev.specter.cloud.LaunchResult;
import dev.specter.cloud.ObservedVm;
import dev.specter.cloud.OwnershipTags;
import dev.specter.cloud.SiteSnapshot;
import dev.specter.cloud.VmSpec;
import dev.specter.cloud.VmState;
import dev.specter.domain.Domain;
import dev.specter.domain.MetricPolicy;
import dev.specter.engine.Decision;
import dev.specter.engine.DomainView;
import dev.specter.engine.Engines;
import dev.specter.engine.Member;
import dev.specter.engine.MetricObservation;
import dev.specter.engine.Plan;
import dev.specter.engine.ScalingState;
import dev.specter.engine.SiteHealth;
import dev.specter.engine.SiteSlot;
import dev.specter.instance.Instance;
import dev.specter.instance.LifecycleState;
import dev.specter.launch.LaunchConfiguration;
import dev.specter.launch.SiteLaunchParams;
import dev.specter.metric.DomainMetrics;
import dev.specter.store.Store;
import dev.specter.user.Tokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One pass of observe, decide, act for one domain. The caller guarantees that passes of the same
 * domain never overlap; passes of different domains may run at once.
 *
 * <ol>
 *   <li>Observe: each live instance meets the latest describe of its site ({@link Lifecycle}).</li>
 *   <li>Decide: the domain's engine turns the healthy instances and the sites' state into a plan.</li>
 *   <li>Record: new instances are written as REQUESTING, with every state change and activity, in one
 *       commit, before any cloud is called (write-ahead).</li>
 *   <li>Act: terminations and launches go out, batched per site, sites in parallel; their results
 *       are committed in turn.</li>
 * </ol>
 * Nothing needed to continue lives only in memory: after a crash the next pass finds the
 * write-ahead records and resolves them against what the clouds report.
 */
public final class DomainReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(DomainReconciler.class);
    private final Store store;
    private final Gateways gateways;
    private final AccountResolver accounts;
    private final Observations observations;
    private final ControlSettings settings;
    private final InstantSource clock;
    private final Instant processStart;
    private final String installation;
    private final DomainEventListener events;
    private final DomainMetrics metrics;
    /** When a terminate was last sent per instance, so a VM slow to go is asked again, but not every pass. */
    private final Map<String, Instant> terminateSent = new ConcurrentHashMap<>();
    /** The last standing notice per domain (shortfall, missing LC...), so it is recorded once, not every pass. */
    private final Map<String, String> notices = new ConcurrentHashMap<>();
    /** The kind of the last metric decision recorded per domain: holds are recorded when they change. */
    private final Map<String, String> lastDecision = new ConcurrentHashMap<>();
    /**
     * When each domain's metrics were last evaluated. Memory only, on purpose: after a restart every
     * domain is evaluated at once, and nothing is written per evaluation unless its decision changed
     * something (1,000 evaluations a second at 10,000 sensor domains).
     */
    private final Map<String, Instant> lastEvaluated = new ConcurrentHashMap<>();

    public DomainReconciler(Store store, Gateways gateways, AccountResolver accounts, Observations observations,
                            ControlSettings settings, InstantSource clock, Instant processStart, String installation,
                            DomainEventListener events, DomainMetrics metrics) {
        this.store = store;
        this.gateways = gateways;
        this.accounts = accounts;
        this.observations = observations;
        this.settings = settings;
        this.clock = clock;
        this.processStart = processStart;
        this.installation = installation;
        this.events = events;
        this.metrics = metrics;
    }

    /**
     * @param settled nothing is in motion: no timer or pending change needs another look
     * @param wakeAt  when the domain wants its next pass (its next metric evaluation), or null
     */
    public record Outcome(boolean settled, Instant wakeAt) {
    }

    public Outcome reconcile(String domainId) {
        return reconcile(domainId, WorkSlot.NONE);
    }

    /** @param slot given up while the pass waits on clouds, taken again to record the results */
    public Outcome reconcile(String domainId, WorkSlot slot) {
        Optional<Domain> found = store.domains().byIdAnyState(domainId);
        if (found.isEmpty()) {
            forget(domainId);
            return new Outcome(true, null);
        }
        Pass pass = new Pass(found.get(), clock.instant());
        pass.observe();
        pass.decide(slot);
        pass.record();
        pass.act(slot);
        return new Outcome(pass.settled(), pass.wakeAt);
    }

    /** Forgets per-domain memory of a domain that is gone. */
    public void forget(String domainId) {
        notices.remove(domainId);
        lastDecision.remove(domainId);
        lastEvaluated.remove(domainId);
        metrics.forget(domainId);
    }

    /** The state of one pass over one domain. */
    private final class Pass {
        final Domain domain;
        final Instant now;
        final Map<String, Instance> live = new LinkedHashMap<>();
        final Map<String, Instance> dirty = new LinkedHashMap<>();
        final List<Instance> created = new ArrayList<>();
        final List<Activity> activities = new ArrayList<>();
        final Map<String, SiteHealth> health;
        final Set<String> healthDirty = new HashSet<>();
        final Map<String, Optional<CloudAccount>> accountCache = new HashMap<>();
        final List<Instance> toTerminate = new ArrayList<>();
        final List<Instance> relaunchCandidates = new ArrayList<>();
        final Map<String, List<Instance>> batches = new LinkedHashMap<>();
        final Map<String, String> batchCause = new HashMap<>();
        int shortfall;
        ScalingState scaling;
        ScalingState scalingToStore;
        Instant wakeAt;

        Pass(Domain domain, Instant now) {
            this.domain = domain;
            this.now = now;
            store.instances().live(domain.id()).forEach(i -> live.put(i.id(), i));
            this.health = new HashMap<>(store.siteHealth().forDomain(domain.id()));
        }

        Optional<CloudAccount> account(String site) {
            return accountCache.computeIfAbsent(site, s -> gateways.of(s) == null ? Optional.empty()
                    : accounts.account(domain.owner(), s));
        }

        SiteSnapshot snapshot(String site) {
            return account(site).map(observations::latest).orElse(null);
        }

        void update(Instance i) {
            live.put(i.id(), i);
            dirty.put(i.id(), i);
        }

        void activity(String action, String cause, String description, String result, String site, int count) {
            activities.add(Activity.of(domain.id(), domain.owner(), now, action, cause, description, result, site,
                    count));
        }

        // ---- observe ----

        void observe() {
            Map<String, Integer> failures = new HashMap<>();
            Set<String> successes = new HashSet<>();
            for (Instance i : List.copyOf(live.values())) {
                Lifecycle.Step step = Lifecycle.next(i, snapshot(i.site()), now, processStart, settings);
                Instance n = step.next();
                if (step.changed(i)) {
                    update(n);
                    noteFailure(i, n);
                    if (i.terminationRequested() && i.state() != LifecycleState.TERMINATING
                            && n.state() == LifecycleState.TERMINATING) {
                        activity("terminate", "its owner asked for it", "terminating instance " + n.id() + " on "
                                + n.site(), "ok", n.site(), 1);
                    }
                }
                if (step.siteFailure()) {
                    failures.merge(n.site(), 1, Integer::sum);
                }
                if (step.siteSuccess()) {
                    successes.add(n.site());
                }
                if (step.terminate() && dueForTerminate(n)) {
                    toTerminate.add(n);
                }
                if (step.relaunch()) {
                    relaunchCandidates.add(n);
                }
            }
            failures.forEach(this::siteFailed);
            successes.stream().filter(s -> !failures.containsKey(s)).forEach(this::siteSucceeded);
        }

        void noteFailure(Instance before, Instance after) {
            boolean failed = after.state() == LifecycleState.TERMINATING && after.endState() == LifecycleState.FAILED
                    && before.state() != LifecycleState.TERMINATING;
            boolean vanished = after.state() == LifecycleState.TERMINATED && before.state() != LifecycleState.TERMINATING;
            if (failed || vanished) {
                activity("replace", after.reason(), "instance " + after.id() + " on " + after.site() + " is "
                        + (failed ? "failed" : "gone") + "; it will be " + (failed ? "terminated and " : "")
                        + "replaced", "ok", after.site(), 1);
            }
        }

        void siteFailed(String site, int n) {
            SiteHealth before = health.getOrDefault(site, SiteHealth.HEALTHY);
            SiteHealth after = before.failed(n, now, settings.siteFailureThreshold(), settings.siteBackoff(),
                    settings.siteBackoffMax());
            health.put(site, after);
            healthDirty.add(site);
            if (before.available(now) && !after.available(now)) {
                activity("site_backoff", after.consecutiveFailures() + " consecutive failures at " + site,
                        "no new VMs go to " + site + " until " + after.backoffUntil() + "; its share overflows to the "
                                + "next site", "ok", site, 0);
            }
        }

        void siteSucceeded(String site) {
            SiteHealth h = health.get(site);
            if (h != null && !h.equals(SiteHealth.HEALTHY)) {
                health.put(site, h.succeeded());
                healthDirty.add(site);
            }
        }

        boolean dueForTerminate(Instance i) {
            Instant last = terminateSent.get(i.id());
            return last == null || !now.isBefore(last.plus(Lifecycle.TERMINATE_RETRY));
        }

        // ---- decide ----

        void decide(WorkSlot slot) {
            if (domain.deleted()) {
                forget(domain.id());
                int n = 0;
                for (Instance i : List.copyOf(live.values())) {
                    if (!i.state().terminal() && i.state() != LifecycleState.TERMINATING) {
                        terminate(i.terminating(LifecycleState.TERMINATED, "the domain was deleted", now));
                        n++;
                    }
                }
                if (n > 0) {
                    activity("terminate", "the domain was deleted", "terminating " + n + " instances", "ok", null, n);
                }
                relaunchCandidates.clear();
                return;
            }
            Optional<LaunchConfiguration> lc = store.launchConfigurations().byName(domain.owner(), domain.lcName());
            if (lc.isEmpty()) {
                notice("lc-missing", "configuration", "launch configuration '" + domain.lcName() + "' not found",
                        "no VMs are launched until the domain names an existing launch configuration");
                rejectRelaunches("its launch configuration is gone");
                return;
            }
            List<SiteSlot> slots = new ArrayList<>();
            Set<String> unavailable = new HashSet<>();
            Set<String> unobservable = new HashSet<>();
            List<String> unusable = new ArrayList<>();
            for (String site : lc.get().sitesByRank()) {
                SiteLaunchParams p = lc.get().sites().get(site);
                Optional<CloudAccount> acct = account(site);
                boolean usable = acct.isPresent();
                if (!usable) {
                    unusable.add(site);
                }
                boolean observable = usable && observations.reachable(acct.get());
                if (!observable) {
                    unobservable.add(site);
                }
                boolean available = observable && health.getOrDefault(site, SiteHealth.HEALTHY).available(now);
                if (!available) {
                    unavailable.add(site);
                }
                slots.add(new SiteSlot(site, p.rank(), p.maxVms(), available));
            }
            if (!unusable.isEmpty()) {
                notice("unusable-" + unusable, "configuration", "no usable account at " + unusable,
                        "register credentials for " + unusable + " (POST /credentials/sites) or the site is not "
                                + "configured; those sites are skipped");
            }
            // a launch whose outcome is unknown on a site that cannot be described is not counted on: it
            // is abandoned (terminated should it turn out to exist) and replaced elsewhere, so it never
            // comes back to push healthy VMs out once its site answers again. On a site that is only
            // resting after failed calls, the next describe settles it: the VMs may well be running. A
            // launch known not to have taken effect on a site resting or unreachable is given up before
            // planning, so this plan replaces it on the next available site.
            Set<String> relaunchIds = new HashSet<>();
            relaunchCandidates.forEach(i -> relaunchIds.add(i.id()));
            List<Member> members = new ArrayList<>();
            int abandoned = 0;
            for (Instance i : List.copyOf(live.values())) {
                if (i.state().outcomeUnknown() && unobservable.contains(i.site())) {
                    terminate(i.terminating(LifecycleState.REJECTED, "abandoned: its launch outcome is unknown and "
                            + i.site() + " does not answer describes; replaced elsewhere", now));
                    relaunchCandidates.removeIf(r -> r.id().equals(i.id()));
                    abandoned++;
                } else if (relaunchIds.contains(i.id()) && unavailable.contains(i.site())) {
                    update(i.moveTo(LifecycleState.REJECTED, "the launch did not take effect and " + i.site()
                            + " is out of service", now));
                    relaunchCandidates.removeIf(r -> r.id().equals(i.id()));
                } else if (i.state().healthy() && !i.terminationRequested()) {
                    members.add(Member.of(i));
                }
            }
            if (abandoned > 0) {
                activity("replace", "launches with unknown outcome on a site that cannot be described",
                        "abandoned " + abandoned + " launches; they are replaced on the next available site", "ok",
                        null, abandoned);
            }
            MetricObservation observed = evaluateMetrics(members, slot);
            Plan plan = Engines.decide(new DomainView(domain.id(), domain.policy(), slots, members,
                    scaling == null ? ScalingState.NONE : scaling, observed), now);
            recordScaling(plan, members.size());
            LOG.debug("domain {}: {} healthy, plan {}", domain.id(), members.size(), plan);
            shortfall = plan.shortfall();

            Map<String, Integer> terminatedPerSite = new LinkedHashMap<>();
            for (Plan.Termination t : plan.terminations()) {
                Instance i = live.get(t.instanceId());
                terminate(i.terminating(LifecycleState.TERMINATED, t.reason(), now));
                terminatedPerSite.merge(i.site(), 1, Integer::sum);
            }
            terminatedPerSite.forEach((site, n) -> activity("terminate", plan.why(), "terminating " + n + " at "
                    + site + " (" + plan.terminations().stream().filter(t -> t.site().equals(site)).findFirst()
                    .map(Plan.Termination::reason).orElse("") + ")", "ok", site, n));

            for (Instance i : relaunchCandidates) {
                Instance current = live.get(i.id());
                if (current.state() == LifecycleState.TERMINATING) {
                    continue;
                }
                batches.computeIfAbsent(i.batchId(), b -> new ArrayList<>()).add(current);
                batchCause.put(i.batchId(), "relaunching with the same idempotency token: " + current.reason());
            }
            for (Plan.Launch l : plan.launches()) {
                SiteLaunchParams p = lc.get().sites().get(l.site());
                String batchId = Tokens.randomId(16);
                String keyName = account(l.site()).map(CloudAccount::keyName).orElse(null);
                List<Instance> batch = new ArrayList<>();
                for (int k = 0; k < l.count(); k++) {
                    Instance i = Instance.requesting(batchId + "-" + k, domain.id(), domain.owner(), l.site(), batchId,
                            p.imageId(), p.instanceType(), keyName, lc.get().userDataFor(l.site()), plan.why(), now);
                    batch.add(i);
                    created.add(i);
                    live.put(i.id(), i);
                }
                batches.put(batchId, batch);
                batchCause.put(batchId, plan.why());
            }
            if (plan.shortfall() > 0) {
                notice("shortfall-" + plan.target(), "insufficient_capacity", plan.why(), plan.shortfall()
                        + " more VMs are wanted but every site is full or out of service; retrying as capacity frees");
            } else if (plan.launches().isEmpty() && plan.terminations().isEmpty()) {
                notices.remove(domain.id());
            }
        }

        /**
         * When an evaluation is due (every {@code metric_evaluation_period}) and the domain has metrics
         * to read, reads them, without holding a work slot: a slow source must not hold up other domains.
         */
        MetricObservation evaluateMetrics(List<Member> members, WorkSlot slot) {
            boolean metricPolicy = domain.policy() instanceof MetricPolicy;
            if (!metricPolicy && domain.monitorSensors().isEmpty() && domain.monitorDomainSensors().isEmpty()) {
                return null;
            }
            if (metricPolicy) {
                scaling = store.scaling().forDomain(domain.id());
            }
            Duration period = Duration.ofSeconds(domain.metrics().evaluationPeriodSeconds());
            Instant last = lastEvaluated.get(domain.id());
            if (last != null && now.isBefore(last.plus(period)) && !now.isBefore(last)) {
                wakeAt = last.plus(period);
                return null;
            }
            Set<String> healthy = new HashSet<>();
            members.forEach(m -> healthy.add(m.instanceId()));
            List<Instance> subjects = live.values().stream().filter(i -> healthy.contains(i.id())).toList();
            slot.release();
            MetricObservation o;
            try {
                o = metrics.evaluate(domain, subjects, now);
            } finally {
                slot.reacquire();
            }
            lastEvaluated.put(domain.id(), now);
            wakeAt = now.plus(period);
            return o;
        }

        void recordScaling(Plan plan, int members) {
            if (plan.state() != null && !plan.state().equals(scaling)) {
                scalingToStore = plan.state();
            }
            Decision d = plan.decision();
            if (d == null) {
                return;
            }
            if (d.changed()) {
                activity("scale", d.text(), "decided size " + plan.target(), "ok", null,
                        Math.abs(plan.target() - members));
                lastDecision.put(domain.id(), d.kind());
            } else if (!d.kind().equals(lastDecision.put(domain.id(), d.kind()))) {
                activity(d.kind().replace('-', '_'), d.text(), "holding " + plan.target(),
                        d.kind().equals("source-failed") ? "failed" : "ok", null, 0);
            }
        }

        void terminate(Instance terminating) {
            update(terminating);
            if (terminating.iaasId() != null) {
                toTerminate.add(terminating);
            }
        }

        void rejectRelaunches(String why) {
            for (Instance i : relaunchCandidates) {
                update(live.get(i.id()).moveTo(LifecycleState.REJECTED, "the launch did not take effect and " + why, now));
            }
            relaunchCandidates.clear();
        }

        void notice(String key, String action, String cause, String description) {
            if (!key.equals(notices.put(domain.id(), key))) {
                activity(action, cause, description, "failed", null, 0);
            }
        }

        // ---- record ----

        void record() {
            if (created.isEmpty() && dirty.isEmpty() && activities.isEmpty() && healthDirty.isEmpty()
                    && scalingToStore == null) {
                return;
            }
            commit();
        }

        void commit() {
            List<Instance> inserts = List.copyOf(created);
            List<Instance> updates = dirty.values().stream().filter(i -> !inserts.contains(i)).toList();
            List<Activity> stored = store.inTransaction(tx -> {
                tx.instances().insertAll(inserts);
                tx.instances().updateAll(updates);
                healthDirty.forEach(site -> tx.siteHealth().put(domain.id(), site, health.get(site)));
                if (scalingToStore != null) {
                    tx.scaling().put(domain.id(), scalingToStore);
                }
                return activities.stream().map(a -> tx.activities().append(a)).toList();
            });
            List<Instance> changed = new ArrayList<>(inserts);
            changed.addAll(updates);
            if (!changed.isEmpty()) {
                events.on(new DomainEvent.InstancesChanged(domain.id(), changed));
            }
            stored.forEach(a -> events.on(new DomainEvent.ActivityRecorded(domain.id(), a)));
            created.clear();
            dirty.clear();
            activities.clear();
            healthDirty.clear();
            scalingToStore = null;
        }

        // ---- act ----

        void act(WorkSlot slot) {
            if (toTerminate.isEmpty() && batches.isEmpty()) {
                return;
            }
            // the cloud call is in flight from here on: REQUESTED, committed before the call
            for (List<Instance> batch : batches.values()) {
                batch.replaceAll(i -> {
                    Instance r = i.moveTo(LifecycleState.REQUESTED, "launch request sent to " + i.site(), now);
                    update(r);
                    return r;
                });
            }
            commit();
            Map<String, List<Runnable>> bySite = new LinkedHashMap<>();
            groupTerminations().forEach((site, ids) -> bySite.computeIfAbsent(site, s -> new ArrayList<>())
                    .add(() -> sendTerminate(site, ids)));
            batches.forEach((batchId, batch) -> bySite.computeIfAbsent(batch.getFirst().site(), s -> new ArrayList<>())
                    .add(() -> sendLaunch(batchId, batch)));
            slot.release();
            try {
                callClouds(bySite);
            } finally {
                slot.reacquire();
            }
            commit();
        }

        void callClouds(Map<String, List<Runnable>> bySite) {
            if (bySite.size() == 1) {
                bySite.values().iterator().next().forEach(Runnable::run);
            } else {
                try (ExecutorService sites = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<?>> all = new ArrayList<>();
                    bySite.values().forEach(work -> all.add(sites.submit(() -> work.forEach(Runnable::run))));
                    for (Future<?> f : all) {
                        try {
                            f.get();
                        } catch (Exception e) {
                            LOG.error("cloud work for domain {} failed", domain.id(), e);
                        }
                    }
                }
            }
        }

        Map<String, List<String>> groupTerminations() {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (Instance i : toTerminate) {
                out.computeIfAbsent(i.site(), s -> new ArrayList<>()).add(i.iaasId());
            }
            return out;
        }

        void sendTerminate(String site, List<String> iaasIds) {
            CloudGateway gw = gateways.of(site);
            Optional<CloudAccount> acct = account(site);
            if (gw == null || acct.isEmpty()) {
                LOG.warn("cannot terminate {} at {}: no gateway or account", iaasIds, site);
                return;
            }
            try {
                gw.terminate(acct.get(), iaasIds);
                toTerminate.stream().filter(i -> i.site().equals(site)).forEach(i -> terminateSent.put(i.id(), now));
            } catch (CloudException e) {
                synchronized (this) {
                    activity("terminate", "terminating " + iaasIds.size() + " VMs at " + site, e.getMessage(),
                            "failed", site, iaasIds.size());
                }
            }
        }

        void sendLaunch(String batchId, List<Instance> batch) {
            String site = batch.getFirst().site();
            CloudGateway gw = gateways.of(site);
            CloudAccount acct = account(site).orElseThrow();
            List<VmSpec> specs = batch.stream().map(i -> new VmSpec(i.id(), i.imageId(), i.instanceType(),
                    i.keyname(), i.userData(), OwnershipTags.of(installation, i.id(), domain.id(), domain.owner(),
                    batchId))).toList();
            String cause = batchCause.get(batchId);
            try {
                LaunchResult r = gw.launch(acct, new LaunchBatch(batchId, specs));
                launched(batch, r, cause);
            } catch (CloudException e) {
                launchFailed(batch, e, cause);
            }
        }

        synchronized void launched(List<Instance> batch, LaunchResult r, String cause) {
            String site = batch.getFirst().site();
            Map<String, ObservedVm> byToken = new HashMap<>();
            r.launched().forEach(vm -> byToken.put(vm.token(), vm));
            int accepted = 0;
            int refused = 0;
            String refusal = null;
            for (Instance i : batch) {
                ObservedVm vm = byToken.get(i.id());
                CloudException no = r.refused().get(i.id());
                if (vm != null) {
                    boolean running = vm.state() == VmState.RUNNING;
                    update(i.withCloudFacts(vm.iaasId(), vm.hostname(), vm.publicIp(), vm.privateIp())
                            .moveTo(running ? LifecycleState.RUNNING : LifecycleState.PENDING,
                                    running ? "running at the cloud" : "accepted by the cloud, booting", now));
                    accepted++;
                } else if (no != null) {
                    update(i.moveTo(LifecycleState.REJECTED, no.getMessage(), now));
                    refused++;
                    refusal = no.getMessage();
                } else {
                    update(i.moveTo(LifecycleState.ERROR_RETRYING, "the cloud's answer did not mention this VM; "
                            + "it will be resolved by describing the site", answeredAt()));
                }
            }
            if (refused > 0) {
                siteFailed(site, refused);
            }
            activity("launch", cause, "launched " + accepted + " of " + batch.size() + " at " + site
                            + (refused > 0 ? "; " + refused + " refused: " + refusal : ""),
                    refused == 0 ? "ok" : accepted == 0 ? "failed" : "partial", site, accepted);
        }

        synchronized void launchFailed(List<Instance> batch, CloudException e, String cause) {
            String site = batch.getFirst().site();
            CloudErrorKind kind = e.kind();
            boolean definite = kind.definite() && kind != CloudErrorKind.THROTTLED;
            Instant answered = answeredAt();
            for (Instance i : batch) {
                update(definite ? i.moveTo(LifecycleState.REJECTED, e.getMessage(), now)
                        : i.moveTo(LifecycleState.ERROR_RETRYING, (kind == CloudErrorKind.THROTTLED
                        ? "throttled by " + site : "launch outcome unknown (" + e.getMessage() + ")")
                        + "; resolving by describing the site, never by launching blindly", answered));
            }
            // a refusal counts once per VM refused; a call that failed without an answer counts once
            if (definite) {
                siteFailed(site, batch.size());
            } else if (kind != CloudErrorKind.THROTTLED) {
                siteFailed(site, 1);
            }
            activity("launch", cause, "launching " + batch.size() + " at " + site + " failed: " + e.getMessage(),
                    definite ? "failed" : "unknown", site, 0);
        }

        /**
         * When a launch call ended. A launch of unknown outcome is stamped with it, not with the pass's
         * start: only a describe sent after the call ended can tell that the call launched nothing. (A
         * describe sent while the call was at the cloud may miss VMs it was creating; a cloud that
         * honours client tokens forgives the relaunch that follows, one that does not, like moto, would
         * run the VMs twice.)
         */
        Instant answeredAt() {
            Instant t = clock.instant();
            return t.isAfter(now) ? t : now;
        }

        boolean settled() {
            return shortfall == 0 && batches.isEmpty() && toTerminate.isEmpty()
                    && live.values().stream().allMatch(i -> i.state().terminal() || i.state() == LifecycleState.RUNNING);
        }
    }
}
