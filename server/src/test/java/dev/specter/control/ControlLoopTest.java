package dev.specter.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specter.cloud.CloudAccount;
import dev.specter.cloud.LaunchBatch;
import dev.specter.cloud.OwnershipTags;
import dev.specter.cloud.VmSpec;
import dev.specter.testing.Client;
import dev.specter.testing.TestServer;
import dev.specter.testing.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The whole control loop behind the HTTP API, on fast simulated sites, in real time. */
class ControlLoopTest {
    static TestServer server;
    static final AtomicInteger USERS = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = TestServer.fast();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Client newClient() {
        TestUser u = server.user("loop" + USERS.incrementAndGet());
        return server.client(u);
    }

    static String setUp(Client c, int hotelMax, int sierraMax, int vmCount) {
        assertThat(c.post("/launchconfigurations", """
                {"name": "lc", "cloud_params": {
                 "hotel": {"image_id": "img", "instance_type": "m1.small", "max_vms": %d, "common": true, "rank": 1},
                 "sierra": {"image_id": "img", "instance_type": "m1.small", "max_vms": %d, "common": true, "rank": 2}}}
                """.formatted(hotelMax, sierraMax)).status()).isEqualTo(201);
        return c.post("/domains", "{\"name\": \"d\", \"de_name\": \"multicloud\", \"lc_name\": \"lc\", \"vm_count\": "
                + vmCount + "}").json().get("id").asText();
    }

    static Map<String, Integer> running(Client c, String domainId) {
        Map<String, Integer> out = new TreeMap<>();
        for (JsonNode i : c.get("/domains/" + domainId + "/instances").json()) {
            if (i.get("lifecycle_state").asText().equals("600-RUNNING")) {
                out.merge(i.get("site").asText(), 1, Integer::sum);
            }
        }
        return out;
    }

    static List<String> states(Client c, String domainId) {
        List<String> out = new ArrayList<>();
        c.get("/domains/" + domainId + "/instances").json().forEach(i -> out.add(i.get("lifecycle_state").asText()));
        return out;
    }

    @Test
    void domainsReachTheirSizeOverflowAndDrain() {
        Client c = newClient();
        String d = setUp(c, 2, 4, 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> running(c, d).equals(Map.of("hotel", 2, "sierra", 2)));
        assertThat(c.get("/domains/" + d + "/instances").json().get(0).get("cloud").asText())
                .startsWith("/api/dev/sites/");

        c.patch("/domains/" + d, "{\"vm_count\": 0}");
        await().atMost(Duration.ofSeconds(10)).until(() -> states(c, d).stream().allMatch(s -> s.equals("800-TERMINATED")));
        assertThat(c.get("/domains/" + d + "/activities").json()).extracting(a -> a.get("action").asText())
                .contains("launch", "terminate");
    }

    @Test
    void aVmWithOurTagButNoRecordIsTerminatedAsAZombie() throws Exception {
        Client c = newClient();
        String d = setUp(c, -1, -1, 0);
        String installation = server.server().control().installation();
        server.sim("alamo").launch(CloudAccount.anonymous("alamo"), new LaunchBatch("zombiebatch0000",
                List.of(new VmSpec("zombiebatch0000-0", "img", "t", null, null,
                        OwnershipTags.of(installation, "zombiebatch0000-0", d, 1, "zombiebatch0000")))));
        assertThat(server.sim("alamo").liveCount()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.sim("alamo").liveCount() == 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> c.get("/domains/" + d + "/activities").text()
                .contains("\"action\":\"zombie\""));

        // a VM tagged for this installation that no instance can claim (no instance tag) goes too
        Map<String, String> noToken = new java.util.HashMap<>(OwnershipTags.of(installation, "x", d, 1, "straybatch00000"));
        noToken.remove(OwnershipTags.INSTANCE);
        server.sim("alamo").launch(CloudAccount.anonymous("alamo"), new LaunchBatch("straybatch00000",
                List.of(new VmSpec("straybatch00000-0", "img", "t", null, null, noToken))));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.sim("alamo").liveCount() == 0);

        // a VM of another installation is none of our business
        server.sim("alamo").launch(CloudAccount.anonymous("alamo"), new LaunchBatch("foreignbatch000",
                List.of(new VmSpec("foreignbatch000-0", "img", "t", null, null,
                        OwnershipTags.of("someone-else", "foreignbatch000-0", d, 1, "foreignbatch000")))));
        // two describe calls after the launch: the first round that saw it has finished (rounds never overlap)
        long describes = server.sim("alamo").calls().describeCalls();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.sim("alamo").calls().describeCalls() >= describes + 2);
        assertThat(server.sim("alamo").liveCount()).isEqualTo(1);
    }

    @Test
    void deletingAnInstanceReplacesItOrShrinksTheDomain() {
        Client c = newClient();
        String d = setUp(c, -1, -1, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> running(c, d).equals(Map.of("hotel", 2)));
        String victim = c.get("/domains/" + d + "/instances").json().get(0).get("id").asText();
        assertThat(c.delete("/domains/" + d + "/instances/" + victim).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> running(c, d).equals(Map.of("hotel", 2))
                && c.get("/domains/" + d + "/instances/" + victim).json().get("lifecycle_state").asText()
                .equals("800-TERMINATED"));

        String second = null;
        for (JsonNode i : c.get("/domains/" + d + "/instances").json()) {
            if (i.get("lifecycle_state").asText().equals("600-RUNNING")) {
                second = i.get("id").asText();
            }
        }
        assertThat(c.delete("/domains/" + d + "/instances/" + second + "?adjust_policy=true").status()).isEqualTo(204);
        assertThat(c.get("/domains/" + d).json().get("vm_count").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> running(c, d).equals(Map.of("hotel", 1)));
        assertThat(c.delete("/domains/" + d + "/instances/nope").status()).isEqualTo(404);
        assertThat(newClient().delete("/domains/" + d + "/instances/" + second).status()).isEqualTo(404);
    }

    @Test
    void eventsStreamInstanceChangesAsTheyHappen() throws Exception {
        TestUser u = server.user("watcher" + USERS.incrementAndGet());
        Client c = server.client(u);
        String d = setUp(c, -1, -1, 0);
        try (EventStream events = EventStream.open(u, d)) {
            c.patch("/domains/" + d, "{\"vm_count\": 1}");
            await().atMost(Duration.ofSeconds(10)).until(() -> events.lines().stream()
                    .anyMatch(l -> l.contains("600-RUNNING")));
            assertThat(events.lines()).contains("event: domain", "event: instance", "event: activity");
        }

        Client.Reply foreign = newClient().withHeader("Accept", "text/event-stream").get("/domains/" + d + "/events");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(c.get("/domains/" + d + "/events").status()).as("without Accept").isEqualTo(406);
    }

    @Test
    void aZombieTerminationReachesTheEventStream() throws Exception {
        TestUser u = server.user("zombiewatcher" + USERS.incrementAndGet());
        Client c = server.client(u);
        String d = setUp(c, -1, -1, 0);
        String installation = server.server().control().installation();
        try (EventStream events = EventStream.open(u, d)) {
            server.sim("alamo").launch(CloudAccount.anonymous("alamo"), new LaunchBatch("zombiewatch0000",
                    List.of(new VmSpec("zombiewatch0000-0", "img", "t", null, null,
                            OwnershipTags.of(installation, "zombiewatch0000-0", d, 1, "zombiewatch0000")))));
            await().atMost(Duration.ofSeconds(10)).until(() -> events.lines().stream()
                    .anyMatch(l -> l.startsWith("data:") && l.contains("\"action\":\"zombie\"")));
        }
    }

    /** A domain's server-sent events as its owner receives them, read on a thread of its own until closed. */
    record EventStream(List<String> lines, HttpClient http, HttpResponse<java.io.InputStream> response,
                       Thread reader) implements AutoCloseable {
        static EventStream open(TestUser u, String domainId) throws Exception {
            List<String> lines = new CopyOnWriteArrayList<>();
            HttpRequest req = HttpRequest.newBuilder(URI.create(server.apiUrl() + "/domains/" + domainId + "/events"))
                    .header("Authorization", Client.basic(Long.toString(u.id()), u.token()))
                    .header("Accept", "text/event-stream").build();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<java.io.InputStream> resp;
            try {
                resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
                assertThat(resp.statusCode()).isEqualTo(200);
            } catch (Exception | Error e) {
                http.shutdownNow();
                throw e;
            }
            Thread reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (Exception ignored) {
                    // the stream ends when the test closes it
                }
            });
            EventStream stream = new EventStream(lines, http, resp, reader);
            try {
                await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("event: ready"));
            } catch (RuntimeException | Error e) {
                stream.close();
                throw e;
            }
            return stream;
        }

        @Override
        public void close() throws Exception {
            reader.interrupt();
            try {
                response.body().close();
            } finally {
                http.shutdownNow();
            }
        }
    }
}
