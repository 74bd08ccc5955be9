package dev.specter.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specter.testing.Client;
import dev.specter.testing.Convergence;
import dev.specter.testing.LaunchConfigJson;
import dev.specter.testing.TestServer;
import dev.specter.testing.TestUser;
import dev.specter.store.sql.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rounds of 100 concurrent full replacements of one domain, on both stores: every acknowledged PUT
 * is a version of its own, the stored domain is exactly one of them (never a mix of two), and the
 * control loop converges to it. {@code -Dspecter.concurrentwrites.rounds=200} repeats the storm.
 */
class ConcurrentWritesTest {
    static final int ROUNDS = Integer.getInteger("specter.concurrentwrites.rounds", 3);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgres"})
    void concurrentPutsSerializeAndTheLastOneIsWhatRuns(String store) throws Exception {
        String yaml = store.equals("postgres") ? "database:\n  url: " + TestDatabases.newPostgresSchema() + "\n" : "{}";
        try (TestServer s = TestServer.start(yaml, TestServer::fast)) {
            TestUser u = s.user("writer");
            Client c = s.client(u);
            LaunchConfigJson.named("lc").site("hotel", -1, 1).createWith(c);
            String d = c.post("/domains", "{\"name\": \"d\", \"de_name\": \"multicloud\", \"lc_name\": \"lc\", "
                    + "\"vm_count\": 0}").json().get("id").asText();
            for (int round = 1; round <= ROUNDS; round++) {
                storm(s, c, d, round);
            }
        }
    }

    private static void storm(TestServer s, Client c, String d, int round) throws Exception {
        List<Future<Integer>> replies = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 1; i <= 100; i++) {
                int n = i % 7 + 1;
                String body = "{\"de_name\": \"multicloud\", \"lc_name\": \"lc\", \"vm_count\": " + n
                        + ", \"monitor_sensors\": \"writer" + n + "\"}";
                replies.add(pool.submit(() -> c.put("/domains/" + d, body).status()));
            }
        }
        for (Future<Integer> f : replies) {
            assertThat(f.get()).isEqualTo(200);
        }
        JsonNode stored = c.get("/domains/" + d).json();
        int n = stored.get("vm_count").asInt();
        assertThat(n).isBetween(1, 7);
        assertThat(stored.get("monitor_sensors").asText()).as("no half-applied update").isEqualTo("writer" + n);
        assertThat(c.get("/domains/" + d).header("ETag")).as("round " + round + ": every write was a version")
                .isEqualTo("\"" + (1 + 100 * round) + "\"");
        await().atMost(Duration.ofSeconds(60)).until(() -> Convergence.converged(c, d, n));
        assertThat(s.sim("hotel").liveCount()).isEqualTo(n);
    }
}
