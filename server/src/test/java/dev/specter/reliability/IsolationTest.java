package dev.specter.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specter.testing.Client;
import dev.specter.testing.LaunchConfigJson;
import dev.specter.testing.TestServer;
import dev.specter.testing.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * For every endpoint and method, user B aims at user A's objects (by id, by name, through lists):
 * always 404 or an empty list, never a trace of A's data, and A's objects never change.
 */
class IsolationTest {
    static final String SECRET = "alice-secret-7f3a9c";
    static TestServer server;
    static Client alice;
    static Client bob;
    static String lcId;
    static String domainId;
    static String instanceId;
    static String aliceState;

    @BeforeAll
    static void setUp() {
        server = TestServer.fast();
        TestUser a = server.user("alice");
        TestUser b = server.user("bob");
        alice = server.client(a);
        bob = server.client(b);
        alice.post("/credentials/sites", "{\"id\": \"hotel\", \"access_key\": \"ALICEKEY\", \"secret_key\": \""
                + SECRET + "\", \"key_name\": \"alicekey\"}");
        alice.post("/sites/hotel/sshkeys", "{\"name\": \"alicekey\", \"key\": \"ssh-ed25519 "
                + "AAAAC3NzaC1lZDI1NTE5AAAAIKgqMz0j0Ny4ibdAbJkiIlLJSoI4M7vZdq9xsTgmvC8P alice\"}");
        lcId = LaunchConfigJson.named("alice_lc").withImage("alice-image").site("hotel", 4, 1).createWith(alice)
                .json().get("id").asText();
        domainId = alice.post("/domains", "{\"name\": \"alice_domain\", \"de_name\": \"multicloud\", "
                + "\"lc_name\": \"alice_lc\", \"vm_count\": 1}").json().get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> alice.get("/domains/" + domainId + "/instances").json()
                .findValuesAsText("lifecycle_state").contains("600-RUNNING"));
        instanceId = alice.get("/domains/" + domainId + "/instances").json().get(0).get("id").asText();
        LaunchConfigJson.named("bob_lc").withImage("bob-image").site("hotel", 4, 1).createWith(bob);
        aliceState = state();
    }

    @AfterAll
    static void tearDown() {
        server.close();
    }

    static String state() {
        return Stream.of("/launchconfigurations", "/domains", "/credentials/sites?details=true",
                        "/domains/" + domainId + "/activities")
                .map(p -> alice.get(p).text()).reduce("", String::concat)
                + alice.get("/domains/" + domainId + "/instances").json().findValuesAsText("id");
    }

    static final String LC_BODY = LaunchConfigJson.named("alice_lc").withImage("evil").site("hotel", 0, 1).json();
    static final String DOMAIN_BODY = "{\"de_name\": \"multicloud\", \"lc_name\": \"bob_lc\", \"vm_count\": 0}";

    @TestFactory
    Stream<DynamicTest> bobGetsNotFoundForEverythingOfAlices() {
        List<String[]> calls = List.of(
                new String[]{"GET", "/launchconfigurations/" + lcId, null},
                new String[]{"PUT", "/launchconfigurations/" + lcId, LC_BODY},
                new String[]{"DELETE", "/launchconfigurations/" + lcId, null},
                new String[]{"GET", "/domains/" + domainId, null},
                new String[]{"PUT", "/domains/" + domainId, DOMAIN_BODY},
                new String[]{"PATCH", "/domains/" + domainId, "{\"vm_count\": 0}"},
                new String[]{"DELETE", "/domains/" + domainId, null},
                new String[]{"GET", "/domains/" + domainId + "/activities", null},
                new String[]{"GET", "/domains/" + domainId + "/instances", null},
                new String[]{"GET", "/domains/" + domainId + "/instances/" + instanceId, null},
                new String[]{"DELETE", "/domains/" + domainId + "/instances/" + instanceId, null},
                new String[]{"DELETE", "/domains/" + domainId + "/instances/" + instanceId + "?adjust_policy=true", null},
                new String[]{"GET", "/credentials/sites/hotel", null},
                new String[]{"PUT", "/credentials/sites/hotel", "{\"id\": \"hotel\", \"access_key\": \"B\", "
                        + "\"secret_key\": \"b\", \"key_name\": \"b\"}"},
                new String[]{"DELETE", "/credentials/sites/hotel", null});
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] c : calls) {
            tests.add(DynamicTest.dynamicTest(c[0] + " " + c[1], () -> {
                Client.Reply r = bob.send(c[0], c[1], c[2], null);
                assertThat(r.status()).as(r.toString()).isEqualTo(404);
                assertNoTraceOfAlice(r);
                assertThat(state()).as("alice's objects unchanged").isEqualTo(aliceState);
            }));
        }
        tests.add(DynamicTest.dynamicTest("events of alice's domain", () -> {
            Client.Reply r = bob.withHeader("Accept", "text/event-stream").get("/domains/" + domainId + "/events");
            assertThat(r.status()).isEqualTo(404);
        }));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> bobsListsAndNamesNeverShowAlice() {
        return Stream.of(
                DynamicTest.dynamicTest("lists", () -> {
                    assertThat(bob.get("/domains").json()).isEmpty();
                    assertThat(bob.get("/credentials/sites?details=true").json()).isEmpty();
                    JsonNode lcs = bob.get("/launchconfigurations").json();
                    assertThat(lcs).hasSize(1);
                    assertNoTraceOfAlice(bob.get("/launchconfigurations"));
                    assertNoTraceOfAlice(bob.get("/launchconfigurations?public=true"));
                    assertNoTraceOfAlice(bob.get("/sites?details=true"));
                }),
                DynamicTest.dynamicTest("names are per user", () -> {
                    Client.Reply lc = bob.post("/launchconfigurations", LC_BODY);
                    assertThat(lc.status()).as("alice's LC name is free for bob").isEqualTo(201);
                    Client.Reply d = bob.post("/domains", "{\"name\": \"alice_domain\", \"de_name\": \"multicloud\", "
                            + "\"lc_name\": \"alice_lc\", \"vm_count\": 0}");
                    assertThat(d.status()).isEqualTo(201);
                    assertThat(d.json().get("id").asText()).isNotEqualTo(domainId);
                    assertThat(bob.post("/domains", "{\"name\": \"x\", \"de_name\": \"multicloud\", "
                            + "\"lc_name\": \"no_such\", \"vm_count\": 0}").status()).isEqualTo(400);
                    assertThat(state()).isEqualTo(aliceState);
                }),
                DynamicTest.dynamicTest("token check does not confirm other users", () -> {
                    TestUser stranger = server.user("carol");
                    assertThat(bob.get("/token/" + stranger.token() + "/" + (stranger.id() - 1) + ".json").json()
                            .get("success").asBoolean()).isFalse();
                }));
    }

    /** Nothing of alice's data (the ids bob sent may be echoed back in the error; he knew them already). */
    static void assertNoTraceOfAlice(Client.Reply r) {
        assertThat(r.text()).doesNotContain(SECRET).doesNotContain("ALICEKEY").doesNotContain("alice-image")
                .doesNotContain("alicekey").doesNotContain("vm-1.hotel");
    }
}
