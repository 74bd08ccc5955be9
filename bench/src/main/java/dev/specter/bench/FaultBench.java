package dev.specter.bench;

import dev.specter.api.Json;
import dev.specter.cloud.OwnershipTags;
import dev.specter.cloud.sim.SimFaults;
import dev.specter.reconcile.ControlSettings;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Faults at one site (hotel) while other domains keep scaling on it: how the reaction of domains on a
 * healthy site (sierra) compares with the same load without a fault, from sending a
 * {@code PATCH vm_count} to the launch call arriving at sierra, p50 and p99 over {@code changes}
 * changes per fault. The target
 * is what CloudFaultTest asserted until such figures left the test suite: at most twice the
 * fault-free figure, with floors of 5 ms (p50) and 20 ms (p99) below which scheduler noise rules.
 *
 * @param latency the slow-site fault's added latency (5 s in a full run, less in a smoke run)
 */
record FaultBench(int changes, Duration latency) {
    private static final String SCENARIO = "faults at one site";
    private static final int HEALTHY = 5;
    private static final int NOISY = 5;

    private record Fault(String name, Consumer<SimFaults> inject) {
    }

    List<Row> run() throws Exception {
        List<Fault> faults = List.of(
                new Fault("30% launch errors", f -> f.launchFailureRate(0.3)),
                new Fault("throttling (2 calls/s)", f -> f.maxCallsPerSecond(2)),
                new Fault((latency.toMillis() % 1000 == 0 ? latency.toSeconds() + " s" : latency.toMillis() + " ms")
                        + " API latency", f -> f.latency(latency)),
                new Fault("calls hang", f -> f.latency(Duration.ofDays(1))),
                new Fault("site down", f -> f.down(true)),
                new Fault("boot failures (100%)", f -> f.bootFailureRate(1)));
        ControlSettings control = ControlSettings.DEFAULT.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(4));
        List<Row> rows = new ArrayList<>();
        try (BenchServer s = new BenchServer(BenchServer.tempDir(), null, BenchServer.FAST_SIM, control,
                c -> c.withSites(c.sites().stream().map(site -> !site.name().equals("hotel") ? site
                        : site.withSettings(withTimeout(site.settings()))).toList()))) {
            s.send("POST", "/launchconfigurations", """
                    {"name": "healthy_lc", "cloud_params": {"sierra": {"image_id": "img", "instance_type": "m1.small",
                     "max_vms": -1, "common": true, "rank": 1}}}""");
            s.send("POST", "/launchconfigurations", """
                    {"name": "overflow_lc", "cloud_params": {
                     "hotel": {"image_id": "img", "instance_type": "m1.small", "max_vms": -1, "common": true, "rank": 1},
                     "alamo": {"image_id": "img", "instance_type": "m1.small", "max_vms": -1, "common": true, "rank": 2}}}""");
            World w = new World(s);
            w.reaction(Math.max(10, changes / 2)); // warm-up
            // each fault against a no-fault round measured just before it, so that JIT warm-up and the
            // machine's other load fall on both sides alike
            for (Fault fault : faults) {
                Stats base = w.withNoise(() -> w.reaction(changes));
                Stats faulted = w.withNoise(() -> {
                    fault.inject().accept(s.sim("hotel").faults());
                    try {
                        return w.reaction(changes);
                    } finally {
                        s.sim("hotel").faults().clear();
                    }
                });
                double p50 = ratio(faulted.percentile(50), base.percentile(50), 5);
                double p99 = ratio(faulted.percentile(99), base.percentile(99), 20);
                rows.add(new Row(SCENARIO, fault.name() + ", p50 / p99 (no fault just before; x no fault)",
                        Row.format(faulted.percentile(50)) + " / " + Row.format(faulted.percentile(99)) + " ms ("
                                + Row.format(base.percentile(50)) + " / " + Row.format(base.percentile(99)) + " ms; "
                                + Row.format(p50) + "x / " + Row.format(p99) + "x)",
                        "<= 2x", p50 <= 2 && p99 <= 2 ? "PASS" : "FAIL"));
            }
        }
        return rows;
    }

    /** {@code value} against {@code base}, neither taken below {@code floor} ms. */
    private static double ratio(double value, double base, double floor) {
        return Math.max(value, floor) / Math.max(base, floor);
    }

    /** Hotel abandons a call after 2 s, so a hang there ends in a timeout the control loop acts on. */
    private static Map<String, String> withTimeout(Map<String, String> settings) {
        Map<String, String> out = new HashMap<>(settings);
        out.put("api_timeout", "2s");
        return out;
    }

    /** Healthy domains on sierra, whose changes are timed; noisy ones ranked hotel, then alamo. */
    private static final class World {
        private final BenchServer s;
        private final List<String> healthy = new ArrayList<>();
        private final List<String> noisy = new ArrayList<>();
        private final Map<String, Integer> sizes = new HashMap<>();
        /** The change being timed: its domain, and the latch its launch call at sierra opens. */
        private final Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();

        World(BenchServer s) throws IOException {
            this.s = s;
            for (int i = 0; i < HEALTHY; i++) {
                healthy.add(create("healthy" + i, "healthy_lc"));
            }
            for (int i = 0; i < NOISY; i++) {
                noisy.add(create("noisy" + i, "overflow_lc"));
            }
            s.sim("sierra").watchLaunches(batch -> {
                CountDownLatch l = waiting.get(batch.vms().getFirst().tags().get(OwnershipTags.DOMAIN));
                if (l != null) {
                    l.countDown();
                }
            });
        }

        private String create(String name, String lc) throws IOException {
            String id = Json.MAPPER.readTree(s.send("POST", "/domains", "{\"name\": \"" + name + "\", "
                    + "\"de_name\": \"multicloud\", \"lc_name\": \"" + lc + "\", \"vm_count\": 0}").body())
                    .get("id").asText();
            sizes.put(id, 0);
            return id;
        }

        /** {@code n} changes of healthy domains, one at a time: milliseconds from PATCH sent to launch call. */
        Stats reaction(int n) throws InterruptedException {
            double[] ms = new double[n];
            for (int k = 0; k < n; k++) {
                String id = healthy.get(k % healthy.size());
                int size = sizes.merge(id, 1, Integer::sum);
                CountDownLatch launched = new CountDownLatch(1);
                waiting.put(id, launched);
                long sent = System.nanoTime();
                s.send("PATCH", "/domains/" + id, "{\"vm_count\": " + size + "}");
                if (!launched.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no launch at sierra for domain " + id + " within 30 s");
                }
                ms[k] = (System.nanoTime() - sent) / 1e6;
                waiting.remove(id);
            }
            return new Stats(ms);
        }

        interface Measurement {
            Stats run() throws Exception;
        }

        /** Keeps the noisy domains scaling between 0 and 2, one change every 50 ms, while {@code m} runs. */
        Stats withNoise(Measurement m) throws Exception {
            AtomicBoolean on = new AtomicBoolean(true);
            Thread noise = Thread.ofVirtual().start(() -> {
                for (int k = 0; on.get(); k++) {
                    s.send("PATCH", "/domains/" + noisy.get(k % noisy.size()),
                            "{\"vm_count\": " + (k / noisy.size() % 2 == 0 ? 2 : 0) + "}");
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            try {
                return m.run();
            } finally {
                on.set(false);
                noise.join();
            }
        }
    }
}
