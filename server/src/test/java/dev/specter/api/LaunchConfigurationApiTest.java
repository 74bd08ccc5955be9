package dev.specter.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specter.testing.Client;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LaunchConfigurationApiTest extends ApiTestSupport {

    @Test
    void createListGetUpdateDelete() {
        Client c = client(newUser());
        Client.Reply created = c.post("/launchconfigurations", TUTORIAL_LC);
        assertThat(created.status()).isEqualTo(201);
        JsonNode lc = created.json();
        String id = lc.get("id").asText();
        assertThat(lc.get("name").asText()).isEqualTo("my_launch_config");
        assertThat(lc.get("uri").asText()).isEqualTo("/api/dev/launchconfigurations/" + id);
        assertThat(lc.get("cloud_params").get("hotel").get("max_vms").asInt()).isEqualTo(4);
        assertThat(lc.get("cloud_params").get("sierra").get("rank").asInt()).isEqualTo(2);
        assertThat(lc.get("cloud_params").get("hotel").get("common").asBoolean()).isTrue();
        assertThat(lc.get("contextualization_method").asText()).isEqualTo("none");

        assertThat(c.get("/launchconfigurations").json()).hasSize(1);
        assertThat(c.get("/launchconfigurations/" + id).json()).isEqualTo(lc);

        Client.Reply updated = c.put("/launchconfigurations/" + id, """
                {"cloud_params": {"hotel": {"image_id": "other.gz", "instance_type": "m1.large", "max_vms": 2,
                 "common": false, "rank": 1}}, "user_data": "#!/bin/sh\\necho hi"}""");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("cloud_params").get("hotel").get("max_vms").asInt()).isEqualTo(2);
        assertThat(updated.json().get("cloud_params").has("sierra")).as("sites not sent are kept").isTrue();
        assertThat(updated.json().get("contextualization_method").asText()).isEqualTo("user_data");
        assertThat(updated.json().get("user_data").asText()).contains("echo hi");
        assertThat(c.get("/launchconfigurations/" + id).json()).isEqualTo(updated.json());

        assertError(c.put("/launchconfigurations/" + id, "{\"name\": \"renamed\", \"cloud_params\": {}}"), 400,
                "name", "renamed");

        assertThat(c.delete("/launchconfigurations/" + id).status()).isEqualTo(204);
        assertThat(c.get("/launchconfigurations/" + id).status()).isEqualTo(404);
        assertThat(c.get("/launchconfigurations").json()).isEmpty();
    }

    @Test
    void aDuplicateNameRedirectsToTheExistingOne() {
        Client c = client(newUser());
        String id = c.post("/launchconfigurations", TUTORIAL_LC).json().get("id").asText();
        Client.Reply again = c.post("/launchconfigurations", TUTORIAL_LC);
        assertThat(again.status()).isEqualTo(302);
        assertThat(again.header("Location")).isEqualTo(server.apiUrl() + "/launchconfigurations/" + id);
        assertThat(c.get("/launchconfigurations").json()).hasSize(1);
    }

    @Test
    void aLaunchConfigurationInUseCannotBeDeleted() {
        Client c = client(newUser());
        tutorialDomain(c);
        String id = c.get("/launchconfigurations").json().get(0).get("id").asText();
        assertError(c.delete("/launchconfigurations/" + id), 409, null, "my_domain");
        assertThat(c.get("/launchconfigurations/" + id).status()).isEqualTo(200);
    }

    @Test
    void invalidConfigurationsAreRejectedNamingTheField() {
        Client c = client(newUser());
        assertError(c.post("/launchconfigurations", "{\"cloud_params\": {}}"), 400, "name", "missing");
        assertError(c.post("/launchconfigurations", "{\"name\": \"x\"}"), 400, "cloud_params", "missing");
        assertError(c.post("/launchconfigurations", "{\"name\": \"x\", \"cloud_params\": []}"), 400, "cloud_params", "object");
        assertError(c.post("/launchconfigurations", "{\"name\": \"x\", \"cloud_params\": {}}"), 400, "cloud_params", "at least one");
        assertError(c.post("/launchconfigurations", """
                {"name": "x", "cloud_params": {"hotel": {"image_id": "i", "instance_type": "t", "common": true, "rank": 1}}}"""),
                400, "cloud_params.hotel.max_vms", "missing");
        assertError(c.post("/launchconfigurations", """
                {"name": "x", "cloud_params": {"hotel": {"image_id": "i", "instance_type": "t", "max_vms": "lots",
                 "common": true, "rank": 1}}}"""), 400, "cloud_params.hotel.max_vms", "integer");
        assertError(c.post("/launchconfigurations", """
                {"name": "x", "cloud_params": {"hotel": {"image_id": "i", "instance_type": "t", "max_vms": -5,
                 "common": true, "rank": 1}}}"""), 400, "cloud_params.hotel.max_vms", "-1");
        assertError(c.post("/launchconfigurations", """
                {"name": "x", "cloud_params": {"nowhere": {"image_id": "i", "instance_type": "t", "max_vms": 1,
                 "common": true, "rank": 1}}}"""), 400, "cloud_params.nowhere", "Unknown site");
        assertError(c.post("/launchconfigurations", """
                {"name": "x", "cloud_params": {"hotel": {"image_id": "i", "instance_type": "t", "max_vms": 1,
                 "common": true, "rank": 1}, "sierra": {"image_id": "i", "instance_type": "t", "max_vms": 1,
                 "common": true, "rank": 1}}}"""), 400, "cloud_params.sierra.rank", "distinct");
        assertError(c.post("/launchconfigurations", """
                {"name": "x", "contextualization_method": "chef", "cloud_params": {"hotel": {"image_id": "i",
                 "instance_type": "t", "max_vms": 1, "common": true, "rank": 1}}}"""), 400, "contextualization_method", "Chef");
        assertThat(c.get("/launchconfigurations").json()).as("nothing stored").isEmpty();
    }

    @Test
    void anotherUsersLaunchConfigurationIsNotFound() {
        Client alice = client(newUser());
        String id = alice.post("/launchconfigurations", TUTORIAL_LC).json().get("id").asText();
        Client bob = client(newUser());
        assertThat(bob.get("/launchconfigurations/" + id).status()).isEqualTo(404);
        assertThat(bob.put("/launchconfigurations/" + id, TUTORIAL_LC).status()).isEqualTo(404);
        assertThat(bob.delete("/launchconfigurations/" + id).status()).isEqualTo(404);
        assertThat(bob.get("/launchconfigurations").json()).isEmpty();
        assertThat(bob.post("/launchconfigurations", TUTORIAL_LC).status()).as("names are per user").isEqualTo(201);
        assertThat(alice.get("/launchconfigurations/" + id).json().get("cloud_params").get("hotel").get("max_vms")
                .asInt()).isEqualTo(4);
    }
}
