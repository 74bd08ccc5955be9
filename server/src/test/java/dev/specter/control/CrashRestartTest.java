package dev.specter.control;

import dev.specter.cloud.ObservedVm;
import dev.specter.cloud.OwnershipTags;
import dev.specter.cloud.VmState;
import dev.specter.cloud.sim.SimCloud;
import dev.specter.cloud.sim.SimSettings;
import dev.specter.testing.Client;
import dev.specter.testing.Convergence;
import dev.specter.testing.Processes;
import dev.specter.testing.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server as its own process, killed (SIGTERM, and kill -9) in the middle of scaling a domain
 * from 0 to 20 and back, then restarted on the same data: every domain converges with no VM launched
 * twice and none leaked at the simulated cloud.
 */
class CrashRestartTest {
    static final int SIZE = 20;
    @TempDir
    Path data;
    Process server;
    int port;
    final Random random = new Random();

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    void startServer() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Processes.java("dev.specter.cli.Main", "serve", "--port",
                Integer.toString(port), "--data", data.toString(), "--config", data.resolve("specter.yaml").toString()));
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("server.log").toFile()));
        server = pb.start();
        Client probe = new Client.Anonymous("http://127.0.0.1:" + port + "/api/dev").client();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> probe.get("/sites").status() == 403);
    }

    /** Stops the server: SIGTERM (graceful) or SIGKILL (kill -9). */
    void stopServer(boolean kill) throws InterruptedException {
        if (kill) {
            server.destroyForcibly();
        } else {
            server.destroy();
        }
        assertThat(server.waitFor(15, TimeUnit.SECONDS)).as("server exited").isTrue();
    }

    @Test
    void killedMidScaleUpAndMidScaleDownItConvergesWithoutDuplicatesOrLeaks() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(data.resolve("specter.yaml"), """
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
                """);
        TestUser user = TestUser.addedByCli(data, "crash");
        startServer();
        Client c = client(user);
        assertThat(c.post("/launchconfigurations", """
                {"name": "lc", "cloud_params": {"hotel": {"image_id": "img", "instance_type": "m1.small",
                 "max_vms": -1, "common": true, "rank": 1}}}""").status()).isEqualTo(201);

        List<String> domains = new ArrayList<>();
        int kills = 0;
        for (boolean kill : List.of(true, false, true, false)) {
            String d = c.post("/domains", "{\"name\": \"d" + domains.size() + "\", \"de_name\": \"multicloud\", "
                    + "\"lc_name\": \"lc\", \"vm_count\": 0}").json().get("id").asText();
            domains.add(d);
            for (int target : new int[]{SIZE, 0}) {
                assertThat(c.patch("/domains/" + d, "{\"vm_count\": " + target + "}").status()).isEqualTo(200);
                Thread.sleep(random.nextInt(120));
                stopServer(kill);
                kills++;
                startServer();
                c = client(user);
                Client cc = c;
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> Convergence.converged(cc, d, target));
            }
        }
        stopServer(false);

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

    /** The domain runs exactly {@code target} VMs and nothing is in motion. */
    Client client(TestUser u) {
        return new Client.Anonymous("http://127.0.0.1:" + port + "/api/dev").as(u);
    }
}
