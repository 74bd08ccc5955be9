package dev.specter.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specter.cloud.ObservedVm;
import dev.specter.cloud.VmState;
import dev.specter.cloud.sim.SimCloud;
import dev.specter.testing.Client;
import dev.specter.testing.SpecterProcess;
import dev.specter.testing.TestUser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM while a launch call is in flight: the server stops within 10 s, either finishing the call
 * (a 2 s cloud) or abandoning it (a 20 s cloud), and after a restart the domain converges with every
 * VM launched once.
 */
class GracefulShutdownTest {
    @TempDir
    Path data;

    @ParameterizedTest(name = "cloud latency {0}")
    @ValueSource(strings = {"2s", "20s"})
    void sigtermDuringALaunchExitsInTimeAndLosesNothing(String latency) throws Exception {
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
                      api_timeout: 60s
                """.formatted(latency), Map.of())) {
            Client c = server.client(u);
            c.post("/launchconfigurations", """
                    {"name": "lc", "cloud_params": {"hotel": {"image_id": "img", "instance_type": "m1.small",
                     "max_vms": -1, "common": true, "rank": 1}}}""");
            String d = c.post("/domains", "{\"name\": \"d\", \"de_name\": \"multicloud\", \"lc_name\": \"lc\", "
                    + "\"vm_count\": 5}").json().get("id").asText();
            Thread.sleep(700);
            Duration exit = server.stop(false);
            assertThat(exit).as("exit after SIGTERM").isLessThan(Duration.ofSeconds(10));
            // the cloud recovers: the restart resolves what the stop left open without waiting on it
            java.nio.file.Files.writeString(data.resolve("specter.yaml"), java.nio.file.Files.readString(
                    data.resolve("specter.yaml")).replace("api_latency: " + latency, "api_latency: 0ms"));

            server.restart();
            Client again = server.client(u);
            assertThat(again.get("/domains/" + d).json().get("vm_count").asInt()).isEqualTo(5);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                long running = 0;
                for (JsonNode i : again.get("/domains/" + d + "/instances").json()) {
                    String s = i.get("lifecycle_state").asText();
                    if (s.equals("600-RUNNING")) {
                        running++;
                    } else if (!s.startsWith("8") && !s.startsWith("9")) {
                        return false;
                    }
                }
                return running == 5;
            });
            System.out.printf("graceful shutdown with a %s cloud: exited in %d ms%n", latency, exit.toMillis());
        }
        List<ObservedVm> vms = SimCloud.inspect(data.resolve("sim"), "hotel", InstantSource.system());
        assertThat(vms.stream().filter(vm -> vm.state() != VmState.TERMINATED)).as("exactly the 5 asked for").hasSize(5);
        assertThat(vms).as("each token made one VM").extracting(ObservedVm::token).doesNotHaveDuplicates();
    }
}
