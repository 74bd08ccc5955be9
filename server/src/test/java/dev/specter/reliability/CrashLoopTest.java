package dev.specter.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specter.cloud.ObservedVm;
import dev.specter.cloud.VmState;
import dev.specter.cloud.sim.SimCloud;
import dev.specter.testing.Client;
import dev.specter.testing.Convergence;
import dev.specter.testing.LaunchConfigJson;
import dev.specter.testing.SpecterProcess;
import dev.specter.testing.TestUser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 50 domains scaling up and down while the server is killed with {@code kill -9} at random moments
 * (after a random number, 1 to {@value #KILL_AFTER_WRITES}, of a round's acknowledged writes).
 * After every restart: each acknowledged write is there, each domain converges to its size, the
 * simulated clouds hold exactly the VMs Specter's records say (none leaked, none launched for a
 * record that does not claim it), and nothing is stuck below RUNNING.
 *
 * <p>On both stores, PostgreSQL and the embedded SQLite default, every acknowledged write must
 * survive every kill. CI runs 20 kills on each; {@code -Dspecter.crashloop.kills=500} is the soak
 * ({@code -Dspecter.crashloop.stores=sqlite} for one store),
 * and {@code -Dspecter.crashloop.seed} replays a run's choices: the writes, and how many are
 * acknowledged before each kill (each run prints its seed).
 */
@Tag("e2e")
class CrashLoopTest {
    static final int DOMAINS = 50;
    static final int KILL_AFTER_WRITES = 60;
    static final Integer KILLS = Integer.getInteger("specter.crashloop.kills");
    /** The stores to run on, e.g. {@code -Dspecter.crashloop.stores=sqlite} for a soak of one. */
    static final List<String> STORES = List.of(System.getProperty("specter.crashloop.stores", "postgres,sqlite")
            .split(","));
    /** Twice the boot timeout below: by then the server must have failed and replaced the VM. */
    static final Duration STUCK = Duration.ofSeconds(40);
    static final List<String> SITES = List.of("hotel", "sierra");
    @TempDir
    Path data;
    final long seed = Long.getLong("specter.crashloop.seed", System.nanoTime());
    final Random random = new Random(seed);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "sqlite"})
    void killNineAtRandomMomentsLosesNothingAndLeaksNothing(String store) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(STORES.contains(store), "store not in -Dspecter.crashloop.stores");
        boolean postgres = store.equals("postgres");
        System.out.printf("crash loop on %s: seed %d (replay with -Dspecter.crashloop.seed=%d)%n", store, seed, seed);
        int kills = KILLS != null ? KILLS : 20;
        String database = postgres
                ? "database:\n  url: " + dev.specter.store.sql.TestDatabases.newPostgresSchema() + "\n" : "";
        java.nio.file.Files.writeString(data.resolve("db.yaml"), database.isEmpty() ? "{}\n" : database);
        TestUser u = TestUser.addedByCli(data, "loop", "--config", data.resolve("db.yaml").toString());
        int writes = 0;
        int verified = 0;
        long convergeMillis = 0;
        try (SpecterProcess server = SpecterProcess.start(data, database + """
                control:
                  describe_interval: 150ms
                  resync_interval: 200ms
                  full_resync_interval: 2s
                  boot_timeout: 20s
                sites:
                  hotel:
                    driver: sim
                    credentials: none
                    settings: {boot_time: 200ms, boot_jitter: 100ms, api_latency: 10ms}
                  sierra:
                    driver: sim
                    credentials: none
                    settings: {boot_time: 200ms, boot_jitter: 100ms, api_latency: 10ms}
                """, Map.of())) {
            Client c = server.client(u);
            LaunchConfigJson.named("lc").site("hotel", 3, 1).site("sierra", -1, 2).createWith(c);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < DOMAINS; i++) {
                ids.add(c.post("/domains", "{\"name\": \"d" + i + "\", \"de_name\": \"multicloud\", \"lc_name\": \"lc\", "
                        + "\"vm_count\": 0}").json().get("id").asText());
            }
            Map<String, Integer> acked = new ConcurrentHashMap<>();
            Map<String, Long> ackedAt = new ConcurrentHashMap<>();
            List<String> history = java.util.Collections.synchronizedList(new ArrayList<>());
            ids.forEach(id -> acked.put(id, 0));
            for (int kill = 1; kill <= kills; kill++) {
                // writes in flight while the server dies
                Map<String, Integer> inFlight = new ConcurrentHashMap<>();
                AtomicBoolean writing = new AtomicBoolean(true);
                AtomicInteger count = new AtomicInteger();
                Client writer = c;
                // drawn here, not in the writer, so a replayed seed makes the same choices in the same order
                Random r = new Random(random.nextLong());
                int killAfter = 1 + random.nextInt(KILL_AFTER_WRITES);
                Thread w = Thread.ofVirtual().start(() -> {
                    while (writing.get()) {
                        String id = ids.get(r.nextInt(ids.size()));
                        int n = r.nextInt(7);
                        inFlight.put(id, n);
                        try {
                            int status = writer.patch("/domains/" + id, "{\"vm_count\": " + n + "}").status();
                            history.add(id + " -> " + n + ": " + status + " at " + System.currentTimeMillis() % 100000);
                            if (status == 200) {
                                acked.put(id, n);
                                ackedAt.put(id, System.nanoTime());
                                count.incrementAndGet();
                            }
                            inFlight.remove(id);
                        } catch (RuntimeException serverGone) {
                            history.add(id + " -> " + n + ": " + serverGone);
                            return;
                        }
                    }
                });
                // the moment of the kill: after a random number of acknowledged writes of this round
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
                        .until(() -> count.get() >= killAfter);
                long killedAt = System.nanoTime();
                server.kill();
                history.add("---- kill " + kill + " at " + System.currentTimeMillis() % 100000);
                writing.set(false);
                w.join();
                writes += count.get();
                server.restart();
                c = server.client(u);

                // every acknowledged write survived (the one in flight may or may not have)
                Map<String, Integer> target = new HashMap<>();
                List<String> lost = new ArrayList<>();
                for (String id : ids) {
                    int stored = c.get("/domains/" + id).json().get("vm_count").asInt();
                    Set<Integer> allowed = new HashSet<>(Set.of(acked.get(id)));
                    if (inFlight.containsKey(id)) {
                        allowed.add(inFlight.get(id));
                    }
                    if (!allowed.contains(stored)) {
                        List<String> mine = history.stream().filter(h -> h.startsWith(id) || h.startsWith("----"))
                                .toList();
                        long beforeKill = (killedAt - ackedAt.getOrDefault(id, killedAt)) / 1_000_000;
                        lost.add("domain " + id + " stored " + stored + ", allowed " + allowed + ", acknowledged "
                                + beforeKill + " ms before the kill; its writes: "
                                + mine.subList(Math.max(0, mine.size() - 8), mine.size()));
                    }
                    acked.put(id, stored);
                    target.put(id, stored);
                    verified++;
                }
                if (!lost.isEmpty()) {
                    throw new AssertionError(store + ", kill " + kill + ": " + lost.size()
                            + " acknowledged writes lost:\n" + String.join("\n", lost));
                }
                long t0 = System.nanoTime();
                Client cc = c;
                try {
                    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                            .until(() -> ids.stream().allMatch(id -> Convergence.converged(cc, id, target.get(id), STUCK)));
                } catch (AssertionError | org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError(store + ", kill " + kill + ": " + e.getMessage() + server.diagnostics(), e);
                }
                convergeMillis = Math.max(convergeMillis, (System.nanoTime() - t0) / 1_000_000);
                assertCloudsMatchRecords(c, ids, kill);
                System.out.printf("crash loop on %s: kill %d of %d survived (%d acknowledged writes so far, 0 lost)%n",
                        store, kill, kills, writes);
            }
        }
        System.out.printf("crash loop on %s: %d kill -9 survived, %d acknowledged writes, %d stored values "
                        + "verified, 0 acknowledged writes lost, 0 leaked VMs, 0 duplicates, slowest convergence "
                        + "after a restart %d ms%n", store, kills, writes, verified, convergeMillis);
    }

    /** The clouds' own records against Specter's: the same live VMs, each launched for one record. */
    void assertCloudsMatchRecords(Client c, List<String> ids, int kill) {
        Set<String> recorded = new HashSet<>();
        for (String id : ids) {
            for (JsonNode i : c.get("/domains/" + id + "/instances").json()) {
                if (i.get("lifecycle_state").asText().equals("600-RUNNING")) {
                    recorded.add(i.get("id").asText());
                }
            }
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Set<String> live = new HashSet<>();
            Map<String, Integer> perToken = new HashMap<>();
            for (String site : SITES) {
                for (ObservedVm vm : SimCloud.inspect(data.resolve("sim"), site, InstantSource.system())) {
                    perToken.merge(vm.token(), 1, Integer::sum);
                    if (vm.state() != VmState.TERMINATED) {
                        live.add(vm.token());
                    }
                }
            }
            assertThat(perToken.values()).as("kill " + kill + ": a token launched twice").allMatch(n -> n == 1);
            assertThat(live).as("kill " + kill + ": VMs at the clouds vs RUNNING records").isEqualTo(recorded);
        });
    }
}
