package dev.specter.reconcile;

import dev.specter.domain.MetricSettings;
import dev.specter.activity.Activity;
import dev.specter.activity.DomainEventListener;
import dev.specter.cloud.CloudAccount;
import dev.specter.cloud.CloudException;
import dev.specter.cloud.CloudGateway;
import dev.specter.cloud.GatewaySettings;
import dev.specter.cloud.ObservedVm;
import dev.specter.cloud.SiteSnapshot;
import dev.specter.cloud.sim.SimCloud;
import dev.specter.cloud.sim.SimMetricSource;
import dev.specter.cloud.sim.SimSettings;
import dev.specter.domain.Domain;
import dev.specter.domain.DomainDefinition;
import dev.specter.domain.DomainRules;
import dev.specter.domain.MultiCloudPolicy;
import dev.specter.domain.manage.DomainService;
import dev.specter.instance.Instance;
import dev.specter.instance.LifecycleState;
import dev.specter.launch.LaunchConfigurationDraft;
import dev.specter.launch.LaunchConfigurationRules;
import dev.specter.launch.SiteLaunchParams;
import dev.specter.launch.manage.LaunchConfigurationService;
import dev.specter.metric.MetricSourceCatalog;
import dev.specter.metric.MetricSourceSet;
import dev.specter.metric.SensorBoard;
import dev.specter.metric.observe.DomainMetrics;
import dev.specter.metric.push.PushedMetricSource;
import dev.specter.site.SiteCatalog;
import dev.specter.site.SiteDefinition;
import dev.specter.store.Store;
import dev.specter.testing.ManualClock;
import dev.specter.testing.memory.InMemoryStore;
import dev.specter.user.User;
import dev.specter.validation.Limits;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The reconciler against the in-memory store (no database) and simulated sites, with a manual clock
 * and describes taken when the test says: every step is deterministic, nothing sleeps.
 */
final class ReconcileHarness implements AutoCloseable {
    static final List<String> SITES = List.of("hotel", "sierra", "alamo");
    final ManualClock clock = new ManualClock();
    final Store store = new InMemoryStore();
    final Map<String, SimCloud> sims = new LinkedHashMap<>();
    final Map<String, CloudGateway> gateways = new HashMap<>();
    final Map<String, SiteSnapshot> snapshots = new HashMap<>();
    final Set<String> unreachable = new java.util.HashSet<>();
    /** Sites the user has registered no credentials for: no account, so unusable. */
    final Set<String> withoutCredentials = new java.util.HashSet<>();
    final Path dir;
    final LaunchConfigurationService lcs;
    final DomainService domains;
    final User user;
    final String installation;
    ControlSettings settings = ControlSettings.DEFAULT;
    DomainReconciler reconciler;
    final SensorBoard board = new SensorBoard();

    ReconcileHarness(Path dir) {
        this.dir = dir;
        for (String site : SITES) {
            SimSettings s = new SimSettings(Duration.ofSeconds(2), Duration.ZERO, -1, 0, 0, 0, Duration.ZERO, 0,
                    Duration.ofSeconds(60), site.hashCode());
            SimCloud sim = new SimCloud(site, s, dir, clock);
            sims.put(site, sim);
            gateways.put(site, new CloudGateway(site, sim, GatewaySettings.DEFAULT, d -> { }));
        }
        SiteCatalog catalog = new SiteCatalog(SITES.stream().map(s -> new SiteDefinition(s, "sim", false,
                List.of("m1.small"), Map.of())).toList());
        lcs = new LaunchConfigurationService(store, new LaunchConfigurationRules(catalog, Limits.DEFAULT),
                Limits.DEFAULT, clock, id -> { });
        domains = new DomainService(store, new DomainRules(Limits.DEFAULT), Limits.DEFAULT, clock, id -> { });
        user = store.users().create("alice", "x", clock.instant());
        installation = store.installationId();
        restart();
    }

    /** A new reconciler, as after a process restart: it remembers nothing but the store. */
    ReconcileHarness restart() {
        reconciler = new DomainReconciler(store, gateways::get, (owner, site) -> withoutCredentials.contains(site)
                        ? Optional.empty() : Optional.of(CloudAccount.anonymous(site)),
                new Observations() {
                    @Override
                    public SiteSnapshot latest(CloudAccount account) {
                        return snapshots.get(account.site());
                    }

                    @Override
                    public boolean reachable(CloudAccount account) {
                        return !unreachable.contains(account.site());
                    }
                }, settings, clock, clock.instant(), installation, DomainEventListener.NONE,
                new DomainMetrics(new MetricSourceSet(Map.of(MetricSourceCatalog.PUSH,
                        new PushedMetricSource(store.metricSamples()), SimMetricSource.NAME, new SimMetricSource(sims)),
                        Map.of()), board));
        snapshots.clear();
        clock.advance(Duration.ofMillis(10));
        return this;
    }

    void lc(String name, Object... siteMaxPairs) {
        Map<String, SiteLaunchParams> sites = new LinkedHashMap<>();
        for (int i = 0; i < siteMaxPairs.length; i += 2) {
            sites.put((String) siteMaxPairs[i], new SiteLaunchParams("img", "m1.small", (Integer) siteMaxPairs[i + 1],
                    true, i / 2 + 1, null));
        }
        lcs.create(user.id(), new LaunchConfigurationDraft(name, sites, null, "#!/bin/sh"));
    }

    String domain(String lcName, int vmCount) {
        return domains.create(user.id(), new DomainDefinition("d-" + lcName + "-" + vmCount, lcName,
                new MultiCloudPolicy(vmCount), List.of(), List.of(), MetricSettings.DEFAULT)).value().id();
    }

    void vmCount(String domainId, int n) {
        domains.change(user.id(), domainId, d -> d.withPolicy(new MultiCloudPolicy(n)), OptionalLong.empty());
    }

    DomainReconciler.Outcome pass(String domainId) {
        return reconciler.reconcile(domainId);
    }

    /** Every site is described now (as the poller would), then the clock moves on a little. */
    void describeAll() {
        for (String site : SITES) {
            if (unreachable.contains(site)) {
                continue;
            }
            try {
                Instant started = clock.instant();
                List<ObservedVm> vms = sims.get(site).describe(CloudAccount.anonymous(site), installation);
                snapshots.put(site, SiteSnapshot.of(started, vms));
            } catch (CloudException e) {
                throw new IllegalStateException(e);
            }
        }
        clock.advance(Duration.ofMillis(10));
    }

    /** Runs passes with describes in between, advancing the clock, until the domain settles. */
    void settle(String domainId) {
        for (int round = 0; round < 50; round++) {
            describeAll();
            if (pass(domainId).settled()) {
                return;
            }
            clock.advance(Duration.ofSeconds(1));
        }
        throw new AssertionError("domain did not settle: " + live(domainId));
    }

    List<Instance> live(String domainId) {
        return store.instances().live(domainId);
    }

    Map<String, Long> runningBySite(String domainId) {
        Map<String, Long> m = new java.util.TreeMap<>();
        live(domainId).stream().filter(i -> i.state() == LifecycleState.RUNNING)
                .forEach(i -> m.merge(i.site(), 1L, Long::sum));
        return m;
    }

    long liveAtClouds() {
        return sims.values().stream().mapToLong(SimCloud::liveCount).sum();
    }

    long vmsCreated() {
        return sims.values().stream().mapToLong(s -> s.calls().vmsCreated()).sum();
    }

    List<Activity> activities(String domainId) {
        return store.activities().list(domainId, 0, 1000);
    }

    /** How many terminate requests the reconciler remembers for the domain's VMs. */
    int terminationsRemembered(String domainId) {
        return reconciler.memory(domainId).terminateSent().size();
    }

    Domain domainRecord(String id) {
        return store.domains().byIdAnyState(id).orElseThrow();
    }

    @Override
    public void close() {
        gateways.values().forEach(CloudGateway::close);
        sims.values().forEach(SimCloud::close);
    }
}
