package dev.specter.reconcile;

import dev.specter.settings.Require;

import java.time.Duration;

/**
 * Timings of the control loop.
 *
 * @param resyncInterval       how often domains still in motion are re-examined without a signal
 * @param fullResyncInterval   how long one sweep over every domain takes; the sweep is paced over
 *                             this time so that it never queues ahead of signalled domains
 * @param describeInterval     how often each site is asked for all Specter-owned VMs
 * @param bootTimeout          a VM not RUNNING this long after launch is failed and replaced
 * @param missingTimeout       a VM the cloud stopped reporting this long ago is marked terminated
 * @param instanceRetention    how long terminated instances stay listed
 * @param siteFailureThreshold consecutive failures on a site before it is backed off
 * @param siteBackoff          the first back-off of a failing site, doubled per further back-off
 * @param siteBackoffMax       the longest back-off
 */
public record ControlSettings(Duration resyncInterval, Duration fullResyncInterval, Duration describeInterval,
                              Duration bootTimeout, Duration missingTimeout, Duration instanceRetention,
                              int siteFailureThreshold, Duration siteBackoff, Duration siteBackoffMax) {
    public static final ControlSettings DEFAULT = new ControlSettings(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofSeconds(5), Duration.ofSeconds(300), Duration.ofSeconds(60), Duration.ofHours(2), 3,
            Duration.ofSeconds(30), Duration.ofMinutes(10));

    /** Every timing given, the threshold sane; a bad value names its key ({@code control.<key>} in the configuration). */
    public ControlSettings {
        Require.present("resync_interval", resyncInterval);
        Require.present("full_resync_interval", fullResyncInterval);
        Require.present("describe_interval", describeInterval);
        Require.present("boot_timeout", bootTimeout);
        Require.present("missing_timeout", missingTimeout);
        Require.present("instance_retention", instanceRetention);
        Require.between("site_failure_threshold", siteFailureThreshold, 1, 1000);
        Require.present("site_backoff", siteBackoff);
        Require.present("site_backoff_max", siteBackoffMax);
    }

    /** The defaults' full resync and back-off with these timings. */
    public ControlSettings(Duration resyncInterval, Duration describeInterval, Duration bootTimeout,
                           Duration missingTimeout, Duration instanceRetention, int siteFailureThreshold) {
        this(resyncInterval, DEFAULT.fullResyncInterval, describeInterval, bootTimeout, missingTimeout,
                instanceRetention, siteFailureThreshold, DEFAULT.siteBackoff, DEFAULT.siteBackoffMax);
    }

    public ControlSettings withBackoff(Duration first, Duration max) {
        return new ControlSettings(resyncInterval, fullResyncInterval, describeInterval, bootTimeout, missingTimeout,
                instanceRetention, siteFailureThreshold, first, max);
    }

    public ControlSettings withFullResync(Duration interval) {
        return new ControlSettings(resyncInterval, interval, describeInterval, bootTimeout, missingTimeout,
                instanceRetention, siteFailureThreshold, siteBackoff, siteBackoffMax);
    }
}
