package dev.specter.api;

import dev.specter.testing.Client;
import dev.specter.testing.TestUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint against malformed JSON, wrong types, missing fields, oversized bodies, odd names,
 * another user's ids and wrong methods: always a 4xx with a JSON error, never a 5xx, and nothing stored.
 */
class BadInputApiTest extends ApiTestSupport {
    static TestUser owner;
    static Client client;
    static String lcId;
    static String domainId;
    static String foreignLc;
    static String foreignDomain;

    record Endpoint(String method, String path, String validBody) {
        String describe() {
            return method + " " + path;
        }
    }

    @BeforeAll
    static void objects() {
        owner = newUser();
        client = client(owner);
        domainId = tutorialDomain(client);
        lcId = client.get("/launchconfigurations").json().get(0).get("id").asText();
        client.post("/credentials/sites", "{\"id\": \"hotel\", \"access_key\": \"A\", \"secret_key\": \"s\", \"key_name\": \"k\"}");
        Client other = client(newUser());
        foreignDomain = tutorialDomain(other);
        foreignLc = other.get("/launchconfigurations").json().get(0).get("id").asText();
    }

    static List<Endpoint> bodyEndpoints() {
        return List.of(
                new Endpoint("POST", "/sites/hotel/sshkeys", "{\"name\": \"k\", \"key\": \"" + SiteAndCredentialApiTest.KEY + "\"}"),
                new Endpoint("POST", "/credentials/sites", "{\"id\": \"sierra\", \"access_key\": \"A\", \"secret_key\": \"s\", \"key_name\": \"k\"}"),
                new Endpoint("PUT", "/credentials/sites/hotel", "{\"id\": \"hotel\", \"access_key\": \"A\", \"secret_key\": \"s\", \"key_name\": \"k\"}"),
                new Endpoint("POST", "/launchconfigurations", TUTORIAL_LC.replace("my_launch_config", "second")),
                new Endpoint("PUT", "/launchconfigurations/" + lcId, TUTORIAL_LC),
                new Endpoint("POST", "/domains", TUTORIAL_DOMAIN.replace("my_domain", "second")),
                new Endpoint("PUT", "/domains/" + domainId, TUTORIAL_DOMAIN),
                new Endpoint("PATCH", "/domains/" + domainId, "{\"vm_count\": 1}"));
    }

    /** A fingerprint of everything the owner has; a rejected request must leave it unchanged. */
    static String state() {
        return Stream.of("/launchconfigurations", "/domains", "/credentials/sites?details=true",
                        "/domains/" + domainId + "/instances")
                .map(p -> client.get(p).text()).reduce("", String::concat);
    }

    static void rejected(Client.Reply r, String what, int... allowed) {
        assertThat(r.status()).as(what + " -> " + r).isBetween(400, 499);
        if (allowed.length > 0) {
            assertThat(Arrays.stream(allowed).boxed().toList()).as(what + " -> " + r).contains(r.status());
        }
        assertThat(r.header("Content-Type")).as(what).startsWith("application/json");
        assertThat(r.json().path("error").asText()).as(what + " names the problem").isNotBlank();
    }

    @TestFactory
    Stream<DynamicTest> malformedAndMistypedBodies() {
        List<String> bad = List.of("", "{", "{\"name\": }", "[]", "[1,2]", "\"just a string\"", "42", "null", "true",
                "{\"a\": 1} trailing", "{\"a\": 1, \"a\": 2}", "{\"x\": NaN}", "{\"x\": Infinity}",
                "[".repeat(5000), "{\"a\":".repeat(100) + "1" + "}".repeat(100), "{}",
                "{\"name\": 5, \"cloud_params\": 5, \"id\": 5, \"vm_count\": \"five\", \"de_name\": [], \"lc_name\": {},"
                        + " \"access_key\": 1, \"secret_key\": true, \"key_name\": null, \"key\": 3}");
        List<DynamicTest> tests = new ArrayList<>();
        for (Endpoint e : bodyEndpoints()) {
            for (String body : bad) {
                if (body.equals("{}") && e.method().equals("PATCH")) {
                    continue; // an empty patch is a valid no-op
                }
                String label = e.describe() + " with " + (body.length() > 30 ? body.substring(0, 30) + "…" : body);
                tests.add(DynamicTest.dynamicTest(label, () -> {
                    String before = state();
                    rejected(client.send(e.method(), e.path(), body, null), label, 400);
                    assertThat(state()).as("nothing stored by " + label).isEqualTo(before);
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> invalidUtf8AndOversizedBodies() {
        List<DynamicTest> tests = new ArrayList<>();
        byte[] invalidUtf8 = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        byte[] huge = ("{\"name\": \"" + "x".repeat(2 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (Endpoint e : bodyEndpoints()) {
            tests.add(DynamicTest.dynamicTest(e.describe() + " invalid UTF-8", () ->
                    rejected(client.sendBytes(e.method(), e.path(), invalidUtf8, null, null), "utf8", 400)));
            tests.add(DynamicTest.dynamicTest(e.describe() + " 2 MiB body", () -> {
                String before = state();
                rejected(client.sendBytes(e.method(), e.path(), huge, null, null), "huge", 413);
                assertThat(state()).isEqualTo(before);
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> oddNames() {
        List<String> names = List.of("ünïcødé", "a/b", "../../etc/passwd", "x".repeat(1024), "tab\tname", "semi;colon",
                "emoji 🚀", "", " ", "null\u0000byte");
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : names) {
            String quoted = Json.MAPPER.valueToTree(name).toString();
            tests.add(DynamicTest.dynamicTest("LC named " + name.substring(0, Math.min(20, name.length())), () -> {
                String before = state();
                rejected(client.post("/launchconfigurations", TUTORIAL_LC.replace("\"my_launch_config\"", quoted)),
                        "lc " + name, 400);
                assertThat(state()).isEqualTo(before);
            }));
            tests.add(DynamicTest.dynamicTest("domain named " + name.substring(0, Math.min(20, name.length())), () -> {
                String before = state();
                Client.Reply r = client.post("/domains", TUTORIAL_DOMAIN.replace("\"my_domain\"", quoted));
                rejected(r, "domain " + name, 400);
                assertThat(r.json().path("field").asText()).isEqualTo("name");
                assertThat(state()).isEqualTo(before);
            }));
            tests.add(DynamicTest.dynamicTest("site named " + name.substring(0, Math.min(20, name.length())), () ->
                    rejected(client.post("/credentials/sites", "{\"id\": " + quoted
                            + ", \"access_key\": \"A\", \"secret_key\": \"s\", \"key_name\": \"k\"}"), "site " + name, 400)));
        }
        for (String path : List.of("/domains/%2F..%2F..%2Fetc", "/domains/..%2F" + domainId, "/launchconfigurations/%00",
                "/domains/" + "x".repeat(1024), "/domains/%C3%28", "/sites/%2e%2e", "/domains/ünï")) {
            tests.add(DynamicTest.dynamicTest("path " + path.substring(0, Math.min(40, path.length())), () -> {
                Client.Reply r = client.get(path);
                rejected(r, path, 400, 404);
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> anotherUsersIdsAreNotFound() {
        List<String[]> calls = List.of(
                new String[]{"GET", "/launchconfigurations/" + foreignLc, null},
                new String[]{"PUT", "/launchconfigurations/" + foreignLc, TUTORIAL_LC},
                new String[]{"DELETE", "/launchconfigurations/" + foreignLc, null},
                new String[]{"GET", "/domains/" + foreignDomain, null},
                new String[]{"PUT", "/domains/" + foreignDomain, TUTORIAL_DOMAIN},
                new String[]{"PATCH", "/domains/" + foreignDomain, "{\"vm_count\": 3}"},
                new String[]{"DELETE", "/domains/" + foreignDomain, null},
                new String[]{"GET", "/domains/" + foreignDomain + "/instances", null},
                new String[]{"GET", "/domains/" + foreignDomain + "/activities", null});
        return calls.stream().map(c -> DynamicTest.dynamicTest(c[0] + " foreign " + c[1], () ->
                rejected(client.send(c[0], c[1], c[2], null), c[0] + " " + c[1], 404)));
    }

    @TestFactory
    Stream<DynamicTest> wrongMethodsAre405() {
        List<String[]> calls = List.of(new String[]{"DELETE", "/sites"}, new String[]{"PUT", "/sites/hotel"},
                new String[]{"POST", "/sites/hotel"}, new String[]{"GET", "/sites/hotel/sshkeys"},
                new String[]{"PATCH", "/credentials/sites"}, new String[]{"POST", "/credentials/sites/hotel"},
                new String[]{"DELETE", "/launchconfigurations"}, new String[]{"POST", "/launchconfigurations/" + lcId},
                new String[]{"PUT", "/domains"}, new String[]{"POST", "/domains/" + domainId},
                new String[]{"POST", "/domains/" + domainId + "/instances"}, new String[]{"DELETE", "/sensors"},
                new String[]{"PUT", "/token"}, new String[]{"DELETE", "/domains/" + domainId + "/activities"});
        return calls.stream().map(c -> DynamicTest.dynamicTest(c[0] + " " + c[1], () -> {
            String before = state();
            rejected(client.send(c[0], c[1], c[0].equals("GET") ? null : "{}", null), c[0] + " " + c[1], 405);
            assertThat(state()).isEqualTo(before);
        }));
    }

    @TestFactory
    Stream<DynamicTest> badQueryParameters() {
        return Stream.of("limit=abc", "limit=-1", "limit=100000", "before=x", "limit=1e3")
                .map(q -> DynamicTest.dynamicTest("activities?" + q, () ->
                        rejected(client.get("/domains/" + domainId + "/activities?" + q), q, 400)));
    }
}
