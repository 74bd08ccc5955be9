package dev.specter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.specter.api.Json;
import dev.specter.bench.LoadGenerator.Target;
import dev.specter.reconcile.ControlSettings;
import dev.specter.config.SpecterConfig;
import dev.specter.store.sql.Database;
import dev.specter.store.sql.Synchronous;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Throughput of {@code GET /domains} (a user with 100 domains) and {@code PUT /domains/<id>} (to
 * any of them), measured side by side with {@link BareJsonServer} doing the same JSON work; the
 * ratio is the figure. PUT is measured on each store (the embedded SQLite at both durability
 * settings, PostgreSQL) and also compared with a bare server that stores each PUT in the same
 * database the least a versioned durable write can, which separates the price of durability from
 * Specter's own overhead.
 */
final class ApiThroughputBench {
    /** The PostgreSQL server (its URL up to the database name) the PostgreSQL rows run on. */
    private static final String POSTGRES = System.getenv().getOrDefault("SPECTER_BENCH_POSTGRES",
            "jdbc:postgresql://127.0.0.1:5432/");
    private final int seconds;
    private final int connections;

    ApiThroughputBench(int seconds, int connections) {
        this.seconds = seconds;
        this.connections = connections;
    }

    /** A store to measure on: how Specter is configured for it, and the same database for the bare baseline. */
    private record StoreUnderTest(String name, UnaryOperator<SpecterConfig> configure,
                                  Function<Path, Database> bareDatabase) {
    }

    List<Row> run() throws Exception {
        List<Row> rows = new ArrayList<>();
        List<StoreUnderTest> stores = List.of(
                sqlite(Synchronous.FULL), sqlite(Synchronous.NORMAL),
                new StoreUnderTest("PostgreSQL", c -> c.withDatabase(c.database().withUrl(newPostgresDatabase())),
                        dir -> Database.postgres(newPostgresDatabase(), null, null, 16)));
        try {
            for (StoreUnderTest store : stores) {
                rows.addAll(run(store, store == stores.getFirst()));
            }
        } finally {
            dropPostgresDatabases();
        }
        return rows;
    }

    private static void dropPostgresDatabases() throws java.sql.SQLException {
        try (var c = java.sql.DriverManager.getConnection(POSTGRES + "test?user=postgres")) {
            var names = c.createStatement().executeQuery(
                    "select datname from pg_database where datname like 'specter_bench_%'");
            List<String> all = new ArrayList<>();
            while (names.next()) {
                all.add(names.getString(1));
            }
            for (String name : all) {
                c.createStatement().execute("drop database if exists " + name + " with (force)");
            }
        }
    }

    private static StoreUnderTest sqlite(Synchronous sync) {
        return new StoreUnderTest("SQLite, synchronous=" + sync.name().toLowerCase(java.util.Locale.ROOT),
                c -> c.withDatabase(c.database().withSynchronous(sync)),
                dir -> Database.sqlite(dir.resolve("bare.db"), sync, 16));
    }

    /** A fresh database on the machine's PostgreSQL (127.0.0.1:5432, as the tests use). */
    private static String newPostgresDatabase() {
        String base = POSTGRES;
        String name = "specter_bench_" + Long.toHexString(System.nanoTime());
        try (var c = java.sql.DriverManager.getConnection(base + "test?user=postgres")) {
            c.createStatement().execute("create database " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create a benchmark database on " + base, e);
        }
        return base + name + "?user=postgres";
    }

    private List<Row> run(StoreUnderTest store, boolean withGet) throws Exception {
        List<Row> rows = new ArrayList<>();
        Path bareData = BenchServer.tempDir();
        try (BenchServer s = new BenchServer(BenchServer.tempDir(), null, Map.of(), ControlSettings.DEFAULT,
                store.configure())) {
            s.createLc();
            for (int i = 0; i < 100; i++) {
                s.send("POST", "/domains", BenchServer.domainBody("d" + i, 0));
            }
            ArrayNode domains = (ArrayNode) Json.MAPPER.readTree(s.send("GET", "/domains", null).body());
            try (BareJsonServer bare = new BareJsonServer(domains, null);
                 Database bareDb = store.bareDatabase().apply(bareData);
                 BareJsonServer bareStored = new BareJsonServer(domains, bareDb.writes())) {
                if (withGet) {
                    var get = compare("GET", s.auth, List.of(new Target(URI.create(s.api + "/domains"), null)),
                            List.of(new Target(URI.create(bare.url() + "/domains"), null)));
                    rows.add(ratio("GET /domains (100 domains)", "Specter / bare Javalin req/s", get.get(0), get.get(1),
                            true));
                }
                var put = compare("PUT", s.auth, puts(s.api, domains), puts(bare.url(), domains),
                        puts(bareStored.url(), domains));
                String what = "PUT /domains/<id> (any of 100) on " + store.name();
                rows.add(ratio(what, "Specter / bare Javalin req/s", put.get(0), put.get(1), true));
                rows.add(ratio(what, "Specter / bare Javalin + one versioned SQL write per PUT req/s", put.get(0),
                        put.get(2), false));
                rows.add(ratio(what, "bare Javalin + SQL / bare Javalin req/s", put.get(2), put.get(1), false));
            }
        } finally {
            BenchServer.delete(bareData);
        }
        return rows;
    }

    /**
     * Warms every server up, then measures them in turns (three rounds of a third of the time each)
     * so that whatever else the machine does in the meantime falls on all of them alike.
     */
    @SafeVarargs
    private List<LoadGenerator.Result> compare(String method, String auth, List<Target>... servers)
            throws Exception {
        for (List<Target> t : servers) {
            LoadGenerator.run(method, t, auth, connections, Math.max(1, seconds / 2));
        }
        int rounds = seconds >= 3 ? 3 : 1;
        double[] rate = new double[servers.length];
        long[] errors = new long[servers.length];
        String tool = "";
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < servers.length; i++) {
                var one = LoadGenerator.run(method, servers[i], auth, connections, seconds / rounds);
                rate[i] += one.requestsPerSecond() / rounds;
                errors[i] += one.errors();
                tool = one.tool();
            }
        }
        List<LoadGenerator.Result> results = new ArrayList<>();
        for (int i = 0; i < servers.length; i++) {
            results.add(new LoadGenerator.Result(rate[i], errors[i], tool));
        }
        return results;
    }

    /** PUTs of each domain as it is (the name must stay: PUT is a full replacement). */
    private static List<Target> puts(String base, ArrayNode domains) {
        List<Target> targets = new ArrayList<>();
        for (JsonNode d : domains) {
            targets.add(new Target(URI.create(base + "/domains/" + d.get("id").asText()),
                    BenchServer.domainBody(d.get("name").asText(), 0)));
        }
        return targets;
    }

    private Row ratio(String what, String figure, LoadGenerator.Result specter, LoadGenerator.Result baseline,
                      boolean isTarget) {
        double r = specter.requestsPerSecond() / baseline.requestsPerSecond();
        String scenario = "API throughput, " + what + " (" + specter.tool() + ", " + connections + " connections)";
        String value = String.format("%.0f / %.0f = %.2f", specter.requestsPerSecond(), baseline.requestsPerSecond(), r)
                + (specter.errors() > 0 ? " (" + specter.errors() + " errors)" : "");
        if (!isTarget) {
            return Row.info(scenario, figure, value);
        }
        return new Row(scenario, figure, value, ">= 0.50", r >= 0.5 && specter.errors() == 0 ? "PASS" : "FAIL");
    }
}
