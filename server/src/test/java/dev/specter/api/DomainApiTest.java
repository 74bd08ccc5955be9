package dev.specter.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specter.testing.Client;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DomainApiTest extends ApiTestSupport {
    static final String SENSOR_DOMAIN = """
            {"name": "scaler", "de_name": "sensor", "lc_name": "my_launch_config", "sensor_metric": "cpu",
             "sensor_minimum_vms": "1", "sensor_maximum_vms": 5, "sensor_scale_up_threshold": "1.0",
             "sensor_scale_up_vms": 1, "sensor_scale_down_threshold": 0.3, "sensor_scale_down_vms": 1,
             "sensor_cooldown": 30, "monitor_sensors": "cpu,proc.loadavg.1min"}""";

    @Test
    void theTutorialClientsRoundTripWorks() throws Exception {
        Client c = client(newUser());
        String id = tutorialDomain(c);

        JsonNode listed = c.get("/domains").json();
        assertThat(listed).hasSize(1);
        ObjectNode domain = (ObjectNode) listed.get(0);
        assertThat(domain.get("id").asText()).isEqualTo(id);
        assertThat(domain.get("name").asText()).isEqualTo("my_domain");
        assertThat(domain.get("de_name").asText()).isEqualTo("multicloud");
        assertThat(domain.get("lc_name").asText()).isEqualTo("my_launch_config");
        assertThat(domain.get("vm_count").isIntegralNumber()).isTrue();
        assertThat(domain.get("monitor_sensors").asText()).isEmpty();
        assertThat(domain.get("sensor_data").isObject()).isTrue();
        assertThat(domain.get("uri").asText()).isEqualTo("/api/dev/domains/" + id);
        assertThat(domain.has("owner")).isTrue();

        for (int n = 1; n <= 4; n++) {
            domain.put("vm_count", n);
            Client.Reply put = c.put("/domains/" + id, Json.MAPPER.writeValueAsString(domain));
            assertThat(put.status()).as(put.toString()).isEqualTo(200);
            assertThat(put.json().get("vm_count").asInt()).isEqualTo(n);
        }
        assertThat(c.get("/domains/" + id).json().get("vm_count").asInt()).isEqualTo(4);

        domain.put("vm_count", "0");
        assertThat(c.put("/domains/" + id, Json.MAPPER.writeValueAsString(domain)).json().get("vm_count").isIntegralNumber())
                .as("numeric strings are stored as numbers").isTrue();
    }

    @Test
    void createAnswersTheStoredRepresentationAndRedirectsDuplicates() {
        Client c = client(newUser());
        c.post("/launchconfigurations", TUTORIAL_LC);
        Client.Reply created = c.post("/domains", """
                {"name": "d1", "de_name": "multicloud", "lc_name": "my_launch_config", "vm_count": "3",
                 "id": "ignored", "owner": "mallory", "extra": [1, 2]}""");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("vm_count").asInt()).isEqualTo(3);
        assertThat(created.json().get("id").asText()).isNotEqualTo("ignored").hasSize(36);
        assertThat(created.json().get("owner").asText()).isNotEqualTo("mallory");
        assertThat(created.json().has("extra")).isFalse();
        assertThat(created.header("ETag")).isEqualTo("\"1\"");

        Client.Reply dup = c.post("/domains", "{\"name\": \"d1\", \"de_name\": \"multicloud\", \"lc_name\": \"my_launch_config\", \"vm_count\": 9}");
        assertThat(dup.status()).isEqualTo(302);
        assertThat(dup.header("Location")).endsWith("/api/dev/domains/" + created.json().get("id").asText());
        assertThat(c.get("/domains").json()).hasSize(1);
        assertThat(c.get("/domains").json().get(0).get("vm_count").asInt()).as("duplicate changed nothing").isEqualTo(3);
    }

    @Test
    void validationNamesTheField() {
        Client c = client(newUser());
        c.post("/launchconfigurations", TUTORIAL_LC);
        assertError(c.post("/domains", "{\"de_name\": \"multicloud\"}"), 400, "name", "You must provide a name for your domain");
        assertError(c.post("/domains", "{\"name\": \"d\", \"lc_name\": \"my_launch_config\"}"), 400, "de_name",
                "Mandatory parameter 'de_name' is missing");
        assertError(c.post("/domains", "{\"name\": \"d\", \"de_name\": \"magic\", \"lc_name\": \"my_launch_config\"}"),
                400, "de_name", "not supported");
        assertError(c.post("/domains", "{\"name\": \"d\", \"de_name\": \"multicloud\", \"lc_name\": \"my_launch_config\"}"),
                400, "vm_count", "Mandatory parameter 'vm_count' is missing");
        assertError(c.post("/domains", "{\"name\": \"d\", \"de_name\": \"multicloud\", \"lc_name\": \"nope\", \"vm_count\": 1}"),
                400, "lc_name", "No launch configuration named 'nope'");
        assertError(c.post("/domains", "{\"name\": \"d\", \"de_name\": \"multicloud\", \"lc_name\": \"my_launch_config\", \"vm_count\": -1}"),
                400, "vm_count", "between 0 and 10000");
        assertError(c.post("/domains", "{\"name\": \"d\", \"de_name\": \"multicloud\", \"lc_name\": \"my_launch_config\", \"vm_count\": 10001}"),
                400, "vm_count", "between 0 and 10000");
        assertError(c.post("/domains", "{\"name\": \"d\", \"de_name\": \"multicloud\", \"lc_name\": \"my_launch_config\", \"vm_count\": 1.5}"),
                400, "vm_count", "integer");
        assertError(c.post("/domains", SENSOR_DOMAIN.replace("\"sensor_minimum_vms\": \"1\"", "\"sensor_minimum_vms\": 6")),
                400, "sensor_minimum_vms", "greater than");
        assertError(c.post("/domains", SENSOR_DOMAIN.replace("\"sensor_metric\": \"cpu\",", "")), 400, "sensor_metric",
                "Mandatory parameter 'sensor_metric' is missing");
        assertError(c.post("/domains", SENSOR_DOMAIN.replace("\"1.0\"", "\"NaN\"")), 400, "sensor_scale_up_threshold", "number");
        assertError(c.post("/domains", "{\"name\": \"a/b\", \"de_name\": \"multicloud\", \"lc_name\": \"my_launch_config\", \"vm_count\": 1}"),
                400, "name", "may only");
        assertThat(c.get("/domains").json()).as("nothing stored").isEmpty();
    }

    @Test
    void putReplacesTheWholePolicyAndCanSwitchEngine() {
        Client c = client(newUser());
        String id = tutorialDomain(c);
        Client.Reply sensor = c.put("/domains/" + id, SENSOR_DOMAIN.replace("\"scaler\"", "\"my_domain\""));
        assertThat(sensor.status()).as(sensor.toString()).isEqualTo(200);
        assertThat(sensor.json().get("de_name").asText()).isEqualTo("sensor");
        assertThat(sensor.json().get("sensor_minimum_vms").asInt()).isEqualTo(1);
        assertThat(sensor.json().get("sensor_scale_up_threshold").asDouble()).isEqualTo(1.0);
        assertThat(sensor.json().get("monitor_sensors").asText()).isEqualTo("cpu,proc.loadavg.1min");
        assertThat(sensor.json().has("vm_count")).isFalse();

        Client.Reply back = c.put("/domains/" + id, "{\"de_name\": \"multicloud\", \"lc_name\": \"my_launch_config\", \"vm_count\": 2}");
        assertThat(back.json().get("name").asText()).as("name kept when absent").isEqualTo("my_domain");
        assertThat(back.json().get("vm_count").asInt()).isEqualTo(2);
        assertThat(back.json().get("monitor_sensors").asText()).as("full replacement").isEmpty();

        assertError(c.put("/domains/" + id, "{\"de_name\": \"multicloud\", \"vm_count\": 2}"), 400, "lc_name", "missing");
        assertError(c.put("/domains/" + id, "{\"de_name\": \"multicloud\", \"lc_name\": \"gone\", \"vm_count\": 2}"),
                400, "lc_name", "gone");
        assertThat(c.get("/domains/" + id).json().get("vm_count").asInt()).as("rejected PUTs change nothing").isEqualTo(2);

        c.post("/domains", "{\"name\": \"other\", \"de_name\": \"multicloud\", \"lc_name\": \"my_launch_config\", \"vm_count\": 0}");
        assertError(c.put("/domains/" + id, "{\"name\": \"other\", \"de_name\": \"multicloud\", \"lc_name\": \"my_launch_config\", \"vm_count\": 2}"),
                409, "name", "other");
    }

    @Test
    void patchChangesOnlyTheFieldsSent() {
        Client c = client(newUser());
        String id = tutorialDomain(c);
        Client.Reply r = c.patch("/domains/" + id, "{\"vm_count\": 7}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("vm_count").asInt()).isEqualTo(7);
        assertThat(r.json().get("lc_name").asText()).isEqualTo("my_launch_config");
        assertError(c.patch("/domains/" + id, "{\"de_name\": \"sensor\"}"), 400, "sensor_metric", "missing");
        assertThat(c.get("/domains/" + id).json().get("vm_count").asInt()).isEqualTo(7);
    }

    @Test
    void ifMatchGuardsAgainstLostUpdates() {
        Client c = client(newUser());
        String id = tutorialDomain(c);
        String etag = c.get("/domains/" + id).header("ETag");
        assertThat(c.patch("/domains/" + id, "{\"vm_count\": 1}").status()).isEqualTo(200);
        Client.Reply stale = c.sendBytes("PATCH", "/domains/" + id, "{\"vm_count\": 5}".getBytes(), null, null);
        assertThat(stale.status()).isEqualTo(200);
        Client.Reply guarded = guardedPatch(c, id, etag);
        assertThat(guarded.status()).isEqualTo(412);
        assertThat(c.get("/domains/" + id).json().get("vm_count").asInt()).isEqualTo(5);
        Client.Reply fresh = guardedPatch(c, id, c.get("/domains/" + id).header("ETag"));
        assertThat(fresh.status()).isEqualTo(200);
    }

    private static Client.Reply guardedPatch(Client c, String id, String etag) {
        return c.withHeader("If-Match", etag).patch("/domains/" + id, "{\"vm_count\": 9}");
    }

    @Test
    void deletedDomainsDisappearButTheirInstancesStayReadable() {
        Client c = client(newUser());
        String id = tutorialDomain(c);
        assertThat(c.get("/domains/" + id + "/activities").json().isArray()).isTrue();
        assertThat(c.delete("/domains/" + id).status()).isEqualTo(204);
        assertThat(c.get("/domains").json()).isEmpty();
        assertThat(c.get("/domains/" + id).status()).isEqualTo(404);
        assertThat(c.delete("/domains/" + id).status()).isEqualTo(404);
        assertThat(c.get("/domains/" + id + "/instances").status()).isEqualTo(200);
        assertThat(c.post("/domains", TUTORIAL_DOMAIN).status()).as("the name is free again").isEqualTo(201);
    }

    @Test
    void anotherUsersDomainIsNotFoundEverywhere() {
        Client alice = client(newUser());
        String id = tutorialDomain(alice);
        Client bob = client(newUser());
        bob.post("/launchconfigurations", TUTORIAL_LC);
        assertThat(bob.get("/domains/" + id).status()).isEqualTo(404);
        assertThat(bob.put("/domains/" + id, TUTORIAL_DOMAIN).status()).isEqualTo(404);
        assertThat(bob.patch("/domains/" + id, "{\"vm_count\": 3}").status()).isEqualTo(404);
        assertThat(bob.delete("/domains/" + id).status()).isEqualTo(404);
        assertThat(bob.get("/domains/" + id + "/instances").status()).isEqualTo(404);
        assertThat(bob.get("/domains/" + id + "/instances/x").status()).isEqualTo(404);
        assertThat(bob.get("/domains/" + id + "/activities").status()).isEqualTo(404);
        assertThat(bob.get("/domains").json()).isEmpty();
        assertThat(alice.get("/domains/" + id).json().get("vm_count").asInt()).isZero();
    }
}
