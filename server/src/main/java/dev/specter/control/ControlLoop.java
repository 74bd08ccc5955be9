package dev.specter.control;

import dev.specter.activity.DomainEventListener;
import dev.specter.cloud.AccountResolver;
import dev.specter.metric.observe.DomainMetrics;
import dev.specter.plugin.CloudSites;
import dev.specter.reconcile.ControlSettings;
import dev.specter.reconcile.DomainReconciler;
import dev.specter.site.SiteDefinition;
import dev.specter.site.SiteCatalog;
import dev.specter.store.Store;
import dev.specter.workqueue.Scheduler;
import dev.specter.workqueue.WorkQueue;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The control loop's parts put together: the {@link DomainController} with its work queue, the
 * {@link SiteInformer} describing each site on its interval (and its {@link ZombieCollector}), the
 * full sweep, and the {@link Janitor} every minute.
 */
public final class ControlLoop implements AutoCloseable {
    private final SiteCatalog sites;
    private final CloudSites clouds;
    private final ControlSettings settings;
    private final String installation;
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(2,
            Thread.ofPlatform().name("specter-timer-", 0).daemon().factory());
    private final WorkQueue<String> queue;
    private final DomainController controller;
    private final SiteInformer informer;
    private final Janitor janitor;

    public ControlLoop(Store store, SiteCatalog sites, CloudSites clouds, AccountResolver accounts,
                       ControlSettings settings, InstantSource clock, DomainEventListener events, int maxConcurrent,
                       DomainMetrics metrics, Duration metricRetention, ActivityJanitor activities) {
        this.sites = sites;
        this.clouds = clouds;
        this.settings = settings;
        this.installation = store.installationId();
        timers.setRemoveOnCancelPolicy(true); // a replaced wake-up must not linger until its time
        this.queue = new WorkQueue<>(Scheduler.of(timers, clock));
        SiteObservations observations = new SiteObservations();
        DomainReconciler reconciler = new DomainReconciler(store, clouds, accounts, observations, settings, clock,
                clock.instant(), installation, events, metrics);
        ActivityRecorder recorder = new ActivityRecorder(store, clock, events);
        this.controller = new DomainController(queue, reconciler::reconcile, maxConcurrent, settings.resyncInterval(),
                clock, recorder::reconcileFailed, () -> store.domains().allIds());
        this.informer = new SiteInformer(clouds, store.instances(), accounts, observations,
                new ZombieCollector(store.instances(), recorder), clock, installation, queue::add);
        this.janitor = new Janitor(store, clock, settings.instanceRetention(), metricRetention, activities);
    }

    public void start() {
        controller.start();
        for (SiteDefinition site : sites.all()) {
            if (clouds.of(site.name()) != null) {
                timers.scheduleWithFixedDelay(() -> Thread.ofVirtual().start(() -> informer.describe(site)), 0,
                        settings.describeInterval().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        timers.scheduleWithFixedDelay(controller::sweep, 0, settings.fullResyncInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(janitor, 1, 60, TimeUnit.SECONDS);
    }

    /** A domain's desired state changed: look at it now. */
    public void signal(String domainId) {
        queue.add(domainId);
    }

    public String installation() {
        return installation;
    }

    /** Domains queued or being reconciled right now. */
    public int pending() {
        return queue.pending();
    }

    /** Package-private: tests run it when they want instead of waiting for the minute. */
    void janitor() {
        janitor.run();
    }

    @Override
    public void close() {
        timers.shutdownNow();
        controller.close(Duration.ofSeconds(8));
    }
}
