package dev.specter.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specter.api.Json;
import dev.specter.testing.Client;
import dev.specter.testing.Convergence;
import dev.specter.testing.LaunchConfigJson;
import dev.specter.testing.Processes;
import dev.specter.testing.SpecterProcess;
import dev.specter.testing.TestUser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After a full run at DEBUG log level, a known cloud secret, the user's password and API token
 * appear nowhere in clear: not in the database or any file of the data directory, not in the logs,
 * not in any API answer.
 */
@Tag("e2e")
class SecretsTest {
    static final String CLOUD_SECRET = "Wj8rK2pQ9sXvLmN4tY7uZ1aB3cD5eF6g";

    @TempDir
    Path data;

    @Test
    void secretsAreStoredOnlyEncryptedOrHashed() throws Exception {
        Processes.Result add = Processes.run(Processes.java("dev.specter.cli.Main", "user", "add", "sam",
                "--data", data.toString()), Map.of(), null, 60);
        JsonNode created = Json.MAPPER.readTree(add.stdout());
        String password = created.get("password").asText();
        TestUser u = new TestUser(created.get("user_id").asLong(), "sam", password, created.get("token").asText());
        List<String> answers = new ArrayList<>();
        try (SpecterProcess server = SpecterProcess.start(data, """
                control:
                  describe_interval: 200ms
                sites:
                  hotel:
                    driver: sim
                    credentials: required
                    settings:
                      boot_time: 200ms
                """, Map.of("SPECTER_LOG_LEVEL", "DEBUG"))) {
            Client c = server.client(u);
            answers.add(c.post("/credentials/sites", "{\"id\": \"hotel\", \"access_key\": \"AKIDSAM\", \"secret_key\": \""
                    + CLOUD_SECRET + "\", \"key_name\": \"samkey\"}").text());
            answers.add(c.put("/credentials/sites/hotel", "{\"id\": \"hotel\", \"access_key\": \"AKIDSAM\", "
                    + "\"secret_key\": \"" + CLOUD_SECRET + "\", \"key_name\": \"samkey\"}").text());
            answers.add(c.get("/credentials/sites?details=true").text());
            answers.add(c.get("/credentials/sites/hotel").text());
            answers.add(LaunchConfigJson.named("lc").site("hotel", -1, 1).createWith(c).text());
            String d = c.post("/domains", "{\"name\": \"d\", \"de_name\": \"multicloud\", \"lc_name\": \"lc\", "
                    + "\"vm_count\": 2}").json().get("id").asText();
            await().atMost(Duration.ofSeconds(60)).until(() -> Convergence.converged(c, d, 2));
            answers.add(c.get("/domains/" + d + "/instances").text());
            answers.add(c.get("/domains/" + d + "/activities").text());
            answers.add(server.anonymous().send("POST", "/token", "username=sam&password=" + password,
                    "application/x-www-form-urlencoded").text());
            answers.add(server.anonymous().send("POST", "/token", "username=sam&password=wrong",
                    "application/x-www-form-urlencoded").text());
            answers.add(server.anonymous().sendBytes("GET", "/domains", null, null,
                    Client.basic(Long.toString(u.id()), u.token() + "x")).text());
            c.patch("/domains/" + d, "{\"vm_count\": 0}");
            // the terminations belong to the run whose files and log are searched
            await().atMost(Duration.ofSeconds(60)).until(() -> Convergence.converged(c, d, 0));
        }
        List<String> secrets = List.of(CLOUD_SECRET, password, u.token());
        for (String answer : answers) {
            for (String s : secrets) {
                assertThat(answer).doesNotContain(s);
            }
        }
        String log = Files.readString(data.resolve("server.log"));
        assertThat(log).as("the run logged at DEBUG").contains("DEBUG");
        for (String s : secrets) {
            assertThat(log).as("log").doesNotContain(s);
        }
        try (Stream<Path> files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("server.log"))
                    .toList()) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String s : secrets) {
                    assertThat(bytes).as(f + " holds a secret in clear").doesNotContain(s);
                }
            }
        }
    }
}
