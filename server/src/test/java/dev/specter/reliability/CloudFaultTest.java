package dev.specter.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specter.cloud.OwnershipTags;
import dev.specter.cloud.sim.SimFaults;
import dev.specter.reconcile.ControlSettings;
import dev.specter.testing.Client;
import dev.specter.testing.TestServer;
import dev.specter.testing.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults at one site (hotel), injected through the simulator while other domains keep changing:
 * domains on healthy sites keep their reaction time (at most twice the fault-free figure), the
 * failing site's share overflows to the next rank, and once it recovers new VMs go back to it.
 * Outage length is {@code -Dspecter.fault.outage=60s} in soak runs (6 s in CI).
 */
class CloudFaultTest {
    static final Duration OUTAGE = Duration.parse("PT" + System.getProperty("specter.fault.outage", "6s").toUpperCase());
    static TestServer server;
    static Client c;
    static final List<String> healthy = new ArrayList<>();
    static final List<String> noisy = new ArrayList<>();
    static final Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();
    static final Map<String, Integer> sizes = new ConcurrentHashMap<>();
    static double[] baseline;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(cfg -> {
            var fast = TestServer.fast(cfg);
            return fast.withControl(fast.control().withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(4)));
        });
        TestUser u = server.user("faults");
        c = server.client(u);
        lc("healthy_lc", "\"sierra\": " + site(-1, 1));
        lc("overflow_lc", "\"hotel\": " + site(-1, 1) + ", \"alamo\": " + site(-1, 2));
        for (int i = 0; i < 5; i++) {
            healthy.add(domain("healthy" + i, "healthy_lc"));
            noisy.add(domain("noisy" + i, "overflow_lc"));
        }
        server.sim("sierra").watchLaunches(batch -> {
            CountDownLatch l = waiting.get(batch.vms().getFirst().tags().get(OwnershipTags.DOMAIN));
            if (l != null) {
                l.countDown();
            }
        });
        reaction(30); // warm-up
        baseline = reaction(60);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String site(int max, int rank) {
        return "{\"image_id\": \"img\", \"instance_type\": \"m1.small\", \"max_vms\": " + max
                + ", \"common\": true, \"rank\": " + rank + "}";
    }

    static void lc(String name, String sites) {
        assertThat(c.post("/launchconfigurations", "{\"name\": \"" + name + "\", \"cloud_params\": {" + sites + "}}")
                .status()).isEqualTo(201);
    }

    static String domain(String name, String lc) {
        sizes.put(name, 0);
        return c.post("/domains", "{\"name\": \"" + name + "\", \"de_name\": \"multicloud\", \"lc_name\": \"" + lc
                + "\", \"vm_count\": 0}").json().get("id").asText();
    }

    /**
     * Over {@code n} changes of healthy domains: p50 and p99 (ms) from sending the PATCH to the launch
     * call at sierra, then p50 and p99 from its reply (0 when the launch came first).
     */
    static double[] reaction(int n) throws InterruptedException {
        double[] ms = new double[n];
        double[] fromReply = new double[n];
        for (int k = 0; k < n; k++) {
            String id = healthy.get(k % healthy.size());
            int size = sizes.merge(id, 1, Integer::sum);
            CountDownLatch latch = new CountDownLatch(1);
            waiting.put(id, latch);
            long sent = System.nanoTime();
            assertThat(c.patch("/domains/" + id, "{\"vm_count\": " + size + "}").status()).isEqualTo(200);
            long replied = System.nanoTime();
            assertThat(latch.await(20, TimeUnit.SECONDS)).as("launch for a healthy domain").isTrue();
            long launched = System.nanoTime();
            ms[k] = (launched - sent) / 1e6;
            fromReply[k] = Math.max(0, launched - replied) / 1e6;
            waiting.remove(id);
            Thread.sleep(10);
        }
        Arrays.sort(ms);
        Arrays.sort(fromReply);
        int p99 = (int) Math.ceil(n * 0.99) - 1;
        return new double[]{ms[n / 2], ms[p99], fromReply[n / 2], fromReply[p99]};
    }

    /** Keeps the noisy domains (hotel first, alamo second) scaling up and down while {@code work} runs. */
    static void withNoise(ThrowingRunnable work) throws Exception {
        AtomicBoolean on = new AtomicBoolean(true);
        Thread noise = Thread.ofVirtual().start(() -> {
            int k = 0;
            while (on.get()) {
                String id = noisy.get(k % noisy.size());
                c.patch("/domains/" + id, "{\"vm_count\": " + (k / noisy.size() % 2 == 0 ? 2 : 0) + "}");
                k++;
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            work.run();
        } finally {
            on.set(false);
            noise.join();
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    static Map<String, Integer> running(String domainId) {
        Map<String, Integer> out = new TreeMap<>();
        for (JsonNode i : c.get("/domains/" + domainId + "/instances").json()) {
            if (i.get("lifecycle_state").asText().equals("600-RUNNING")) {
                out.merge(i.get("site").asText(), 1, Integer::sum);
            }
        }
        return out;
    }

    static int total(Map<String, Integer> m) {
        return m.values().stream().mapToInt(Integer::intValue).sum();
    }

    record Fault(String name, Consumer<SimFaults> inject, boolean backsOff, Duration converge) {
    }

    @TestFactory
    List<DynamicTest> faultsAtOneSite() {
        List<Fault> faults = List.of(
                new Fault("30% launch errors", f -> f.launchFailureRate(0.3), false, Duration.ofSeconds(30)),
                new Fault("throttling (2 calls/s)", f -> f.maxCallsPerSecond(2), false, Duration.ofSeconds(30)),
                new Fault("5 s API latency", f -> f.latency(Duration.ofSeconds(5)), false, Duration.ofSeconds(40)),
                new Fault("site down", f -> f.down(true), true, Duration.ofSeconds(30)),
                new Fault("boot failures (100%)", f -> f.bootFailureRate(1), true, Duration.ofSeconds(30)));
        List<DynamicTest> tests = new ArrayList<>();
        for (Fault fault : faults) {
            tests.add(DynamicTest.dynamicTest(fault.name(), () -> {
                String probe = domain("probe-" + fault.name().replaceAll("[^a-z0-9]", ""), "overflow_lc");
                withNoise(() -> {
                    fault.inject().accept(server.sim("hotel").faults());
                    long faultStart = System.nanoTime();
                    double[] faulted = reaction(40);
                    if (faulted[1] > 2 * Math.max(baseline[1], 20.0)) {
                        // one slow sample among 40 is the p99; on two shared cores a GC or JIT pause can
                        // make it. A real stall repeats, so measure once more before judging.
                        System.out.printf("fault [%s]: p99 %.2f ms, measuring again%n", fault.name(), faulted[1]);
                        faulted = reaction(40);
                    }
                    System.out.printf("fault [%s]: healthy-site reaction, PATCH sent -> launch p50 %.2f / p99 %.2f ms, "
                                    + "reply -> launch p50 %.2f / p99 %.2f ms; fault-free %.2f / %.2f and %.2f / %.2f%n",
                            fault.name(), faulted[0], faulted[1], faulted[2], faulted[3], baseline[0], baseline[1],
                            baseline[2], baseline[3]);
                    // twice the fault-free figure; below a few ms the scheduler's noise dominates, hence the floors
                    assertThat(faulted[0]).as("p50 under fault vs fault-free")
                            .isLessThanOrEqualTo(2 * Math.max(baseline[0], 5.0));
                    assertThat(faulted[1]).as("p99 under fault vs fault-free")
                            .isLessThanOrEqualTo(2 * Math.max(baseline[1], 20.0));

                    c.patch("/domains/" + probe, "{\"vm_count\": 4}");
                    await().atMost(fault.converge()).pollInterval(Duration.ofMillis(100))
                            .until(() -> total(running(probe)) == 4);
                    Map<String, Integer> during = running(probe);
                    if (fault.backsOff()) {
                        assertThat(during).as("overflowed to the next rank").containsEntry("alamo", 4);
                    }
                    long elapsed = (System.nanoTime() - faultStart) / 1_000_000;
                    if (fault.name().equals("site down") && elapsed < OUTAGE.toMillis()) {
                        Thread.sleep(OUTAGE.toMillis() - elapsed);
                    }
                    server.sim("hotel").faults().clear();
                    Thread.sleep(4500); // the longest back-off in this test
                    c.patch("/domains/" + probe, "{\"vm_count\": 8}");
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                            .until(() -> total(running(probe)) == 8);
                    Map<String, Integer> after = running(probe);
                    assertThat(after.getOrDefault("hotel", 0) - during.getOrDefault("hotel", 0))
                            .as("after recovery new VMs go to the better site: " + during + " -> " + after)
                            .isEqualTo(4);
                    System.out.printf("fault [%s]: placement under fault %s, after recovery %s%n", fault.name(),
                            during, after);
                });
                c.patch("/domains/" + probe, "{\"vm_count\": 0}");
            }));
        }
        return tests;
    }
}
