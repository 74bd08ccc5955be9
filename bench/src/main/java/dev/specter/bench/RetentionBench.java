package dev.specter.bench;

import dev.specter.activity.Activity;
import dev.specter.config.ConfigLoader;
import dev.specter.config.RetentionConfig;
import dev.specter.control.ActivityJanitor;
import dev.specter.reconcile.ControlSettings;
import dev.specter.server.Databases;
import dev.specter.server.SpecterServer;
import dev.specter.store.ActivityStore;
import dev.specter.store.sql.Database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Activity retention on the embedded database (what {@link Databases#open} opens when no database URL
 * is set: SQLite). {@code total} activities of {@code domains} domains are
 * written in batches straight into the store, spread over the last 90 days in id order, the domains
 * sized by Zipf's law (the busiest holds about a fifth). A real server then runs on the file with
 * retention off. Figures: the database files' size; {@code GET /domains/<id>/activities} (first page,
 * 100 entries) over HTTP through that server, for the busiest and the quietest domain; the janitor
 * exactly as the server runs it (retention 30d, at most {@code cap} per domain, 1,000 rows per
 * statement and its pauses) purging while the server runs and a client sends 50
 * {@code PUT /domains/<id>} a second (measured before the purge too); then the listing and the size again, open, after the server closed and
 * compacted. Before the server starts the filled file is compacted too, so that both sizes are of
 * data, not of the bulk load's garbage.
 */
final class RetentionBench {
    private static final Duration SPREAD = Duration.ofDays(90);
    private static final int FILL_TRANSACTION = 50_000;
    /** 50 PUTs a second, the rate of the reaction scenario's changes. */
    private static final long PUT_INTERVAL_NANOS = 20_000_000;
    private static final RetentionConfig.Activities OFF = new RetentionConfig.Activities(
            RetentionConfig.Activities.LONGEST, 1_000_000_000);
    private final int domains;
    private final int total;
    private final int cap;
    private final int requests;

    RetentionBench(int domains, int total, int cap, int requests) {
        this.domains = domains;
        this.total = total;
        this.cap = cap;
        this.requests = requests;
    }

    List<Row> run() throws Exception {
        String scenario = String.format("activity retention, %,d activities over %d domains (90 days, Zipf), "
                + "30d / %,d per domain", total, domains, cap);
        List<Row> rows = new ArrayList<>();
        Path dir = BenchServer.tempDir();
        try {
            Fleet fleet = Fleet.load(dir, domains, 0);
            long t0 = System.nanoTime();
            int[] sizes = fill(dir, fleet);
            double fillSeconds = (System.nanoTime() - t0) / 1e9;
            long bytesFilled = databaseBytes(dir);
            compact(dir);
            long bytesBefore = databaseBytes(dir);
            String busiest = fleet.domainIds().getFirst();
            String quietest = fleet.domainIds().getLast();
            BenchServer s = new BenchServer(dir, fleet, BenchServer.FAST_SIM, ControlSettings.DEFAULT,
                    c -> c.withRetention(new RetentionConfig(OFF)));
            long bytesOpen;
            try {
                double[] busyBefore = listing(s, busiest);
                double[] quietBefore = listing(s, quietest);
                String putName = "d" + (domains - 1);
                List<String> refused = new CopyOnWriteArrayList<>();
                Puts warmUp = new Puts(s, quietest, putName, refused);
                warmUp.run(new AtomicBoolean(true), 20 * requests, 0);
                List<Double> putsIdle = new Puts(s, quietest, putName, refused)
                        .run(new AtomicBoolean(true), 10 * requests, PUT_INTERVAL_NANOS);

                Timed timed = new Timed(s.server.store().activities());
                ActivityJanitor janitor = new ActivityJanitor(timed, InstantSource.system(),
                        new RetentionConfig.Activities(Duration.ofDays(30), cap));
                AtomicBoolean purging = new AtomicBoolean(true);
                Puts during = new Puts(s, quietest, putName, refused);
                Thread writer = Thread.ofPlatform().name("bench-put").start(() ->
                        during.run(purging, Integer.MAX_VALUE, PUT_INTERVAL_NANOS));
                long p0 = System.nanoTime();
                ActivityJanitor.Result purged;
                try {
                    purged = janitor.run();
                } finally {
                    purging.set(false);
                }
                double purgeSeconds = (System.nanoTime() - p0) / 1e9;
                writer.join();
                if (!refused.isEmpty()) {
                    throw new IllegalStateException("PUT /domains/<id> -> " + refused.getFirst());
                }
                bytesOpen = databaseBytes(dir);

                double[] busyAfter = listing(s, busiest);
                double[] quietAfter = listing(s, quietest);
                Stats statements = new Stats(timed.deletes.stream().mapToDouble(d -> d).toArray());
                List<Double> puts = during.latencies;
                Stats put = new Stats(puts.stream().mapToDouble(d -> d).toArray());
                Stats putIdle = new Stats(putsIdle.stream().mapToDouble(d -> d).toArray());
                rows.add(Row.info(scenario, "fill (batch inserts, 50,000 per transaction)", String.format(
                        "%.1f s; busiest / quietest domain %,d / %,d", fillSeconds, sizes[0], sizes[domains - 1])));
                rows.add(Row.info(scenario, "purge: deleted by age / beyond the cap / left", String.format(
                        "%,d / %,d / %,d", purged.byAge(), purged.byCap(), total - purged.total())));
                rows.add(Row.info(scenario, "purge: wall time, one janitor run (pauses included)",
                        String.format("%.1f s", purgeSeconds)));
                rows.add(Row.info(scenario, "purge: delete statements / time in them / longest (write lock held)",
                        String.format("%,d / %.1f s / %s ms", timed.deletes.size(), timed.deleteNanos / 1e9,
                                Row.format(statements.max()))));
                rows.add(Row.info(scenario, "purge: delete statement p50 / p99", Row.format(statements.percentile(50))
                        + " / " + Row.format(statements.percentile(99)) + " ms"));
                rows.add(Row.info(scenario, "PUT /domains/<id> at 50/s before the purge: p50 / p99 / max",
                        String.format("%s / %s / %s ms (%d)", Row.format(putIdle.percentile(50)),
                                Row.format(putIdle.percentile(99)), Row.format(putIdle.max()), putsIdle.size())));
                rows.add(Row.info(scenario, "PUT /domains/<id> at 50/s during the purge: p50 / p99 / max",
                        String.format("%s / %s / %s ms (%d)", Row.format(put.percentile(50)),
                                Row.format(put.percentile(99)), Row.format(put.max()), puts.size())));
                rows.add(listingRow(scenario, "busiest", busyBefore, busyAfter));
                rows.add(listingRow(scenario, "quietest", quietBefore, quietAfter));
            } finally {
                s.server.close();
            }
            long bytesClosed = databaseBytes(dir);
            compact(dir);
            long bytesAfter = databaseBytes(dir);
            String how = "vacuumed";
            rows.add(Row.info(scenario, "database files: filled / " + how + " (the data before)",
                    mib(bytesFilled) + " / " + mib(bytesBefore)));
            rows.add(Row.info(scenario, "database files: purged, open / closed / " + how + " (the data after)",
                    mib(bytesOpen) + " / " + mib(bytesClosed) + " / " + mib(bytesAfter)));
        } finally {
            BenchServer.delete(dir);
        }
        return rows;
    }

    /**
     * Writes the activities, oldest first, in transactions of 50,000 rows; returns each domain's count
     * (domain i of the fleet gets a share proportional to 1 / (i + 1)).
     */
    private int[] fill(Path dir, Fleet fleet) {
        double[] cumulative = new double[domains];
        double sum = 0;
        for (int i = 0; i < domains; i++) {
            sum += 1.0 / (i + 1);
            cumulative[i] = sum;
        }
        int[] sizes = new int[domains];
        Random random = new Random(42);
        Instant start = Instant.now().minus(SPREAD);
        long step = SPREAD.toMillis() / total;
        var config = ConfigLoader.load(null, Map.of(), SpecterServer.DRIVER_KINDS).withDataDir(dir);
        try (Database db = Databases.open(config)) {
            for (int from = 0; from < total; from += FILL_TRANSACTION) {
                int first = from;
                int to = Math.min(total, from + FILL_TRANSACTION);
                db.writes().useTransaction(h -> {
                    var batch = h.prepareBatch("""
                            insert into activities (domain_id, owner, occurred_at, action, cause, description, result,
                                site, instance_count)
                            values (:d, :o, :t, :a, :c, :desc, 'ok', 'hotel', 1)""");
                    for (int j = first; j < to; j++) {
                        double r = random.nextDouble() * cumulative[domains - 1];
                        int k = 0;
                        while (cumulative[k] < r) {
                            k++;
                        }
                        sizes[k]++;
                        Activity a = typical(j);
                        batch.bind("d", fleet.domainIds().get(k)).bind("o", fleet.userId())
                                .bind("t", start.toEpochMilli() + j * step).bind("a", a.action())
                                .bind("c", a.cause()).bind("desc", a.description()).add();
                    }
                    batch.execute();
                });
            }
        }
        return sizes;
    }

    /** Text of the length the reconciler writes: an action, why, and what was done. */
    private static Activity typical(int j) {
        String id = Long.toHexString(0x1000_0000_0000L + j * 7919L);
        return j % 2 == 0
                ? Activity.of("", 0, Instant.EPOCH, "launch", "vm_count " + (j % 17 + 1) + " but " + (j % 17)
                + " live", "launching 1 instance on hotel in batch " + id, "ok", "hotel", 1)
                : Activity.of("", 0, Instant.EPOCH, "terminate", "vm_count " + (j % 17) + " but " + (j % 17 + 1)
                + " live", "terminating instance " + id + "-0 on hotel", "ok", "hotel", 1);
    }

    /**
     * p50 and max in ms of {@code requests} first-page listings (100 entries), after a fifth as many
     * unmeasured. Each names a different {@code before} above every id: still the first page, but not
     * the same query as the last, so that no store can answer it from a result cache (H2, the earlier
     * embedded store, did while the table was unchanged; on a live server activities keep being appended).
     */
    private double[] listing(BenchServer s, String domainId) {
        int before = Integer.MAX_VALUE;
        for (int i = 0; i < Math.max(2, requests / 5); i++) {
            s.send("GET", "/domains/" + domainId + "/activities?before=" + before--, null);
        }
        double[] ms = new double[requests];
        for (int i = 0; i < requests; i++) {
            long t0 = System.nanoTime();
            var r = s.send("GET", "/domains/" + domainId + "/activities?before=" + before--, null);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET activities -> " + r.statusCode() + " " + r.body());
            }
        }
        Stats st = new Stats(ms);
        return new double[]{st.percentile(50), st.max()};
    }

    /**
     * Rewrites the embedded SQLite file to the size of its data: SQLite reuses the space of deleted
     * rows but gives none of it back to the file system until a VACUUM. Run with the server stopped.
     */
    private static void compact(Path dir) throws SQLException {
        Path file = dir.resolve(Databases.EMBEDDED_FILE);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("vacuum");
        }
    }

    private Row listingRow(String scenario, String which, double[] before, double[] after) {
        return Row.info(scenario, "GET /domains/<" + which + ">/activities over HTTP (first 100), p50 / max of "
                + requests + ": before -> after", Row.format(before[0]) + " / " + Row.format(before[1]) + " -> "
                + Row.format(after[0]) + " / " + Row.format(after[1]) + " ms");
    }

    /** {@code PUT /domains/<id>} (a versioned update: always a write) one after another, paced. */
    private static final class Puts {
        final BenchServer s;
        final String domainId;
        final String body;
        final List<String> refused;
        final List<Double> latencies = new CopyOnWriteArrayList<>();

        Puts(BenchServer s, String domainId, String name, List<String> refused) {
            this.s = s;
            this.domainId = domainId;
            this.body = BenchServer.domainBody(name, 0);
            this.refused = refused;
        }

        /** Up to {@code count} PUTs while {@code go}, one every {@code intervalNanos} (0: back to back). */
        List<Double> run(AtomicBoolean go, int count, long intervalNanos) {
            long next = System.nanoTime();
            for (int i = 0; i < count && go.get(); i++) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(Duration.ofNanos(wait)); // pacing, not waiting for a condition
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                next += intervalNanos;
                long t0 = System.nanoTime();
                var r = s.send("PUT", "/domains/" + domainId, body);
                latencies.add((System.nanoTime() - t0) / 1e6);
                if (r.statusCode() != 200) {
                    refused.add(r.statusCode() + " " + r.body());
                }
            }
            return latencies;
        }
    }

    /** The embedded database's files (specter.*) in the data directory. */
    private static long databaseBytes(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("specter.") && Files.isRegularFile(p))
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0; // removed meanwhile
                        }
                    }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String mib(long bytes) {
        return Row.format(bytes / (1024.0 * 1024.0)) + " MiB";
    }

    /** The server's activity store, timing every delete statement the janitor makes. */
    private static final class Timed implements ActivityStore {
        final ActivityStore inner;
        final List<Double> deletes = new ArrayList<>();
        long deleteNanos;

        Timed(ActivityStore inner) {
            this.inner = inner;
        }

        private int timed(java.util.function.IntSupplier statement) {
            long t0 = System.nanoTime();
            int n = statement.getAsInt();
            long took = System.nanoTime() - t0;
            if (n > 0) {
                deletes.add(took / 1e6);
            }
            deleteNanos += took;
            return n;
        }

        @Override
        public Activity append(Activity activity) {
            return inner.append(activity);
        }

        @Override
        public List<Activity> list(String domainId, long beforeId, int limit) {
            return inner.list(domainId, beforeId, limit);
        }

        @Override
        public int purgeBefore(Instant before, int limit) {
            return timed(() -> inner.purgeBefore(before, limit));
        }

        @Override
        public long oldestKept(String domainId, int keep) {
            return inner.oldestKept(domainId, keep);
        }

        @Override
        public int purgeDomainBefore(String domainId, long beforeId, int limit) {
            return timed(() -> inner.purgeDomainBefore(domainId, beforeId, limit));
        }

        @Override
        public long newestId() {
            return inner.newestId();
        }

        @Override
        public Set<String> domainsAppendedAfter(long afterId) {
            return inner.domainsAppendedAfter(afterId);
        }
    }
}
