package dev.specter.metric;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collections;
import java.util.Set;

/**
 * A metric source's list of metric names, as {@code GET /sensors} shows them: fetched by one caller
 * at a time (the others wait for its answer rather than asking again), kept for {@code ttl}, and
 * after a failed fetch answered empty for {@code failureTtl} without asking, so a source that is down
 * does not make every listing wait for its timeout.
 */
public final class MetricNamesCache {
    private static final Logger LOG = LoggerFactory.getLogger(MetricNamesCache.class);

    /** Fetches the names; may be slow, may fail. */
    @FunctionalInterface
    public interface Fetch {
        Set<String> names() throws MetricSourceException;
    }

    private final String source;
    private final InstantSource clock;
    private final Duration ttl;
    private final Duration failureTtl;
    private Set<String> names;
    private Instant fetchedAt;
    private Instant failedAt;

    public MetricNamesCache(String source, InstantSource clock, Duration ttl, Duration failureTtl) {
        this.source = source;
        this.clock = clock;
        this.ttl = ttl;
        this.failureTtl = failureTtl;
    }

    public synchronized Set<String> get(Fetch fetch) {
        Instant now = clock.instant();
        if (names != null && now.isBefore(fetchedAt.plus(ttl))) {
            return names;
        }
        if (failedAt != null && now.isBefore(failedAt.plus(failureTtl))) {
            return Set.of();
        }
        try {
            names = Collections.unmodifiableSet(fetch.names()); // in the order the source gives
            fetchedAt = now;
            failedAt = null;
            return names;
        } catch (MetricSourceException | RuntimeException e) {
            LOG.warn("metric source '{}': cannot list metric names: {}", source, e.getMessage());
            names = null;
            failedAt = clock.instant();
            return Set.of();
        }
    }
}
