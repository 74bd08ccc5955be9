package dev.specter.bench.engine;

import dev.specter.domain.MultiCloudPolicy;
import dev.specter.engine.DomainView;
import dev.specter.engine.Member;
import dev.specter.engine.MultiCloudEngine;
import dev.specter.engine.Plan;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code MultiCloudEngine.decide()} for a domain of 1,000 VMs across 4 sites (limits 300, 300,
 * 300, unlimited; a few VMs still booting): holding steady, growing by 200 and shrinking by 200.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EngineBenchmark {
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Param({"1000", "1200", "800"})
    public int vmCount;

    private DomainView view;

    @Setup
    public void setUp() {
        List<SiteSlot> sites = List.of(new SiteSlot("hotel", 1, 300, true), new SiteSlot("sierra", 2, 300, true),
                new SiteSlot("alamo", 3, 300, true), new SiteSlot("foxtrot", 4, -1, true));
        List<Member> members = new ArrayList<>();
        int[] perSite = {300, 300, 300, 100};
        for (int s = 0; s < sites.size(); s++) {
            for (int k = 0; k < perSite[s]; k++) {
                LifecycleState state = k % 50 == 0 ? LifecycleState.PENDING : LifecycleState.RUNNING;
                members.add(new Member("i-" + s + "-" + k, sites.get(s).site(), state, NOW.minusSeconds(k),
                        NOW.minusSeconds(k)));
            }
        }
        view = new DomainView("d", new MultiCloudPolicy(vmCount), sites, members);
    }

    @Benchmark
    public Plan decide() {
        return MultiCloudEngine.INSTANCE.decide(view, NOW);
    }
}
