package dev.specter.api;

import dev.specter.testing.Client;
import dev.specter.testing.LaunchConfigJson;
import dev.specter.testing.TestServer;
import dev.specter.testing.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** One real server per test class; each test makes its own users so tests never see each other's objects. */
abstract class ApiTestSupport {
    static TestServer server;
    private static final AtomicInteger USERS = new AtomicInteger();

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    static TestUser newUser() {
        return server.user("user" + USERS.incrementAndGet());
    }

    static Client client(TestUser u) {
        return server.client(u);
    }

    static final String TUTORIAL_LC = LaunchConfigJson.named("my_launch_config").withImage("hello-phantom.gz")
            .site("hotel", 4, 1).site("sierra", 4, 2).json();

    static final String TUTORIAL_DOMAIN = """
            {"name": "my_domain", "de_name": "multicloud", "lc_name": "my_launch_config", "vm_count": 0}
            """;

    /** Creates the tutorial LC and domain for the user and returns the domain id. */
    static String tutorialDomain(Client c) {
        assertThat(c.post("/launchconfigurations", TUTORIAL_LC).status()).isEqualTo(201);
        Client.Reply d = c.post("/domains", TUTORIAL_DOMAIN);
        assertThat(d.status()).isEqualTo(201);
        return d.json().get("id").asText();
    }

    static void assertError(Client.Reply r, int status, String fieldOrNull, String messagePart) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().path("error").asText()).as(r.toString()).contains(messagePart);
        if (fieldOrNull != null) {
            assertThat(r.json().path("field").asText()).as(r.toString()).isEqualTo(fieldOrNull);
        }
    }
}
