package dev.specter.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specter.activity.Activity;
import dev.specter.testing.Client;
import dev.specter.testing.LaunchConfigJson;
import dev.specter.testing.TestServer;
import dev.specter.testing.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * retention.activities from a configuration file, through the server's own janitor (run on demand
 * rather than waited for), as the API lists the history afterwards. The server's clock is the
 * system's: the activities are days on either side of the cutoff.
 */
class ActivityRetentionServerTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("""
                retention:
                  activities:
                    max_age: 30d
                    max_per_domain: 5
                """, c -> c);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String domain(Client c, String name) {
        return c.post("/domains", "{\"name\": \"" + name + "\", \"de_name\": \"multicloud\", \"lc_name\": \"lc\", "
                + "\"vm_count\": 0}").json().get("id").asText();
    }

    static void append(TestUser u, String domainId, Instant at, String cause) {
        server.server().store().activities().append(Activity.of(domainId, u.id(), at, "launch", cause, "launched",
                "ok", "hotel", 1));
    }

    static List<String> causes(JsonNode activities) {
        List<String> out = new ArrayList<>();
        activities.forEach(a -> out.add(a.get("cause").asText()));
        return out;
    }

    @Test
    void oldActivitiesAndThoseBeyondTheCapDisappearAndTheListingPagesOverTheRest() {
        TestUser u = server.user("alice");
        Client c = server.client(u);
        LaunchConfigJson.named("lc").site("hotel", -1, 1).createWith(c);
        String busy = domain(c, "busy");
        String quiet = domain(c, "quiet");
        Instant now = Instant.now();
        for (int i = 0; i < 3; i++) {
            append(u, busy, now.minus(Duration.ofDays(40)).plusSeconds(i), "busy old " + i);
            append(u, quiet, now.minus(Duration.ofDays(40)).plusSeconds(i), "quiet old " + i);
        }
        for (int i = 0; i < 8; i++) {
            append(u, busy, now.minus(Duration.ofDays(1)).plusSeconds(i), "busy " + i);
        }
        append(u, quiet, now.minus(Duration.ofDays(1)), "quiet recent");
        assertThat(c.get("/domains/" + busy + "/activities").json()).hasSize(11);

        server.server().control().janitor();

        JsonNode all = c.get("/domains/" + busy + "/activities").json();
        assertThat(causes(all)).containsExactly("busy 7", "busy 6", "busy 5", "busy 4", "busy 3");
        assertThat(causes(c.get("/domains/" + quiet + "/activities").json())).containsExactly("quiet recent");
        Client.Reply first = c.get("/domains/" + busy + "/activities?limit=2");
        assertThat(first.status()).isEqualTo(200);
        assertThat(causes(first.json())).containsExactly("busy 7", "busy 6");
        long before = first.json().get(1).get("id").asLong();
        assertThat(causes(c.get("/domains/" + busy + "/activities?limit=2&before=" + before).json()))
                .containsExactly("busy 5", "busy 4");
    }
}
