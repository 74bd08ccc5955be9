package dev.specter.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specter.testing.Client;
import dev.specter.testing.TestUser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SiteAndCredentialApiTest extends ApiTestSupport {
    static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKgqMz0j0Ny4ibdAbJkiIlLJSoI4M7vZdq9xsTgmvC8P tutorial";

    @Test
    void theEmbeddedSitesAreListed() {
        Client c = client(newUser());
        JsonNode sites = c.get("/sites").json();
        List<String> ids = new ArrayList<>();
        sites.forEach(s -> ids.add(s.get("id").asText()));
        assertThat(ids).containsExactly("hotel", "sierra", "alamo", "foxtrot");
        JsonNode hotel = sites.get(0);
        assertThat(hotel.get("uri").asText()).isEqualTo("/api/dev/sites/hotel");
        assertThat(hotel.get("credentials").asText()).isEqualTo("/api/dev/credentials/sites/hotel");
        assertThat(hotel.get("instance_types")).hasSize(3);
        assertThat(hotel.has("type")).isFalse();

        JsonNode detailed = c.get("/sites?details=TRUE").json().get(0);
        assertThat(detailed.get("type").asText()).isEqualTo("sim");
        assertThat(detailed.get("image_generation").asBoolean()).isFalse();
        assertThat(detailed.get("user_images").isArray()).isTrue();
        assertThat(c.get("/sites?details=yes").json().get(0).has("type")).as("only 'true' is true").isFalse();

        assertThat(c.get("/sites/sierra").json().get("id").asText()).isEqualTo("sierra");
        assertError(c.get("/sites/nowhere"), 404, null, "nowhere");
        assertThat(c.get("/sites/?pretty=true").text()).contains("\n");
    }

    @Test
    void credentialsNeverReturnTheSecret() {
        TestUser u = newUser();
        Client c = client(u);
        Client.Reply created = c.post("/credentials/sites",
                "{\"id\": \"hotel\", \"access_key\": \"AK\", \"secret_key\": \"very-secret-value\", \"key_name\": \"phantomkey\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text()).doesNotContain("very-secret-value");
        assertThat(created.json().get("secret_key").asText()).isEqualTo("********");

        assertThat(c.get("/credentials/sites").text()).doesNotContain("very-secret-value").contains("phantomkey");
        assertThat(c.get("/credentials/sites/hotel").json().get("access_key").asText()).isEqualTo("AK");

        Client.Reply overwritten = c.post("/credentials/sites",
                "{\"id\": \"hotel\", \"access_key\": \"AK2\", \"secret_key\": \"s2\", \"key_name\": \"k2\"}");
        assertThat(overwritten.status()).as("Phantom overwrites with 201").isEqualTo(201);
        assertThat(c.get("/credentials/sites").json()).hasSize(1);

        Client.Reply put = c.put("/credentials/sites/hotel",
                "{\"id\": \"hotel\", \"access_key\": \"AK3\", \"secret_key\": \"s3\", \"key_name\": \"k3\"}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("access_key").asText()).isEqualTo("AK3");
        assertError(c.put("/credentials/sites/hotel",
                "{\"id\": \"sierra\", \"access_key\": \"A\", \"secret_key\": \"s\", \"key_name\": \"k\"}"), 400, "id", "must equal");
        assertError(c.put("/credentials/sites/sierra",
                "{\"id\": \"sierra\", \"access_key\": \"A\", \"secret_key\": \"s\", \"key_name\": \"k\"}"), 404, null, "sierra");

        assertError(c.post("/credentials/sites",
                "{\"id\": \"nowhere\", \"access_key\": \"A\", \"secret_key\": \"s\", \"key_name\": \"k\"}"), 400, "id", "Unknown site");
        assertError(c.post("/credentials/sites", "{\"id\": \"hotel\", \"access_key\": \"A\", \"key_name\": \"k\"}"),
                400, "secret_key", "missing");

        assertThat(client(newUser()).get("/credentials/sites").json()).as("another user sees none").isEmpty();
        assertThat(client(newUser()).get("/credentials/sites/hotel").status()).isEqualTo(404);
        assertThat(client(newUser()).delete("/credentials/sites/hotel").status()).isEqualTo(404);

        assertThat(c.delete("/credentials/sites/hotel").status()).isEqualTo(204);
        assertThat(c.get("/credentials/sites/hotel").status()).isEqualTo(404);
    }

    @Test
    void keysAreImportedPerUserAndListedWithDetails() {
        TestUser u = newUser();
        Client c = client(u);
        Client.Reply r = c.post("/sites/hotel/sshkeys", "{\"name\": \"phantomkey\", \"key\": \"" + KEY + "\"}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("fingerprint").asText()).startsWith("SHA256:");

        c.post("/credentials/sites", "{\"id\": \"hotel\", \"access_key\": \"A\", \"secret_key\": \"s\", \"key_name\": \"phantomkey\"}");
        assertThat(c.get("/credentials/sites?details=true").json().get(0).get("available_keys").get(0).asText())
                .isEqualTo("phantomkey");
        assertThat(c.get("/credentials/sites/hotel?details=true").json().get("available_keys")).hasSize(1);

        assertError(c.post("/sites/hotel/sshkeys", "{\"name\": \"k\"}"), 400, "key", "missing");
        assertError(c.post("/sites/hotel/sshkeys", "{\"name\": \"k\", \"key\": \"not a key\"}"), 400, "key", "OpenSSH");
        assertError(c.post("/sites/hotel/sshkeys", "{\"name\": \"a/b\", \"key\": \"" + KEY + "\"}"), 400, "name", "may only");
        assertError(c.post("/sites/nowhere/sshkeys", "{\"name\": \"k\", \"key\": \"" + KEY + "\"}"), 404, null, "nowhere");
    }

    @Test
    void sensorsListTheSimulatorMetrics() {
        Client c = client(newUser());
        JsonNode sensors = c.get("/sensors").json();
        List<String> ids = new ArrayList<>();
        sensors.forEach(s -> ids.add(s.get("id").asText()));
        assertThat(ids).contains("cpu", "proc.loadavg.1min");
        assertThat(c.get("/sensors/cpu").json().get("uri").asText()).isEqualTo("/api/dev/sensors/cpu");
        assertThat(c.get("/sensors/nope").status()).isEqualTo(404);
    }
}
