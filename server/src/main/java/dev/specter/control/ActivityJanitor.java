package dev.specter.control;

import dev.specter.config.RetentionConfig;
import dev.specter.store.ActivityStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Applies {@code retention.activities}: deletes the activities older than the maximum age, then, of
 * each domain's, those beyond its newest {@code max_per_domain}. The control loop's janitor runs it
 * every minute.
 *
 * <p>It deletes {@code batch} rows per statement, each statement its own transaction, and after each
 * waits as long as the statement took (at least {@code minPause}; no wait when that is zero): a large purge, such as the first
 * one on an install that kept everything, holds the database's write lock only briefly at a time and
 * leaves at least half of the write time to the API and the control loop (SQLite has one writer).
 *
 * <p>Only domains that received activities since the previous run are held to the cap (on the first
 * run after start, every domain that has any): a domain only exceeds it by growing, so a run costs
 * what was added since the last one, not what is kept. An activity committed after a run read the
 * newest id but numbered below it (PostgreSQL numbers rows before they commit) can escape that run;
 * its domain is trimmed after its next activity.
 */
public final class ActivityJanitor {
    private static final Logger LOG = LoggerFactory.getLogger(ActivityJanitor.class);
    public static final int BATCH = 1000;
    public static final Duration MIN_PAUSE = Duration.ofMillis(10);

    private final ActivityStore store;
    private final InstantSource clock;
    private final RetentionConfig.Activities retention;
    private final int batch;
    private final Duration minPause;
    /** Every domain with an activity numbered up to this was held to the cap by an earlier run. */
    private long checkedUpTo;

    public ActivityJanitor(ActivityStore store, InstantSource clock, RetentionConfig.Activities retention) {
        this(store, clock, retention, BATCH, MIN_PAUSE);
    }

    public ActivityJanitor(ActivityStore store, InstantSource clock, RetentionConfig.Activities retention, int batch,
                           Duration minPause) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        this.store = store;
        this.clock = clock;
        this.retention = retention;
        this.batch = batch;
        this.minPause = minPause;
    }

    /** How many activities a run deleted, by age and beyond their domain's cap. */
    public record Result(int byAge, int byCap) {
        public int total() {
            return byAge + byCap;
        }
    }

    /**
     * Deletes what retention says must go. Interrupted (the server is stopping), it returns what it
     * deleted so far with the thread's interrupt flag set; the next run picks up where it stopped.
     */
    public synchronized Result run() {
        long newest = store.newestId();
        Instant cutoff = clock.instant().minus(retention.maxAge());
        Drain age = new Drain();
        age.all(() -> store.purgeBefore(cutoff, batch));
        Drain cap = new Drain();
        if (!age.interrupted) {
            for (String domainId : store.domainsAppendedAfter(checkedUpTo)) {
                long oldestKept = store.oldestKept(domainId, retention.maxPerDomain());
                if (oldestKept > 0 && !cap.all(() -> store.purgeDomainBefore(domainId, oldestKept, batch))) {
                    break;
                }
            }
            if (!cap.interrupted) {
                checkedUpTo = newest;
            }
        }
        Result r = new Result(age.deleted, cap.deleted);
        if (r.total() > 0) {
            LOG.info("deleted {} activities older than {} and {} beyond the newest {} of their domain", r.byAge(),
                    asConfigured(retention.maxAge()), r.byCap(), retention.maxPerDomain());
        }
        return r;
    }

    /** 30d rather than PT720H. */
    static String asConfigured(Duration d) {
        long ms = d.toMillis();
        for (var unit : List.of(Map.entry("d", 86_400_000L), Map.entry("h", 3_600_000L), Map.entry("m", 60_000L),
                Map.entry("s", 1000L))) {
            if (ms % unit.getValue() == 0) {
                return ms / unit.getValue() + unit.getKey();
            }
        }
        return ms + "ms";
    }

    /** Repeats one delete statement until it takes less than a batch, pausing after each that deleted rows. */
    private final class Drain {
        int deleted;
        boolean interrupted;

        /** False when interrupted. */
        boolean all(IntSupplier statement) {
            int n;
            do {
                long t0 = System.nanoTime();
                n = statement.getAsInt();
                deleted += n;
                if (n > 0 && !pause(Duration.ofNanos(System.nanoTime() - t0))) {
                    interrupted = true;
                    return false;
                }
            } while (n == batch);
            return true;
        }

        private boolean pause(Duration took) {
            if (minPause.isZero()) {
                return !Thread.currentThread().isInterrupted();
            }
            try {
                Thread.sleep(took.compareTo(minPause) > 0 ? took : minPause);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
