package dev.specter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.specter.api.Json;
import dev.specter.bench.LoadGenerator.Target;
import dev.specter.reconcile.ControlSettings;
import dev.specter.store.sql.Database;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Throughput of {@code GET /domains} (a user with 100 domains) and {@code PUT /domains/<id>} (to
 * any of them), measured side by side with {@link BareJsonServer} doing the same JSON work; the
 * ratio is the figure. PUT is also compared with a bare server that stores each PUT in H2 the
 * least a durable write can, which separates the price of durability from Specter's own overhead.
 */
final class ApiThroughputBench {
    private final int seconds;
    private final int connections;

    ApiThroughputBench(int seconds, int connections) {
        this.seconds = seconds;
        this.connections = connections;
    }

    List<Row> run() throws Exception {
        List<Row> rows = new ArrayList<>();
        Path bareData = BenchServer.tempDir();
        try (BenchServer s = new BenchServer(BenchServer.tempDir(), null, Map.of(), ControlSettings.DEFAULT)) {
            s.createLc();
            for (int i = 0; i < 100; i++) {
                s.send("POST", "/domains", BenchServer.domainBody("d" + i, 0));
            }
            ArrayNode domains = (ArrayNode) Json.MAPPER.readTree(s.send("GET", "/domains", null).body());
            HikariConfig pool = new HikariConfig();
            pool.setJdbcUrl("jdbc:sqlite:" + bareData.resolve("bare.db"));
            pool.setMaximumPoolSize(10);
            try (BareJsonServer bare = new BareJsonServer(domains, null);
                 HikariDataSource bareDb = new HikariDataSource(pool);
                 BareJsonServer bareStored = new BareJsonServer(domains, bareDb)) {
                var get = compare("GET", s.auth, List.of(new Target(URI.create(s.api + "/domains"), null)),
                        List.of(new Target(URI.create(bare.url() + "/domains"), null)));
                var put = compare("PUT", s.auth, puts(s.api, domains), puts(bare.url(), domains),
                        puts(bareStored.url(), domains));
                var specterGet = get.get(0);
                var bareGet = get.get(1);
                var specterPut = put.get(0);
                var barePut = put.get(1);
                var storedPut = put.get(2);
                rows.add(ratio("GET /domains (100 domains)", "Specter / bare Javalin req/s", specterGet, bareGet,
                        true));
                rows.add(ratio("PUT /domains/<id> (any of 100)", "Specter / bare Javalin req/s", specterPut, barePut,
                        true));
                rows.add(ratio("PUT /domains/<id> (any of 100)",
                        "Specter / bare Javalin + one SQL read and write per PUT req/s", specterPut, storedPut, false));
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
