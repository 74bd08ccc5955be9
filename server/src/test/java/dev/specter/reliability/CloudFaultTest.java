package dev.specter.reliability;

import dev.specter.cloud.sim.SimCloud;
import dev.specter.cloud.sim.SimFaults;
import dev.specter.engine.SiteHealth;
import dev.specter.testing.Client;
import dev.specter.testing.Convergence;
import dev.specter.testing.LaunchConfigJson;
import dev.specter.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults at one site (hotel), injected through the simulator while other domains keep changing on
 * it: domains on a healthy site (sierra) still converge to every new size, even while hotel's calls
 * hang; a domain ranked hotel > alamo reaches its size, on alamo where the fault takes hotel out;
 * and once hotel recovers, new VMs go back to it. How much a fault slows the healthy site's reaction
 * is a figure, not a property of any machine: {@code bench/run faults} measures it. The outage lasts
 * {@code -Dspecter.fault.outage=60s} in soak runs (6 s in CI).
 */
@Tag("e2e")
class CloudFaultTest {
    static final Duration OUTAGE = Duration.parse("PT" + System.getProperty("specter.fault.outage", "6s").toUpperCase());
    /** Long past any test: a call into it is answered only when the gateway abandons it. */
    static final Duration FOREVER = Duration.ofDays(1);
    static final Duration CONVERGE = Duration.ofSeconds(90);
    static TestServer server;
    static Client c;
    static final List<String> healthy = new ArrayList<>();
    static final List<String> noisy = new ArrayList<>();
    static final Map<String, Integer> sizes = new HashMap<>();

    @BeforeAll
    static void start() {
        server = TestServer.start(cfg -> {
            var fast = TestServer.fast(cfg);
            // hotel abandons a call after 2 s, so that a hang there ends in a timeout the control loop acts on
            return fast.withControl(fast.control().withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(4)))
                    .withSites(fast.sites().stream().map(s -> !s.name().equals("hotel") ? s
                            : s.withSettings(with(s.settings(), "api_timeout", "2s"))).toList());
        });
        c = server.client(server.user("faults"));
        LaunchConfigJson.named("healthy_lc").site("sierra", -1, 1).createWith(c);
        LaunchConfigJson.named("overflow_lc").site("hotel", -1, 1).site("alamo", -1, 2).createWith(c);
        for (int i = 0; i < 5; i++) {
            healthy.add(domain("healthy" + i, "healthy_lc"));
            noisy.add(domain("noisy" + i, "overflow_lc"));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> out = new HashMap<>(settings);
        out.put(key, value);
        return out;
    }

    static String domain(String name, String lc) {
        String id = c.post("/domains", "{\"name\": \"" + name + "\", \"de_name\": \"multicloud\", \"lc_name\": \"" + lc
                + "\", \"vm_count\": 0}").json().get("id").asText();
        sizes.put(id, 0);
        return id;
    }

    static SimCloud hotel() {
        return server.sim("hotel");
    }

    /** Raises every healthy-site domain by one VM, {@code rounds} times, and waits for each to converge. */
    static void healthySiteKeepsUp(int rounds) {
        for (int r = 0; r < rounds; r++) {
            for (String id : healthy) {
                int size = sizes.merge(id, 1, Integer::sum);
                assertThat(c.patch("/domains/" + id, "{\"vm_count\": " + size + "}").status()).isEqualTo(200);
            }
            await("healthy-site domains converge").atMost(CONVERGE).pollInterval(Duration.ofMillis(100))
                    .until(() -> healthy.stream().allMatch(id -> Convergence.converged(c, id, sizes.get(id))));
        }
    }

    /** Keeps the noisy domains (hotel first, alamo second) scaling up and down while {@code work} runs. */
    static void withNoise(ThrowingRunnable work) throws Exception {
        AtomicBoolean on = new AtomicBoolean(true);
        Thread noise = Thread.ofVirtual().start(() -> {
            for (int k = 0; on.get(); k++) {
                c.patch("/domains/" + noisy.get(k % noisy.size()), "{\"vm_count\": " + (k / noisy.size() % 2 == 0 ? 2 : 0)
                        + "}");
                try {
                    Thread.sleep(50); // the pace of the other users' changes: the load simulated, not a wait
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

    static int total(Map<String, Integer> m) {
        return m.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Hotel takes new VMs of {@code domain} again: two describes have reached it since the fault was
     * cleared (so the first of them was answered, and the site counts as observable), and the domain's
     * back-off there, if the fault caused one, is over.
     */
    static void awaitHotelServes(String domain, long describesAtClear) {
        await("hotel described again and out of back-off").atMost(CONVERGE).pollInterval(Duration.ofMillis(100))
                .until(() -> hotel().calls().describeCalls() >= describesAtClear + 2
                        && server.server().store().siteHealth().forDomain(domain)
                        .getOrDefault("hotel", SiteHealth.HEALTHY).available(Instant.now()));
    }

    record Fault(String name, Consumer<SimFaults> inject, boolean takesSiteOut) {
    }

    @TestFactory
    List<DynamicTest> faultsAtOneSite() {
        List<Fault> faults = List.of(
                new Fault("30% launch errors", f -> f.launchFailureRate(0.3), false),
                new Fault("throttling (2 calls/s)", f -> f.maxCallsPerSecond(2), false),
                new Fault("calls hang", f -> f.latency(FOREVER), true),
                new Fault("site down", f -> f.down(true), true),
                new Fault("boot failures (100%)", f -> f.bootFailureRate(1), true));
        List<DynamicTest> tests = new ArrayList<>();
        for (Fault fault : faults) {
            tests.add(DynamicTest.dynamicTest(fault.name(), () -> {
                String probe = domain("probe-" + fault.name().replaceAll("[^a-z0-9]", ""), "overflow_lc");
                withNoise(() -> {
                    fault.inject().accept(hotel().faults());
                    Instant faultStart = Instant.now();
                    healthySiteKeepsUp(1);
                    long createdAtHotel = hotel().calls().vmsCreated();
                    healthySiteKeepsUp(1);

                    c.patch("/domains/" + probe, "{\"vm_count\": 4}");
                    await("probe converges under the fault").atMost(CONVERGE).pollInterval(Duration.ofMillis(100))
                            .until(() -> total(Convergence.runningBySite(c, probe)) == 4);
                    Map<String, Integer> during = Convergence.runningBySite(c, probe);
                    if (fault.takesSiteOut()) {
                        assertThat(during).as("overflowed to the next rank").containsEntry("alamo", 4);
                    }
                    if (fault.name().equals("calls hang")) {
                        assertThat(hotel().calls().vmsCreated()).as("no call into hotel came back having launched")
                                .isEqualTo(createdAtHotel);
                    }
                    Duration down = Duration.between(faultStart, Instant.now());
                    if (fault.name().equals("site down") && down.compareTo(OUTAGE) < 0) {
                        Thread.sleep(OUTAGE.minus(down)); // the outage itself lasts this long
                    }
                    long describesAtClear = hotel().calls().describeCalls();
                    hotel().faults().clear();
                    awaitHotelServes(probe, describesAtClear);

                    c.patch("/domains/" + probe, "{\"vm_count\": 8}");
                    await("probe grows after recovery").atMost(CONVERGE).pollInterval(Duration.ofMillis(100))
                            .until(() -> total(Convergence.runningBySite(c, probe)) == 8);
                    Map<String, Integer> after = Convergence.runningBySite(c, probe);
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
