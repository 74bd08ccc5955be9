package dev.specter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specter.api.Json;
import dev.specter.testing.Client;
import dev.specter.testing.Processes;
import dev.specter.testing.TestServer;
import dev.specter.user.manage.Accounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The CLI in its own JVM, on the data directory of a server that is running. */
@Tag("e2e")
class CliTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Processes.Result cli(String... args) {
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--data";
        full[args.length + 1] = server.dataDir().toString();
        return Processes.run(Processes.java("dev.specter.cli.Main", full), Map.of(), null, 60);
    }

    @Test
    void userAddWorksWhileServeRunsOnTheSameData() throws Exception {
        Processes.Result add = cli("user", "add", "carol", "--password", "carol-password");
        assertThat(add.exitCode()).as(add.stderr()).isZero();
        String[] lines = add.stdout().strip().split("\n");
        assertThat(lines).as("exactly one JSON line").hasSize(1);
        JsonNode created = Json.MAPPER.readTree(lines[0]);
        long userId = created.get("user_id").asLong();
        assertThat(created.get("username").asText()).isEqualTo("carol");
        assertThat(created.get("token").asText()).hasSize(24);
        assertThat(created.has("password")).isFalse();

        Client.Reply login = server.anonymous().send("POST", "/token", "username=carol&password=carol-password",
                "application/x-www-form-urlencoded");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().get("user").asLong()).isEqualTo(userId);
        String token = login.json().get("token").asText();
        assertThat(get("/sites", userId, token)).isEqualTo(200);
        assertThat(get("/sites", userId, created.get("token").asText())).isEqualTo(200);

        Processes.Result rotate = cli("user", "token", "carol", "--rotate");
        assertThat(rotate.exitCode()).as(rotate.stderr()).isZero();
        String rotated = Json.MAPPER.readTree(rotate.stdout()).get("token").asText();
        // another process revoked it: this server stops believing its memory of the token within the recheck interval
        await().atMost(Accounts.TOKEN_RECHECK.plusSeconds(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> get("/sites", userId, token) == 403);
        assertThat(get("/sites", userId, rotated)).isEqualTo(200);

        Processes.Result list = cli("user", "list");
        assertThat(list.stdout()).contains("\"username\":\"carol\"");
    }

    @Test
    void generatedPasswordsArePrinted() throws Exception {
        Processes.Result add = cli("user", "add", "dave");
        JsonNode created = Json.MAPPER.readTree(add.stdout());
        assertThat(created.get("password").asText()).hasSizeGreaterThanOrEqualTo(16);
        Client.Reply login = server.anonymous().send("POST", "/token",
                "username=dave&password=" + created.get("password").asText(), "application/x-www-form-urlencoded");
        assertThat(login.status()).isEqualTo(200);
    }

    @Test
    void errorsAreReportedWithoutStackTraces() {
        Processes.Result dup = cli("user", "add", "erin", "--password", "erin-password");
        assertThat(dup.exitCode()).isZero();
        Processes.Result again = cli("user", "add", "erin", "--password", "erin-password");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.stderr()).contains("already exists").doesNotContain("at dev.specter");
        assertThat(cli("user", "add", "42", "--password", "whatever-pw").stderr()).contains("all digits");
        assertThat(cli("user", "token", "nobody").stderr()).contains("no user named 'nobody'");
    }

    @Test
    void migrateAndVersion() {
        assertThat(cli("migrate").stdout()).contains("up to date");
        Processes.Result v = Processes.run(Processes.java("dev.specter.cli.Main", "version"), Map.of(), null, 30);
        assertThat(v.stdout()).startsWith("specter ");
    }

    @Test
    void aBadConfigFileNamesTheKey() throws Exception {
        Path cfg = server.dataDir().resolve("bad.yaml");
        java.nio.file.Files.writeString(cfg, "http:\n  port: nope\n");
        Processes.Result r = Processes.run(Processes.java("dev.specter.cli.Main", "serve", "--config", cfg.toString()),
                Map.of(), null, 30);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("'http.port'");
    }

    private static int get(String path, long user, String token) {
        return server.anonymous().sendBytes("GET", path, null, null, Client.basic(Long.toString(user), token)).status();
    }
}
