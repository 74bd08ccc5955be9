package dev.specter.reliability;

import dev.specter.cloud.ObservedVm;
import dev.specter.cloud.VmState;
import dev.specter.cloud.sim.SimCloud;
import dev.specter.testing.Client;
import dev.specter.testing.Convergence;
import dev.specter.testing.LaunchConfigJson;
import dev.specter.testing.SpecterProcess;
import dev.specter.testing.TestUser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM while a launch call is at the cloud: the server exits by itself, whether the call ends
 * within its shutdown grace (a 2 s cloud) or never ends (a cloud whose calls hang: the shutdown
 * abandons them), and after a restart on a cloud that answers again the domain converges with every
 * VM launched once, none leaked. How long the exit takes depends on the machine and is not asserted;
 * a server still running a minute after SIGTERM has hung, and fails the test.
 */
@Tag("e2e")
class GracefulShutdownTest {
    /** The JVM's exit status after SIGTERM once its shutdown hooks have run to their end. */
    static final int EXITED_ON_SIGTERM = 143;

    @TempDir
    Path data;

    @ParameterizedTest(name = "cloud latency {0}")
    @ValueSource(strings = {"2s", "1h"})
    void sigtermDuringALaunchExitsAndTheRestartResolvesTheCall(String latency) throws Exception {
        TestUser u = TestUser.addedByCli(data, "grace");
        try (SpecterProcess server = SpecterProcess.start(data, """
                control:
                  describe_interval: 200ms
                  resync_interval: 200ms
                  full_resync_interval: 2s
                sites:
                  hotel:
                    driver: sim
                    credentials: none
                    settings:
                      boot_time: 200ms
                      api_latency: %s
                      api_timeout: 2h
                """.formatted(latency), Map.of())) {
            Client c = server.client(u);
            LaunchConfigJson.named("lc").site("hotel", -1, 1).createWith(c);
            String d = c.post("/domains", "{\"name\": \"d\", \"de_name\": \"multicloud\", \"lc_name\": \"lc\", "
                    + "\"vm_count\": 5}").json().get("id").asText();
            // REQUESTED is committed just before the launch call goes out: from then on it is at the cloud
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> c.get("/domains/" + d + "/instances").json().findValuesAsText("lifecycle_state")
                            .stream().filter(s -> s.equals("200-REQUESTED")).count() == 5);

            assertThat(server.terminate()).as("exit status after SIGTERM: the server stopped by itself")
                    .isEqualTo(EXITED_ON_SIGTERM);

            // the cloud answers again: the restart settles what the stop left open
            Path config = data.resolve("specter.yaml");
            Files.writeString(config, Files.readString(config).replace("api_latency: " + latency, "api_latency: 0ms"));
            server.restart();
            Client again = server.client(u);
            assertThat(again.get("/domains/" + d).json().get("vm_count").asInt()).isEqualTo(5);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Convergence.converged(again, d, 5));
        }
        List<ObservedVm> vms = SimCloud.inspect(data.resolve("sim"), "hotel", InstantSource.system());
        assertThat(vms.stream().filter(vm -> vm.state() != VmState.TERMINATED)).as("exactly the 5 asked for").hasSize(5);
        assertThat(vms).as("each token made one VM").extracting(ObservedVm::token).doesNotHaveDuplicates();
    }
}
