package dev.specter.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specter.testing.Client;
import dev.specter.testing.TestServer;
import dev.specter.testing.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sensor domain on the embedded default, driven by the simulated cloud's synthetic load: the
 * domain's load rises then falls, and the domain grows to its maximum and shrinks back to its
 * minimum, never leaving its bounds, each decision recorded with the average that caused it.
 */
class SensorScalingTest {
    static TestServer server;
    static TestUser user;

    @BeforeAll
    static void start() {
        server = TestServer.fast();
        user = server.user("sensing");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aSensorDomainFollowsTheLoadUpToItsMaximumAndBackToItsMinimum() throws Exception {
        Client c = server.client(user);
        // the whole domain's load, split over its running VMs: 0.5 at first, 20 from 2 s, 0.2 from 16 s
        String userData = "#!/bin/sh\\n# specter-sim-load: domain steps 0s=0.5 2s=20 16s=0.2\\n";
        assertThat(c.post("/launchconfigurations", """
                {"name": "worker", "cloud_params": {"hotel": {"image_id": "img", "instance_type": "m1.small",
                 "max_vms": -1, "common": true, "rank": 1, "user_data": "%s"}}}""".formatted(userData)).status())
                .isEqualTo(201);
        Instant created = Instant.now();
        Client.Reply domain = c.post("/domains", """
                {"name": "elastic", "de_name": "sensor", "lc_name": "worker", "sensor_metric": "proc.loadavg.1min",
                 "sensor_minimum_vms": 1, "sensor_maximum_vms": 5, "sensor_scale_up_threshold": 1.0,
                 "sensor_scale_up_vms": 1, "sensor_scale_down_threshold": 0.3, "sensor_scale_down_vms": 1,
                 "sensor_cooldown": 2, "metric_sample_window": 2, "metric_evaluation_period": 1}""");
        assertThat(domain.status()).as(domain.toString()).isEqualTo(201);
        String id = domain.json().get("id").asText();

        AtomicBoolean watching = new AtomicBoolean(true);
        AtomicInteger most = new AtomicInteger();
        AtomicInteger fewestOnceUp = new AtomicInteger(Integer.MAX_VALUE);
        List<String> timeline = new ArrayList<>();
        Instant[] firstTwoRunning = new Instant[1];
        Thread watcher = Thread.ofVirtual().start(() -> {
            boolean up = false;
            while (watching.get()) {
                int healthy = 0;
                int running = 0;
                for (JsonNode i : c.get("/domains/" + id + "/instances").json()) {
                    String state = i.get("lifecycle_state").asText();
                    if (state.compareTo("650") < 0) {
                        healthy++;
                    }
                    if (state.equals("600-RUNNING")) {
                        running++;
                    }
                }
                most.accumulateAndGet(healthy, Math::max);
                up |= running >= 1;
                if (up) {
                    fewestOnceUp.accumulateAndGet(healthy, Math::min);
                }
                if (running >= 2 && firstTwoRunning[0] == null) {
                    firstTwoRunning[0] = Instant.now();
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> running(c, id) == 5);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> running(c, id) == 1 && live(c, id) == 1);
        } finally {
            watching.set(false);
            watcher.join();
        }
        assertThat(most.get()).as("never above the maximum").isLessThanOrEqualTo(5);
        assertThat(fewestOnceUp.get()).as("never below the minimum once running").isGreaterThanOrEqualTo(1);

        List<JsonNode> scales = new ArrayList<>();
        c.get("/domains/" + id + "/activities?limit=1000").json().forEach(a -> {
            if (a.get("action").asText().equals("scale")) {
                scales.add(a);
            }
        });
        scales.sort((a, b) -> a.get("time").asText().compareTo(b.get("time").asText()));
        List<String> causes = scales.stream().map(a -> a.get("cause").asText()).toList();
        assertThat(causes).filteredOn(s -> s.contains("is above 1")).hasSize(4)
                .allSatisfy(s -> assertThat(s).matches("average proc\\.loadavg\\.1min [0-9.]+ over \\d of \\d "
                        + "instances? is above 1: \\d -> \\d.*"));
        assertThat(causes).filteredOn(s -> s.contains("is below 0.3")).hasSize(4);
        assertThat(causes.getFirst()).contains("1 -> 2");
        assertThat(causes.getLast()).contains("2 -> 1");

        // the timeline of the first step: the load rose 2 s after the domain's first VM launched
        Instant firstLaunch = server.sim("hotel").presence(id).firstLaunch();
        Instant rise = firstLaunch.plusSeconds(2);
        Instant decided = Instant.parse(scales.getFirst().get("time").asText());
        timeline.add(String.format("domain created -> first VM launched %d ms", Duration.between(created,
                firstLaunch).toMillis()));
        timeline.add(String.format("load rose -> scale-up decided %d ms", Duration.between(rise, decided).toMillis()));
        timeline.add(String.format("decided -> second VM running %d ms (polled every 50 ms; boot takes ~200 ms)",
                Duration.between(decided, firstTwoRunning[0]).toMillis()));
        timeline.add(String.format("load rose -> 5 running, load fell -> back to 1: see activities (%d decisions)",
                scales.size()));
        System.out.println("sensor timeline: " + String.join("; ", timeline));
        assertThat(Duration.between(rise, decided)).as("decided within two evaluation periods and a window")
                .isLessThan(Duration.ofSeconds(5));
    }

    static int running(Client c, String id) {
        int n = 0;
        for (JsonNode i : c.get("/domains/" + id + "/instances").json()) {
            n += i.get("lifecycle_state").asText().equals("600-RUNNING") ? 1 : 0;
        }
        return n;
    }

    static int live(Client c, String id) {
        int n = 0;
        for (JsonNode i : c.get("/domains/" + id + "/instances").json()) {
            n += i.get("lifecycle_state").asText().compareTo("800") < 0 ? 1 : 0;
        }
        return n;
    }
}
