package dev.specter.api;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failures (wrong passwords, bad tokens) per key — a username, an address — over a sliding
 * window. Once a key has {@code max} failures in the window it is refused, without checking its
 * credentials, until the oldest failure leaves the window.
 */
public final class FailureLimiter {
    static final int MAX_KEYS = 100_000;
    /** A flood of distinct keys must not turn every failure into a scan of them all. */
    private static final Duration PRUNE_EVERY = Duration.ofSeconds(1);
    private final int max;
    private final Duration window;
    private final InstantSource clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private volatile Instant lastPrune = Instant.MIN;

    public FailureLimiter(int max, Duration window, InstantSource clock) {
        this.max = max;
        this.window = window;
        this.clock = clock;
    }

    /** How long the key must wait, or empty when it may try now. */
    public Optional<Duration> retryAfter(String key) {
        Deque<Instant> q = failures.get(key);
        if (q == null) {
            return Optional.empty();
        }
        synchronized (q) {
            Instant now = clock.instant();
            expire(q, now);
            if (q.size() < max) {
                return Optional.empty();
            }
            Duration wait = Duration.between(now, q.peekFirst().plus(window));
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        }
    }

    public void failed(String key) {
        if (failures.size() > MAX_KEYS) {
            prune();
        }
        Deque<Instant> q = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (q) {
            Instant now = clock.instant();
            expire(q, now);
            q.addLast(now);
            while (q.size() > max) {
                q.removeFirst();
            }
        }
    }

    /** How many keys are remembered (failures not yet pruned). */
    int keys() {
        return failures.size();
    }

    public void succeeded(String key) {
        failures.remove(key);
    }

    private void expire(Deque<Instant> q, Instant now) {
        while (!q.isEmpty() && !q.peekFirst().plus(window).isAfter(now)) {
            q.removeFirst();
        }
    }

    private void prune() {
        Instant now = clock.instant();
        if (now.isBefore(lastPrune.plus(PRUNE_EVERY))) {
            return;
        }
        lastPrune = now;
        failures.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                expire(e.getValue(), now);
                return e.getValue().isEmpty();
            }
        });
    }
}
