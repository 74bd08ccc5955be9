package dev.specter.workqueue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-item exponential back-off (client-go's {@code ItemExponentialFailureRateLimiter}): an item's
 * n-th consecutive failure waits {@code base * 2^(n-1)}, at most {@code max}, until it is forgotten.
 * Only failing items are held.
 */
public final class ExponentialBackoff<T> {
    public static final Duration BASE = Duration.ofMillis(50);
    public static final Duration MAX = Duration.ofSeconds(30);

    private final Duration base;
    private final Duration max;
    private final Map<T, Integer> failures = new ConcurrentHashMap<>();

    public ExponentialBackoff() {
        this(BASE, MAX);
    }

    public ExponentialBackoff(Duration base, Duration max) {
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("base must be positive, got " + base);
        }
        if (max.compareTo(base) < 0) {
            throw new IllegalArgumentException("max must be at least base (" + base + "), got " + max);
        }
        this.base = base;
        this.max = max;
    }

    /** Counts one more failure of the item and returns how long it waits before its next try. */
    public Duration next(T item) {
        return delay(failures.merge(item, 1, Integer::sum) - 1);
    }

    /** The wait after {@code previous} failures in a row. */
    Duration delay(int previous) {
        // base * 2^63 overflows long before 63 doublings matter: stop doubling once past max
        Duration d = base;
        for (int i = 0; i < previous && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }

    /** The item succeeded: its next failure starts over at {@code base}. */
    public void forget(T item) {
        failures.remove(item);
    }

    /** Consecutive failures counted since the item was last forgotten. */
    public int failures(T item) {
        return failures.getOrDefault(item, 0);
    }
}
