package dev.specter.cloud.sim;

import dev.specter.cloud.CloudAccount;
import dev.specter.cloud.LaunchBatch;
import dev.specter.cloud.OwnershipTags;
import dev.specter.cloud.VmSpec;
import dev.specter.metric.MetricQuery;
import dev.specter.metric.MetricSubject;
import dev.specter.metric.Readings;
import dev.specter.metric.Sample;
import dev.specter.metric.Statistic;
import dev.specter.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimLoadTest {
    @Test
    void shapesFollowTheirDescription() {
        assertThat(SimLoad.parse("constant 0.5").value(Duration.ofHours(3), 1)).isEqualTo(0.5);
        SimLoad ramp = SimLoad.parse("ramp 0.2 2.2 100s");
        assertThat(ramp.value(Duration.ZERO, 1)).isEqualTo(0.2);
        assertThat(ramp.value(Duration.ofSeconds(50), 1)).isCloseTo(1.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ramp.value(Duration.ofSeconds(500), 1)).isEqualTo(2.2);
        SimLoad square = SimLoad.parse("square 0.1 2 60s");
        assertThat(square.value(Duration.ofSeconds(10), 1)).isEqualTo(0.1);
        assertThat(square.value(Duration.ofSeconds(40), 1)).isEqualTo(2.0);
        assertThat(square.value(Duration.ofSeconds(70), 1)).isEqualTo(0.1);
        SimLoad steps = SimLoad.parse("steps 0s=0.2 1m=3 180=0.1");
        assertThat(steps.value(Duration.ofSeconds(59), 1)).isEqualTo(0.2);
        assertThat(steps.value(Duration.ofSeconds(60), 1)).isEqualTo(3.0);
        assertThat(steps.value(Duration.ofMinutes(10), 1)).isEqualTo(0.1);
    }

    @Test
    void aDomainWideLoadIsSplitAcrossTheRunningVms() {
        SimLoad shared = SimLoad.parse("domain constant 6");
        assertThat(shared.domainWide()).isTrue();
        assertThat(shared.value(Duration.ZERO, 3)).isEqualTo(2.0);
        assertThat(shared.value(Duration.ZERO, 0)).as("never divides by zero").isEqualTo(6.0);
    }

    @Test
    void theLineIsFoundAnywhereInTheUserDataAndItsAbsenceMeansIdle() {
        assertThat(SimLoad.of("#!/bin/sh\n# specter-sim-load: constant 1.5\necho hi\n").value(Duration.ZERO, 1))
                .isEqualTo(1.5);
        assertThat(SimLoad.of("#!/bin/sh\necho hi")).isEqualTo(SimLoad.IDLE);
        assertThat(SimLoad.of(null)).isEqualTo(SimLoad.IDLE);
    }

    @Test
    void aBadDescriptionSaysWhatIsWrong() {
        assertThatThrownBy(() -> SimLoad.parse("wave 1 2")).hasMessageContaining("unknown shape 'wave'");
        assertThatThrownBy(() -> SimLoad.parse("ramp 1 2")).hasMessageContaining("ramp FROM TO OVER");
        assertThatThrownBy(() -> SimLoad.parse("constant -1")).hasMessageContaining("not a load");
        assertThatThrownBy(() -> SimLoad.parse("steps 10s=1 5s=2")).hasMessageContaining("must increase");
        assertThatThrownBy(() -> SimLoad.parse("square 1 2 soon"))
                .hasMessageContaining("specter-sim-load: time must be a duration").hasMessageContaining("'soon'");
    }

    @Test
    void runningVmsReportTheirLoadAsSamplesBootingOnesNothing(@TempDir Path dir) throws Exception {
        ManualClock clock = new ManualClock();
        SimSettings settings = new SimSettings(Duration.ofSeconds(10), Duration.ZERO, -1, 0, 0, 0, Duration.ZERO, 0,
                Duration.ofSeconds(60), 7);
        try (SimCloud sim = new SimCloud("hotel", settings, dir, clock)) {
            var launched = sim.launch(CloudAccount.anonymous("hotel"), new LaunchBatch("b", List.of(
                    spec("t1", "d1", "# specter-sim-load: domain constant 3"),
                    spec("t2", "d1", "# specter-sim-load: domain constant 3"),
                    spec("t3", "d2", "# specter-sim-load: ramp 0 1 100s")))).launched();
            SimMetricSource source = new SimMetricSource(Map.of("hotel", sim));
            List<MetricSubject> subjects = launched.stream().map(vm -> new MetricSubject(vm.token(), "hotel",
                    vm.iaasId(), null, null, null)).toList();
            assertThat(read(source, subjects, clock, "proc.loadavg.1min").isEmpty()).as("still booting").isTrue();

            clock.advance(Duration.ofSeconds(60));
            Readings r = read(source, subjects, clock, "proc.loadavg.1min");
            assertThat(r.instances().get("t1")).extracting(Sample::value).containsOnly(1.5);
            assertThat(r.instances().get("t3").getLast().value()).as("50 s after boot").isCloseTo(0.5,
                    org.assertj.core.data.Offset.offset(1e-9));
            assertThat(r.instances().get("t3").getFirst().time()).as("nothing from before the boot ended")
                    .isAfterOrEqualTo(clock.instant().minusSeconds(50));
            assertThat(read(source, subjects, clock, "cpu").instances().get("t1")).extracting(Sample::value)
                    .containsOnly(100.0);
            assertThat(read(source, subjects, clock, "memory").isEmpty()).isTrue();

            sim.terminate(CloudAccount.anonymous("hotel"), List.of(launched.get(1).iaasId()));
            assertThat(read(source, subjects, clock, "proc.loadavg.1min").instances())
                    .as("the survivor carries the whole domain's load").containsOnlyKeys("t1", "t3")
                    .extractingByKey("t1").satisfies(s -> assertThat(s.getLast().value()).isEqualTo(3.0));
        }
    }

    static VmSpec spec(String token, String domain, String userData) {
        return new VmSpec(token, "img", "m1.small", null, userData, OwnershipTags.of("inst", token, domain, 1L, "b"));
    }

    static Readings read(SimMetricSource source, List<MetricSubject> subjects, ManualClock clock, String metric) {
        return source.read(new MetricQuery(1, "d1", metric, Statistic.AVERAGE, Duration.ofSeconds(90),
                clock.instant(), subjects, false, null));
    }
}
