package dev.specter.control;

import dev.specter.activity.Activity;
import dev.specter.activity.DomainEventListener;
import dev.specter.cloud.CloudAccount;
import dev.specter.cloud.CloudException;
import dev.specter.cloud.CloudGateway;
import dev.specter.cloud.ObservedVm;
import dev.specter.cloud.OwnershipTags;
import dev.specter.cloud.SiteSnapshot;
import dev.specter.cloud.VmState;
import dev.specter.instance.Instance;
import dev.specter.metric.DomainMetrics;
import dev.specter.reconcile.AccountResolver;
import dev.specter.reconcile.ControlSettings;
import dev.specter.reconcile.DomainReconciler;
import dev.specter.site.SiteCatalog;
import dev.specter.site.SiteDefinition;
import dev.specter.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The control loop's moving parts: the domain work queue fed by API signals, a periodic resync of
 * domains still in motion (and, less often, of all), per-site describe polling that feeds
 * {@link SiteObservations} and signals the domains whose VMs changed, the zombie sweep, and the
 * janitor that purges old terminal records.
 */
public final class ControlLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlLoop.class);
    /** Every this many describes of an account, every VM is checked for being a zombie, not just new ones. */
    private static final int FULL_ZOMBIE_CHECK_EVERY = 12;

    private final Store store;
    private final SiteCatalog sites;
    private final CloudSites clouds;
    private final AccountResolver accounts;
    private final ControlSettings settings;
    private final InstantSource clock;
    private final String installation;
    private final SiteObservations observations = new SiteObservations();
    private final DomainReconciler reconciler;
    private final DomainQueue queue;
    private final Set<String> unsettled = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().name("specter-timer-", 0).daemon().factory());
    private final Map<String, AtomicLong> describeCount = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    /** The next timed pass per domain (a metric evaluation), so each domain has at most one waiting. */
    private final Map<String, Instant> wakeUps = new ConcurrentHashMap<>();
    private final Duration metricRetention;
    private final ActivityJanitor activities;
    private final Set<String> describing = ConcurrentHashMap.newKeySet();

    public ControlLoop(Store store, SiteCatalog sites, CloudSites clouds, AccountResolver accounts,
                       ControlSettings settings, InstantSource clock, DomainEventListener events, int maxConcurrent,
                       DomainMetrics metrics, Duration metricRetention, ActivityJanitor activities) {
        this.store = store;
        this.sites = sites;
        this.clouds = clouds;
        this.accounts = accounts;
        this.settings = settings;
        this.clock = clock;
        this.installation = store.installationId();
        this.reconciler = new DomainReconciler(store, clouds, accounts, observations, settings, clock, clock.instant(),
                installation, events, metrics);
        this.metricRetention = metricRetention;
        this.activities = activities;
        this.queue = new DomainQueue(maxConcurrent, this::pass);
    }

    public void start() {
        for (SiteDefinition site : sites.all()) {
            if (clouds.of(site.name()) != null) {
                timers.scheduleWithFixedDelay(() -> Thread.ofVirtual().start(() -> describeSite(site)), 0,
                        settings.describeInterval().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        timers.scheduleWithFixedDelay(this::resync, settings.resyncInterval().toMillis(),
                settings.resyncInterval().toMillis(), TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::sweep, 0, settings.fullResyncInterval().toMillis(), TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::janitor, 1, 60, TimeUnit.SECONDS);
    }

    /** A domain's desired state changed: look at it now. */
    public void signal(String domainId) {
        queue.signal(domainId);
    }

    public String installation() {
        return installation;
    }

    /** Domains queued or being reconciled right now. */
    public int pending() {
        return queue.pending();
    }

    private void pass(String domainId, dev.specter.reconcile.WorkSlot slot) {
        DomainReconciler.Outcome o = reconciler.reconcile(domainId, slot);
        if (o.settled()) {
            unsettled.remove(domainId);
        } else {
            unsettled.add(domainId);
        }
        if (o.wakeAt() != null) {
            wakeAt(domainId, o.wakeAt());
        }
    }

    /** Signals the domain at {@code at}, unless an earlier or equal wake-up is already set. */
    private void wakeAt(String domainId, Instant at) {
        Instant set = wakeUps.merge(domainId, at, (old, neu) -> neu.isBefore(old) ? neu : old);
        if (!set.equals(at)) {
            return;
        }
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        try {
            timers.schedule(() -> {
                if (wakeUps.remove(domainId, at)) {
                    queue.signal(domainId);
                }
            }, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            wakeUps.remove(domainId, at); // shutting down
        }
    }

    private void resync() {
        List.copyOf(unsettled).forEach(queue::signal);
    }

    /**
     * Looks at every domain once, whether or not anything signalled it: the net under lost signals
     * and changes made elsewhere. Fed to the queue only as fast as it drains, so that domains
     * signalled meanwhile (an API write) wait behind a handful of passes, not behind all domains.
     */
    private void sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("specter-sweep").start(() -> {
            try {
                for (String id : store.domains().allIds()) {
                    queue.signalWhenRoom(id);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("sweep over all domains failed", e);
            } finally {
                sweeping.set(false);
            }
        });
    }

    /** Package-private: tests run it when they want instead of waiting for the minute. */
    void janitor() {
        try {
            Instant cutoff = clock.instant().minus(settings.instanceRetention());
            int instances = store.instances().purgeTerminal(cutoff);
            int domains = store.domains().purgeDeleted(cutoff);
            store.metricSamples().purge(clock.instant().minus(metricRetention));
            if (instances + domains > 0) {
                LOG.info("purged {} terminal instances and {} deleted domains older than {}", instances, domains,
                        settings.instanceRetention());
            }
        } catch (RuntimeException e) {
            LOG.error("janitor failed", e);
        }
        try {
            activities.run();
        } catch (RuntimeException e) {
            LOG.error("purging activities failed", e);
        }
    }

    /** One describe round for a site: every account with something there, one call (or page set) each. */
    private void describeSite(SiteDefinition site) {
        if (!describing.add(site.name())) {
            return; // the previous round is still running (a slow site): skip, do not pile up
        }
        try {
            for (CloudAccount account : accountsToDescribe(site)) {
                describe(clouds.of(site.name()), account);
            }
        } catch (RuntimeException e) {
            LOG.error("describing {} failed", site.name(), e);
        } finally {
            describing.remove(site.name());
        }
    }

    private List<CloudAccount> accountsToDescribe(SiteDefinition site) {
        if (!site.credentialsRequired()) {
            return List.of(CloudAccount.anonymous(site.name()));
        }
        Map<String, CloudAccount> distinct = new HashMap<>();
        for (long owner : store.instances().ownersLiveOn(site.name())) {
            accounts.account(owner, site.name()).ifPresent(a -> distinct.putIfAbsent(a.id(), a));
        }
        return List.copyOf(distinct.values());
    }

    private void describe(CloudGateway gateway, CloudAccount account) {
        Instant started = clock.instant();
        List<ObservedVm> vms;
        try {
            vms = gateway.describe(account, installation);
        } catch (CloudException e) {
            if (observations.failed(account)) {
                LOG.warn("{} stopped answering describes ({}); treating it as out of service", account.site(),
                        e.getMessage());
                // domains with VMs there must re-plan around it
                unsettled.forEach(queue::signal);
            }
            return;
        }
        SiteSnapshot now = SiteSnapshot.of(started, vms);
        SiteSnapshot before = observations.succeeded(account, now);
        long round = describeCount.computeIfAbsent(account.id(), k -> new AtomicLong()).getAndIncrement();
        Set<String> changedDomains = new HashSet<>();
        List<ObservedVm> toCheck = new ArrayList<>();
        boolean full = before == null || round % FULL_ZOMBIE_CHECK_EVERY == 0;
        for (ObservedVm vm : now.byToken().values()) {
            ObservedVm old = before == null ? null : before.vm(vm.token());
            if (old == null || old.state() != vm.state()) {
                changedDomains.add(vm.tag(OwnershipTags.DOMAIN));
            }
            if (vm.state() != VmState.TERMINATED && (full || old == null || old.state() != vm.state())) {
                toCheck.add(vm);
            }
        }
        if (before != null) {
            before.byToken().forEach((token, vm) -> {
                if (now.vm(token) == null) {
                    changedDomains.add(vm.tag(OwnershipTags.DOMAIN));
                }
            });
        }
        sweepZombies(gateway, account, toCheck, now.strays(), full);
        changedDomains.stream().filter(Objects::nonNull).forEach(queue::signal);
    }

    /**
     * A VM carrying this installation's tag whose record is missing or already terminal, or that no
     * record can claim (no token, or a second VM for one token), is a zombie: nothing accounts for
     * it, so it is terminated and the event recorded. A full check compares against the site's live
     * records in one query rather than looking up every VM by id.
     */
    private void sweepZombies(CloudGateway gateway, CloudAccount account, List<ObservedVm> candidates,
                              List<ObservedVm> strays, boolean full) {
        List<ObservedVm> zombies = new ArrayList<>();
        strays.stream().filter(vm -> vm.state() != VmState.TERMINATED).forEach(zombies::add);
        if (!candidates.isEmpty()) {
            Set<String> live = full ? store.instances().liveIdsOn(account.site())
                    : store.instances().byIds(candidates.stream().map(ObservedVm::token).toList()).stream()
                    .filter(i -> !i.state().terminal()).map(Instance::id).collect(Collectors.toSet());
            candidates.stream().filter(vm -> !live.contains(vm.token())).forEach(zombies::add);
        }
        Map<String, Instance> known = new HashMap<>();
        List<String> zombieTokens = zombies.stream().map(ObservedVm::token).filter(Objects::nonNull).toList();
        if (!zombieTokens.isEmpty()) {
            store.instances().byIds(zombieTokens).forEach(i -> known.put(i.id(), i));
        }
        if (zombies.isEmpty()) {
            return;
        }
        try {
            gateway.terminate(account, zombies.stream().map(ObservedVm::iaasId).toList());
        } catch (CloudException e) {
            LOG.warn("terminating {} zombie VMs at {} failed: {}", zombies.size(), account.site(), e.getMessage());
            return;
        }
        for (ObservedVm z : zombies) {
            Instance i = z.token() == null ? null : known.get(z.token());
            String why = z.token() == null ? "it has no instance token"
                    : strays.contains(z) ? "another VM already holds its token " + z.token()
                    : i == null ? "no record of it" : "its record is " + i.state().label();
            LOG.warn("terminated zombie VM {} ({}) at {}: {}", z.iaasId(), z.token(), account.site(), why);
            Optional.ofNullable(z.tag(OwnershipTags.DOMAIN)).flatMap(d -> store.domains().byIdAnyState(d))
                    .ifPresent(d -> store.activities().append(Activity.of(d.id(), d.owner(), clock.instant(),
                            "zombie", "VM " + z.iaasId() + " at " + account.site() + " carries this domain's tag but "
                                    + why, "terminated it", "ok", account.site(), 1)));
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
        queue.close(Duration.ofSeconds(8));
    }
}
