package dev.specter.cloud.sim;

import dev.specter.metric.MetricQuery;
import dev.specter.metric.MetricSource;
import dev.specter.metric.MetricSubject;
import dev.specter.metric.Readings;
import dev.specter.metric.Sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Synthetic per-VM metrics of the simulated sites: each running VM reports the load its user data
 * describes ({@link SimLoad}) as {@code proc.loadavg.1min}, and as {@code cpu} in percent of one
 * core (at most 100). Booting, failed and terminated VMs report nothing, as a real agent would not.
 * Samples are spaced a ninth of the window apart (between 1 and 10 s).
 */
public final class SimMetricSource implements MetricSource {
    public static final String NAME = "sim";
    public static final String LOAD = "proc.loadavg.1min";
    public static final String CPU = "cpu";

    private static final int MAX_PARSED = 1000;
    private final Map<String, SimCloud> sites;
    private final Map<String, SimLoad> loads = new ConcurrentHashMap<>();

    /** @param sites the simulated clouds by site name */
    public SimMetricSource(Map<String, SimCloud> sites) {
        this.sites = Map.copyOf(sites);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Readings read(MetricQuery q) {
        if (!q.metric().equals(LOAD) && !q.metric().equals(CPU)) {
            return Readings.NONE;
        }
        Duration step = Duration.ofMillis(Math.max(1000, Math.min(10_000, q.window().toMillis() / 9)));
        Map<String, List<Sample>> out = new HashMap<>();
        Map<String, SimCloud.DomainPresence> presence = new HashMap<>();
        for (MetricSubject subject : q.instances()) {
            SimCloud sim = sites.get(subject.site());
            if (sim == null || subject.iaasId() == null) {
                continue;
            }
            sim.running(subject.iaasId()).filter(r -> r.runningSince() != null).ifPresent(r -> {
                SimLoad load = load(r.userData());
                Instant start = r.runningSince();
                int running = 1;
                if (load.domainWide() && r.domain() != null) {
                    SimCloud.DomainPresence p = presence.computeIfAbsent(r.domain(), this::presence);
                    start = p.firstLaunch() != null ? p.firstLaunch() : start;
                    running = p.running();
                }
                List<Sample> samples = new ArrayList<>();
                for (Instant t = q.to(); !t.isBefore(q.from()) && !t.isBefore(r.runningSince()); t = t.minus(step)) {
                    double v = load.value(Duration.between(start, t), running);
                    samples.addFirst(new Sample(t, q.metric().equals(CPU) ? Math.min(100, v * 100) : v));
                }
                if (!samples.isEmpty()) {
                    out.put(subject.instanceId(), samples);
                }
            });
        }
        return new Readings(out, List.of());
    }

    /** The domain across every simulated site: its running VMs and its first launch. */
    private SimCloud.DomainPresence presence(String domainId) {
        int running = 0;
        Instant first = null;
        for (SimCloud sim : sites.values()) {
            SimCloud.DomainPresence p = sim.presence(domainId);
            running += p.running();
            if (p.firstLaunch() != null && (first == null || p.firstLaunch().isBefore(first))) {
                first = p.firstLaunch();
            }
        }
        return new SimCloud.DomainPresence(running, first);
    }

    /** The load a VM's user data describes, parsed once per distinct user data (launch configurations share it). */
    private SimLoad load(String userData) {
        String key = userData == null ? "" : userData;
        SimLoad known = loads.get(key);
        if (known != null) {
            return known;
        }
        SimLoad load;
        try {
            load = SimLoad.of(userData);
        } catch (IllegalArgumentException e) {
            load = SimLoad.IDLE; // a VM whose program does not parse runs nothing
        }
        if (loads.size() >= MAX_PARSED) {
            loads.clear();
        }
        loads.put(key, load);
        return load;
    }

    @Override
    public Set<String> metricsFor(long owner) {
        return Set.of(LOAD, CPU);
    }
}
