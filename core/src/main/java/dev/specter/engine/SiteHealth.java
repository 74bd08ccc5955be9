package dev.specter.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * How a site has been doing for one domain. After {@code threshold} consecutive failures (launch
 * errors, capacity errors, VMs failing to boot) the site is backed off: 30 s by default, doubling
 * per further back-off up to 10 min. Once a site has been backed off, the next failure backs it off again at
 * once; a success resets everything. Failures reported while a back-off runs do not extend it.
 */
public record SiteHealth(int consecutiveFailures, Instant backoffUntil, int backoffLevel) {
    public static final SiteHealth HEALTHY = new SiteHealth(0, null, 0);
    public static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);
    public static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

    public boolean available(Instant now) {
        return backoffUntil == null || !now.isBefore(backoffUntil);
    }

    public SiteHealth failed(int failures, Instant now, int threshold) {
        return failed(failures, now, threshold, FIRST_BACKOFF, MAX_BACKOFF);
    }

    public SiteHealth failed(int failures, Instant now, int threshold, Duration first, Duration max) {
        int total = consecutiveFailures + failures;
        if (!available(now)) {
            // failures of VMs launched before the back-off began do not stretch it
            return new SiteHealth(total, backoffUntil, backoffLevel);
        }
        if (total < threshold && backoffLevel == 0) {
            return new SiteHealth(total, backoffUntil, backoffLevel);
        }
        long millis = Math.min(max.toMillis(), first.toMillis() << Math.min(10, backoffLevel));
        return new SiteHealth(total, now.plusMillis(millis), backoffLevel + 1);
    }

    public SiteHealth succeeded() {
        return HEALTHY;
    }
}
