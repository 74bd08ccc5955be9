package dev.specter.bench.engine;

import dev.specter.domain.SensorPolicy;
import dev.specter.engine.DomainView;
import dev.specter.engine.Member;
import dev.specter.engine.MetricObservation;
import dev.specter.engine.Plan;
import dev.specter.engine.ScalingState;
import dev.specter.engine.SensorEngine;
import dev.specter.engine.SiteSlot;
import dev.specter.instance.LifecycleState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code SensorEngine.decide()} for a domain of 10 VMs on 2 sites with every VM reporting: the
 * pure decision the control loop makes at each evaluation, scaling up or holding.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SensorEngineBenchmark {
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Param({"0.5", "2.0"})
    public double load;

    private DomainView view;

    @Setup
    public void setUp() {
        List<SiteSlot> sites = List.of(new SiteSlot("hotel", 1, 8, true), new SiteSlot("sierra", 2, -1, true));
        List<Member> members = new ArrayList<>();
        Map<String, Double> readings = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            String id = "i-" + i;
            members.add(new Member(id, i < 8 ? "hotel" : "sierra", LifecycleState.RUNNING,
                    NOW.minusSeconds(600 - i), NOW.minusSeconds(600 - i)));
            readings.put(id, load);
        }
        SensorPolicy policy = new SensorPolicy("cpu", 1, 20, 1.0, 2, 0.3, 1, 60);
        view = new DomainView("d", policy, sites, members, new ScalingState(SensorPolicy.NAME, 10, null), new MetricObservation("cpu", readings, null, List.of(), null));
    }

    @Benchmark
    public Plan decide() {
        return SensorEngine.INSTANCE.decide(view, NOW);
    }
}
