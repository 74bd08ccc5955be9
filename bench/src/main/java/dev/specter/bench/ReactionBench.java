package dev.specter.bench;

import dev.specter.cloud.OwnershipTags;
import dev.specter.reconcile.ControlSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reaction: from the reply to a {@code PUT vm_count} to the launch call arriving at the simulated
 * cloud, with {@code domains} domains of {@code vmsPerDomain} running VMs loaded. Changes go to
 * random domains at a steady {@code rate} per second, each raising one domain by one VM. Also
 * reports the steady state of the same world: heap after a full GC and CPU over {@code idleSeconds}.
 */
final class ReactionBench {
    private final int domains;
    private final int vmsPerDomain;
    private final int changes;
    private final int rate;
    private final int idleSeconds;

    ReactionBench(int domains, int vmsPerDomain, int changes, int rate, int idleSeconds) {
        this.domains = domains;
        this.vmsPerDomain = vmsPerDomain;
        this.changes = changes;
        this.rate = rate;
        this.idleSeconds = idleSeconds;
    }

    String name() {
        return domains + " domains, " + domains * vmsPerDomain + " VMs";
    }

    List<Row> run() throws Exception {
        Path dir = BenchServer.tempDir();
        long t0 = System.nanoTime();
        Fleet fleet = Fleet.load(dir, domains, vmsPerDomain);
        long loaded = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        try (BenchServer s = new BenchServer(dir, fleet, BenchServer.FAST_SIM, ControlSettings.DEFAULT)) {
            s.awaitQuiet(Duration.ofMinutes(10));
            long settled = System.nanoTime();
            rows.add(Row.info(name(), "load / start and first pass over every domain", String.format("%.1f s / %.1f s",
                    (loaded - t0) / 1e9, (settled - loaded) / 1e9)));
            if (idleSeconds > 0) {
                rows.addAll(SteadyState.measure(name(), idleSeconds));
            }
            rows.addAll(reaction(s, fleet));
        }
        return rows;
    }

    /** The one change in flight (they go one at a time): its domain, and when its first launch call arrived. */
    private record InFlight(String domain, CountDownLatch latch, AtomicReference<Long> launchedAt) {
    }

    private List<Row> reaction(BenchServer s, Fleet fleet) throws InterruptedException {
        AtomicReference<InFlight> inFlight = new AtomicReference<>();
        s.sim(Fleet.SITE).watchLaunches(batch -> {
            long now = System.nanoTime();
            String domain = batch.vms().getFirst().tags().get(OwnershipTags.DOMAIN);
            InFlight c = inFlight.get();
            if (c != null && c.domain().equals(domain)) {
                c.launchedAt().compareAndSet(null, now);
                c.latch().countDown();
            }
        });
        Random random = new Random(42);
        int[] size = new int[domains];
        java.util.Arrays.fill(size, vmsPerDomain);
        double[] fromReply = new double[changes];
        double[] fromSend = new double[changes];
        long interval = 1_000_000_000L / rate;
        long next = System.nanoTime();
        for (int k = 0; k < changes; k++) {
            int d = random.nextInt(domains);
            String id = fleet.domainIds().get(d);
            InFlight change = new InFlight(id, new CountDownLatch(1), new AtomicReference<>());
            inFlight.set(change);
            size[d]++;
            long sent = System.nanoTime();
            s.send("PUT", "/domains/" + id, BenchServer.domainBody("d" + d, size[d]));
            long replied = System.nanoTime();
            if (!change.latch().await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no launch for domain " + id + " within 30 s");
            }
            long launched = change.launchedAt().get();
            fromReply[k] = Math.max(0, launched - replied) / 1e6;
            fromSend[k] = (launched - sent) / 1e6;
            inFlight.set(null);
            next += interval;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
        }
        Stats reply = new Stats(fromReply);
        Stats send = new Stats(fromSend);
        String name = "reaction, " + name() + " (" + changes + " changes at " + rate + "/s)";
        return List.of(
                Row.info(name, "PUT reply -> launch call p50 / max", Row.format(reply.percentile(50)) + " / "
                        + Row.format(reply.max()) + " ms"),
                Row.check(name, "PUT reply -> launch call p99", reply.percentile(99), " ms", "< 50 ms",
                        reply.percentile(99) < 50),
                Row.info(name, "PUT sent -> launch call p50 / p99 / max", Row.format(send.percentile(50)) + " / "
                        + Row.format(send.percentile(99)) + " / " + Row.format(send.max()) + " ms"));
    }
}
