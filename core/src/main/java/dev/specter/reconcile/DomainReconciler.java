package dev.specter.reconcile;

import dev.specter.activity.Activity;
import dev.specter.activity.DomainEvent;
import dev.specter.activity.DomainEventListener;
import dev.specter.cloud.AccountResolver;
import dev.specter.cloud.CloudAccount;
import dev.specter.cloud.SiteSnapshot;
import dev.specter.domain.Domain;
import dev.specter.domain.MetricPolicy;
import dev.specter.engine.DomainView;
import dev.specter.engine.Engines;
import dev.specter.engine.Member;
import dev.specter.engine.MetricObservation;
import dev.specter.engine.Plan;
import dev.specter.engine.ScalingState;
import dev.specter.instance.Instance;
import dev.specter.launch.LaunchConfiguration;
import dev.specter.metric.observe.DomainMetrics;
import dev.specter.store.Store;
import dev.specter.user.Tokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One pass of observe, decide, act for one domain. The caller guarantees that passes of the same
 * domain never overlap; passes of different domains may run at once.
 *
 * <ol>
 *   <li>Load the domain, its live instances and site health.</li>
 *   <li>Observe: each live instance meets the latest describe of its site ({@link Observed}).</li>
 *   <li>Decide: what each site can take ({@link SiteView}), which instances count, the engine's
 *       plan, and what it means in records and calls ({@link Planner}).</li>
 *   <li>Record: new instances are written as REQUESTING, with every state change and activity, in one
 *       commit, before any cloud is called (write-ahead).</li>
 *   <li>Act: the launches are recorded as REQUESTED, then terminations and launches go out ({@link
 *       Actuator}); their results are recorded in one more commit.</li>
 * </ol>
 * Nothing needed to continue lives only in memory: after a crash the next pass finds the
 * write-ahead records and resolves them against what the clouds report. What a pass leaves for the
 * next in memory ({@link DomainMemory}) only keeps it from repeating itself.
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
    private final DomainEventListener events;
    private final DomainMetrics metrics;
    private final Actuator actuator;
    /** Per domain, what its last pass left for the next; replaced at the end of each pass. */
    private final Map<String, DomainMemory> memories = new ConcurrentHashMap<>();

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
        this.events = events;
        this.metrics = metrics;
        this.actuator = new Actuator(gateways, installation, clock);
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

    /** @param slot given up while the pass waits on clouds or metric sources, taken again to record */
    public Outcome reconcile(String domainId, WorkSlot slot) {
        Optional<Domain> found = store.domains().byIdAnyState(domainId);
        if (found.isEmpty()) {
            forget(domainId);
            return new Outcome(true, null);
        }
        Domain domain = found.get();
        Instant now = clock.instant();
        Function<String, Optional<CloudAccount>> account = accountsOf(domain.owner());
        DomainMemory memory = memories.getOrDefault(domainId, DomainMemory.NONE);
        PassRecords records = new PassRecords(domain, now, store.instances().live(domainId),
                store.siteHealth().forDomain(domainId), settings);

        Observed seen = Observed.of(domain, now, records.live().values(),
                snapshots(records.live().values(), account), memory, processStart, settings);
        records.apply(seen.changes());
        Decided decided = decide(new Planner(domain, now, () -> Tokens.randomId(16)), records, seen.relaunch(),
                memory, account, slot);
        memory = decided.memory();
        commit(domainId, records.takeWrites());

        if (records.hasCloudCalls()) {
            List<PlannedLaunch> launches = records.requestLaunches();
            commit(domainId, records.takeWrites());
            List<CallResult> results;
            slot.release();
            try {
                results = actuator.call(domain, records.terminations(), launches, account);
            } finally {
                slot.reacquire();
            }
            for (CallResult r : results) {
                records.apply(r.changes(domain, now));
                if (r instanceof CallResult.Terminated t) {
                    memory = memory.terminateSent(t.instances(), now);
                }
            }
            commit(domainId, records.takeWrites());
        }
        remember(domainId, memory.pruned(records.live().values()));
        return new Outcome(decided.shortfall() == 0 && records.settled(), decided.wakeAt());
    }

    /** Forgets what is remembered of a domain that is gone. */
    public void forget(String domainId) {
        memories.remove(domainId);
        metrics.forget(domainId);
    }

    /** What the reconciler remembers of the domain now (for tests). */
    DomainMemory memory(String domainId) {
        return memories.getOrDefault(domainId, DomainMemory.NONE);
    }

    /** The decide step's outcome besides its records. */
    private record Decided(DomainMemory memory, int shortfall, Instant wakeAt) {
    }

    private Decided decide(Planner planner, PassRecords records, List<String> relaunch, DomainMemory memory,
                           Function<String, Optional<CloudAccount>> account, WorkSlot slot) {
        Domain domain = planner.domain();
        Instant now = planner.now();
        if (domain.deleted()) {
            metrics.forget(domain.id());
            records.apply(planner.deleted(records.live().values()));
            return new Decided(memory.deleted(), 0, null);
        }
        Optional<LaunchConfiguration> lc = store.launchConfigurations().byName(domain.owner(), domain.lcName());
        memory = notice(planner, records, memory, Notice.Kind.LAUNCH_CONFIGURATION_MISSING,
                lc.isEmpty() ? Optional.of(Notice.launchConfigurationMissing(domain.lcName())) : Optional.empty());
        if (lc.isEmpty()) {
            records.apply(planner.withoutLaunchConfiguration(records.live(), relaunch));
            return new Decided(memory, 0, null);
        }
        SiteView sites = SiteView.of(lc.get(), account, observations::reachable, records.health(), now);
        memory = notice(planner, records, memory, Notice.Kind.UNUSABLE_SITES, Notice.unusableSites(sites.unusable()));
        Planner.Roster roster = planner.roster(records.live().values(), relaunch, sites);
        records.apply(roster.changes());

        Evaluation evaluation = evaluate(domain, now, roster.members(), records.live(), memory, slot);
        Plan plan = Engines.decide(new DomainView(domain.id(), domain.policy(), sites.slots(), roster.members(),
                evaluation.stored() == null ? ScalingState.NONE : evaluation.stored(), evaluation.observed()), now);
        LOG.debug("domain {}: {} healthy, plan {}", domain.id(), roster.members().size(), plan);
        records.apply(planner.decision(plan, roster.members().size(), evaluation.stored(), memory.lastDecision()));
        records.apply(planner.plan(lc.get(), sites, plan, records.live(), roster.relaunch()));
        memory = notice(planner, records, memory, Notice.Kind.SHORTFALL, Notice.shortfall(plan))
                .decided(plan.decision());
        if (evaluation.evaluatedAt() != null) {
            memory = memory.evaluated(evaluation.evaluatedAt());
        }
        return new Decided(memory, plan.shortfall(), evaluation.wakeAt());
    }

    /** Records the notice of {@code kind} standing now unless it was recorded already; remembers either way. */
    private static DomainMemory notice(Planner planner, PassRecords records, DomainMemory memory, Notice.Kind kind,
                                       Optional<Notice> standing) {
        standing.filter(n -> !memory.recorded(n)).ifPresent(n -> records.apply(planner.notice(n)));
        return memory.noticed(kind, standing);
    }

    /**
     * A metric evaluation.
     *
     * @param stored      the metric engine's stored state, or null when the policy is not metric-driven
     * @param observed    the readings, or null when no evaluation was due
     * @param evaluatedAt when the metrics were last evaluated, or null when the domain has none
     * @param wakeAt      when the next evaluation is due, or null
     */
    private record Evaluation(ScalingState stored, MetricObservation observed, Instant evaluatedAt, Instant wakeAt) {
    }

    /**
     * When an evaluation is due (every {@code metric_evaluation_period}) and the domain has metrics
     * to read, reads them, without holding a work slot: a slow source must not hold up other domains.
     */
    private Evaluation evaluate(Domain domain, Instant now, List<Member> members, Map<String, Instance> live,
                                DomainMemory memory, WorkSlot slot) {
        boolean metricPolicy = domain.policy() instanceof MetricPolicy;
        if (!metricPolicy && domain.monitorSensors().isEmpty() && domain.monitorDomainSensors().isEmpty()) {
            return new Evaluation(null, null, null, null);
        }
        ScalingState stored = metricPolicy ? store.scaling().forDomain(domain.id()) : null;
        Duration period = Duration.ofSeconds(domain.metrics().evaluationPeriodSeconds());
        Instant last = memory.lastEvaluated();
        if (last != null && now.isBefore(last.plus(period)) && !now.isBefore(last)) {
            return new Evaluation(stored, null, last, last.plus(period));
        }
        List<Instance> subjects = members.stream().map(m -> live.get(m.instanceId())).toList();
        MetricObservation observed;
        slot.release();
        try {
            observed = metrics.evaluate(domain, subjects, now);
        } finally {
            slot.reacquire();
        }
        return new Evaluation(stored, observed, now, now.plus(period));
    }

    /** The owner's account per site, looked up once per pass; empty for a site without a gateway. */
    private Function<String, Optional<CloudAccount>> accountsOf(long owner) {
        Map<String, Optional<CloudAccount>> known = new HashMap<>();
        return site -> known.computeIfAbsent(site, s -> gateways.of(s) == null ? Optional.empty()
                : accounts.account(owner, s));
    }

    private Map<String, SiteSnapshot> snapshots(Collection<Instance> live,
                                                Function<String, Optional<CloudAccount>> account) {
        Map<String, SiteSnapshot> out = new HashMap<>();
        live.stream().map(Instance::site).distinct().forEach(site -> account.apply(site)
                .map(observations::latest).ifPresent(s -> out.put(site, s)));
        return out;
    }

    private void commit(String domainId, PassRecords.Writes w) {
        if (w.isEmpty()) {
            return;
        }
        List<Activity> stored = store.inTransaction(tx -> {
            tx.instances().insertAll(w.inserts());
            tx.instances().updateAll(w.updates());
            w.health().forEach((site, health) -> tx.siteHealth().put(domainId, site, health));
            if (w.scaling() != null) {
                tx.scaling().put(domainId, w.scaling());
            }
            return w.activities().stream().map(a -> tx.activities().append(a)).toList();
        });
        List<Instance> changed = new ArrayList<>(w.inserts());
        changed.addAll(w.updates());
        if (!changed.isEmpty()) {
            events.on(new DomainEvent.InstancesChanged(domainId, changed));
        }
        stored.forEach(a -> events.on(new DomainEvent.ActivityRecorded(domainId, a)));
    }

    private void remember(String domainId, DomainMemory memory) {
        if (memory.equals(DomainMemory.NONE)) {
            memories.remove(domainId);
        } else {
            memories.put(domainId, memory);
        }
    }
}
