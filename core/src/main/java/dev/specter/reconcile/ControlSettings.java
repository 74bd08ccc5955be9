package dev.specter.reconcile;

import java.time.Duration;

/**
 * Timings of the control loop.
 *
 * @param resyncInterval       how often every domain is re-examined even without a signal
 * @param describeInterval     how often each site is asked for all Specter-owned VMs
 * @param bootTimeout          a VM not RUNNING this long after launch is failed and replaced
 * @param missingTimeout       a VM the cloud stopped reporting this long ago is marked terminated
 * @param instanceRetention    how long terminated instances stay listed
 * @param siteFailureThreshold consecutive failures on a site before it is backed off
 */
public record ControlSettings(Duration resyncInterval, Duration describeInterval, Duration bootTimeout,
                              Duration missingTimeout, Duration instanceRetention, int siteFailureThreshold) {
    public static final ControlSettings DEFAULT = new ControlSettings(Duration.ofSeconds(5), Duration.ofSeconds(5),
            Duration.ofSeconds(300), Duration.ofSeconds(60), Duration.ofHours(2), 3);
}
