package dev.specter.control;

import dev.specter.cloud.ObservedVm;
import dev.specter.cloud.OwnershipTags;
import dev.specter.cloud.VmState;
import dev.specter.cloud.sim.SimCloud;
import dev.specter.cloud.sim.SimSettings;
import dev.specter.testing.Client;
import dev.specter.testing.Convergence;
import dev.specter.testing.LaunchConfigJson;
import dev.specter.testing.SpecterProcess;
import dev.specter.testing.TestUser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server as its own process, killed (SIGTERM, and kill -9) in the middle of scaling a domain
 * from 0 to 20 and back, then restarted on the same data: every domain converges with no VM launched
 * twice and none leaked at the simulated cloud. The moment of each kill is random (0-120 ms after the
 * change is acknowledged: the crash itself, not a wait for anything); {@code -Dspecter.crashrestart.seed}
 * replays a run's choices (each run prints its seed).
 */
@Tag("e2e")
class CrashRestartTest {
    static final int SIZE = 20;
    @TempDir
    Path data;
    final long seed = Long.getLong("specter.crashrestart.seed", System.nanoTime());
    final Random random = new Random(seed);

    @Test
    void killedMidScaleUpAndMidScaleDownItConvergesWithoutDuplicatesOrLeaks() throws Exception {
        System.out.printf("crash/restart: seed %d (replay with -Dspecter.crashrestart.seed=%d)%n", seed, seed);
        TestUser user = TestUser.addedByCli(data, "crash");
        List<String> domains = new ArrayList<>();
        int kills = 0;
        try (SpecterProcess server = SpecterProcess.start(data, """
                control:
                  resync_interval: 200ms
                  full_resync_interval: 2s
                  describe_interval: 150ms
                sites:
                  hotel:
                    driver: sim
                    credentials: none
                    settings:
                      boot_time: 300ms
                      boot_jitter: 100ms
                      api_latency: 40ms
                """, Map.of())) {
            Client c = server.client(user);
            assertThat(c.post("/launchconfigurations", LaunchConfigJson.named("lc").site("hotel", -1, 1).json())
                    .status()).isEqualTo(201);
            for (boolean kill : List.of(true, false, true, false)) {
                String d = c.post("/domains", "{\"name\": \"d" + domains.size() + "\", \"de_name\": \"multicloud\", "
                        + "\"lc_name\": \"lc\", \"vm_count\": 0}").json().get("id").asText();
                domains.add(d);
                for (int target : new int[]{SIZE, 0}) {
                    assertThat(c.patch("/domains/" + d, "{\"vm_count\": " + target + "}").status()).isEqualTo(200);
                    Thread.sleep(random.nextInt(120)); // the crash's random moment, not a wait for anything
                    if (kill) {
                        server.kill();
                    } else {
                        server.terminate();
                    }
                    kills++;
                    server.restart();
                    Client cc = server.client(user);
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                            .until(() -> Convergence.converged(cc, d, target));
                    c = cc;
                }
            }
        }

        // the cloud's own record: every VM ever created for each domain, by token
        try (SimCloud hotel = new SimCloud("hotel", SimSettings.DEFAULT, data.resolve("sim"), InstantSource.system())) {
            Map<String, List<ObservedVm>> byDomain = new HashMap<>();
            for (ObservedVm vm : hotel.all()) {
                byDomain.computeIfAbsent(vm.tag(OwnershipTags.DOMAIN), k -> new ArrayList<>()).add(vm);
            }
            for (String d : domains) {
                List<ObservedVm> vms = byDomain.getOrDefault(d, List.of());
                Set<String> tokens = new HashSet<>();
                vms.forEach(vm -> assertThat(tokens.add(vm.token())).as("token used twice: " + vm.token()).isTrue());
                assertThat(vms).as("VMs created for domain " + d + ": exactly the " + SIZE + " asked for")
                        .hasSize(SIZE);
                assertThat(vms).as("no VM left running").allSatisfy(vm -> assertThat(vm.state()).isEqualTo(VmState.TERMINATED));
            }
        }
        assertThat(kills).isEqualTo(8);
        System.out.printf("crash/restart: %d kills (4 SIGKILL, 4 SIGTERM), %d domains x %d VMs, 0 duplicates, 0 leaks%n",
                kills, domains.size(), SIZE);
    }
}
