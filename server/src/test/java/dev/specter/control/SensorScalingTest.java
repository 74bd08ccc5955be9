package dev.specter.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specter.cloud.ObservedVm;
import dev.specter.cloud.OwnershipTags;
import dev.specter.cloud.VmState;
import dev.specter.cloud.sim.SimCloud;
import dev.specter.testing.Client;
import dev.specter.testing.Convergence;
import dev.specter.testing.LaunchConfigJson;
import dev.specter.testing.TestServer;
import dev.specter.testing.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sensor domain on the embedded default, driven by the simulated cloud's synthetic load: the
 * domain's load rises then falls, and the domain grows to its maximum and shrinks back to its
 * minimum, never leaving its bounds, each decision recorded with the average that caused it. How soon
 * it reacts is measured by {@code bench/run sensor}, not asserted here.
 */
@Tag("e2e")
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
    void aSensorDomainFollowsTheLoadUpToItsMaximumAndBackToItsMinimum() {
        Client c = server.client(user);
        // the whole domain's load, split over its running VMs: 0.5 at first, 20 from 2 s, 0.2 from 16 s
        LaunchConfigJson.named("worker").site("hotel", -1, 1)
                .userData("#!/bin/sh\n# specter-sim-load: domain steps 0s=0.5 2s=20 16s=0.2\n").createWith(c);
        Client.Reply domain = c.post("/domains", """
                {"name": "elastic", "de_name": "sensor", "lc_name": "worker", "sensor_metric": "proc.loadavg.1min",
                 "sensor_minimum_vms": 1, "sensor_maximum_vms": 5, "sensor_scale_up_threshold": 1.0,
                 "sensor_scale_up_vms": 1, "sensor_scale_down_threshold": 0.3, "sensor_scale_down_vms": 1,
                 "sensor_cooldown": 2, "metric_sample_window": 2, "metric_evaluation_period": 1}""");
        assertThat(domain.status()).as(domain.toString()).isEqualTo(201);
        String id = domain.json().get("id").asText();

        // every launch call is seen as it arrives: what the site then holds for the domain, plus the batch
        SimCloud hotel = server.sim("hotel");
        AtomicInteger most = new AtomicInteger();
        hotel.watchLaunches(batch -> most.accumulateAndGet(live(hotel, id) + batch.vms().size(), Math::max));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> Convergence.running(c, id).size() == 5);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> Convergence.converged(c, id, 1));
        assertThat(most.get()).as("never above the maximum").isLessThanOrEqualTo(5);
        List<ObservedVm> ever = hotel.all().stream().filter(vm -> id.equals(vm.tag(OwnershipTags.DOMAIN))).toList();
        assertThat(ever).as("one VM per step up, none replaced: never below the minimum once running").hasSize(5);

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

        // the load rose 2 s after the domain's first VM launched: the first step up answers the rise
        Instant rise = hotel.presence(id).firstLaunch().plusSeconds(2);
        assertThat(Instant.parse(scales.getFirst().get("time").asText())).as("first scale-up after the load rose")
                .isAfter(rise);
    }

    /** The domain's VMs at the site that are not terminated. */
    static int live(SimCloud site, String domainId) {
        return (int) site.all().stream().filter(vm -> domainId.equals(vm.tag(OwnershipTags.DOMAIN)))
                .filter(vm -> vm.state() != VmState.TERMINATED).count();
    }
}
