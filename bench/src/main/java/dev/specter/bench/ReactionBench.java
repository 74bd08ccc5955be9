package dev.specter.bench;

import dev.specter.cloud.OwnershipTags;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reaction: the time from the reply to a {@code PUT vm_count} to the launch call arriving at the
 * simulated cloud. {@code domains} domains exist; {@code changes} changes go to random domains at a
 * steady {@code rate} per second, each raising one domain's size by one (so each causes one launch).
 */
final class ReactionBench {
    private final int domains;
    private final int changes;
    private final int rate;

    ReactionBench(int domains, int changes, int rate) {
        this.domains = domains;
        this.changes = changes;
        this.rate = rate;
    }

    List<Row> run() throws InterruptedException {
        try (BenchServer s = new BenchServer(Map.of("boot_time", "200ms", "boot_jitter", "50ms"),
                Duration.ofSeconds(5))) {
            s.send("POST", "/launchconfigurations", """
                    {"name": "lc", "cloud_params": {"hotel": {"image_id": "img", "instance_type": "m1.small",
                     "max_vms": -1, "common": true, "rank": 1}}}""");
            List<String> ids = new ArrayList<>();
            int[] size = new int[domains];
            for (int i = 0; i < domains; i++) {
                String body = s.send("POST", "/domains", "{\"name\": \"d" + i + "\", \"de_name\": \"multicloud\", "
                        + "\"lc_name\": \"lc\", \"vm_count\": 0}").body();
                ids.add(body.substring(body.indexOf("\"id\":\"") + 6, body.indexOf("\"", body.indexOf("\"id\":\"") + 6)));
            }
            Map<String, Long> launchedAt = new ConcurrentHashMap<>();
            Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();
            s.sim("hotel").watchLaunches(batch -> {
                long now = System.nanoTime();
                String domain = batch.vms().getFirst().tags().get(OwnershipTags.DOMAIN);
                launchedAt.putIfAbsent(domain, now);
                CountDownLatch l = waiting.get(domain);
                if (l != null) {
                    l.countDown();
                }
            });
            Random random = new Random(42);
            double[] fromReply = new double[changes];
            double[] fromSend = new double[changes];
            long interval = 1_000_000_000L / rate;
            long next = System.nanoTime();
            for (int k = 0; k < changes; k++) {
                int d = random.nextInt(domains);
                String id = ids.get(d);
                launchedAt.remove(id);
                CountDownLatch latch = new CountDownLatch(1);
                waiting.put(id, latch);
                size[d]++;
                long sent = System.nanoTime();
                s.send("PUT", "/domains/" + id, "{\"name\": \"d" + d + "\", \"de_name\": \"multicloud\", "
                        + "\"lc_name\": \"lc\", \"vm_count\": " + size[d] + "}");
                long replied = System.nanoTime();
                if (!latch.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no launch for domain " + id + " within 10 s");
                }
                long launched = launchedAt.get(id);
                fromReply[k] = Math.max(0, launched - replied) / 1e6;
                fromSend[k] = (launched - sent) / 1e6;
                waiting.remove(id);
                next += interval;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
            }
            Stats reply = new Stats(fromReply);
            Stats send = new Stats(fromSend);
            String name = "reaction (" + domains + " domains, " + changes + " changes at " + rate + "/s)";
            return List.of(
                    Row.info(name, "PUT reply -> launch call p50", Row.format(reply.percentile(50)) + " ms"),
                    Row.check(name, "PUT reply -> launch call p99", reply.percentile(99), " ms", "< 50 ms",
                            reply.percentile(99) < 50),
                    Row.info(name, "PUT reply -> launch call max", Row.format(reply.max()) + " ms"),
                    Row.info(name, "PUT sent -> launch call p50 / p99", Row.format(send.percentile(50)) + " / "
                            + Row.format(send.percentile(99)) + " ms"));
        }
    }
}
