package dev.specter.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specter.testing.Client;
import dev.specter.testing.Processes;
import dev.specter.testing.TestServer;
import dev.specter.testing.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Python 3 port of Phantom's tutorial decision engine, unchanged in its requests, against fast sim sites. */
@Tag("e2e")
class TutorialClientTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.fast();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    Processes.Result tutorial(TestUser u, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("USER_ID", Long.toString(u.id()), "TOKEN", u.token(),
                "PHANTOM_URL", server.apiUrl(), "SLEEP_SCALE", "0.01", "CHECK", "1"));
        env.putAll(extra);
        return Processes.run(List.of("python3", Processes.python("de_tutorial.py").toString()), env, null, 180);
    }

    @Test
    void withFourPerSiteAllFourRunOnHotel() {
        TestUser u = server.user("tutorial4");
        Processes.Result r = tutorial(u, Map.of("MAX_VMS", "4", "EXPECT", "hotel:4"));
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("Creating launch config 'my_launch_config'", "Creating domain my_domain",
                "set my_domain vm_count to 4", "placement {'hotel': 4} as expected", "set my_domain vm_count back to 0");
        assertAllTerminatedAtTheSimCloud(u);

        Processes.Result again = tutorial(u, Map.of("MAX_VMS", "4", "EXPECT", "hotel:4"));
        assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
        assertThat(again.stdout()).contains("Launch config 'my_launch_config' has already been added, skipping...");
    }

    @Test
    void withTwoPerSiteTheyOverflowToSierra() {
        TestUser u = server.user("tutorial2");
        Processes.Result r = tutorial(u, Map.of("MAX_VMS", "2", "EXPECT", "hotel:2,sierra:2"));
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("placement {'hotel': 2, 'sierra': 2} as expected");
        assertAllTerminatedAtTheSimCloud(u);
    }

    private void assertAllTerminatedAtTheSimCloud(TestUser u) {
        Client c = server.client(u);
        JsonNode domain = c.get("/domains").json().get(0);
        List<String> tokens = new java.util.ArrayList<>();
        c.get("/domains/" + domain.get("id").asText() + "/instances").json().forEach(i -> {
            assertThat(i.get("lifecycle_state").asText()).isEqualTo("800-TERMINATED");
            tokens.add(i.get("id").asText());
        });
        assertThat(tokens).isNotEmpty();
        for (String site : List.of("hotel", "sierra")) {
            server.sim(site).all().stream().filter(vm -> tokens.contains(vm.token()))
                    .forEach(vm -> assertThat(vm.state()).as(vm.toString()).isEqualTo(dev.specter.cloud.VmState.TERMINATED));
        }
    }
}
