package dev.specter.control;

import dev.specter.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Deletes what is kept only for a while: terminal instances and deleted domains after the
 * instance retention, metric samples after theirs, and activities as {@link ActivityJanitor} says.
 * Each part runs even when another fails.
 */
final class Janitor implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Janitor.class);

    private final Store store;
    private final InstantSource clock;
    private final Duration instanceRetention;
    private final Duration metricRetention;
    private final ActivityJanitor activities;

    Janitor(Store store, InstantSource clock, Duration instanceRetention, Duration metricRetention,
            ActivityJanitor activities) {
        this.store = store;
        this.clock = clock;
        this.instanceRetention = instanceRetention;
        this.metricRetention = metricRetention;
        this.activities = activities;
    }

    @Override
    public void run() {
        try {
            Instant cutoff = clock.instant().minus(instanceRetention);
            int instances = store.instances().purgeTerminal(cutoff);
            int domains = store.domains().purgeDeleted(cutoff);
            store.metricSamples().purge(clock.instant().minus(metricRetention));
            if (instances + domains > 0) {
                LOG.info("purged {} terminal instances and {} deleted domains older than {}", instances, domains,
                        instanceRetention);
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
}
