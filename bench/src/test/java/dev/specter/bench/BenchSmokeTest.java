package dev.specter.bench;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keeps the benchmark code working: every scenario runs at small sizes. Timings are not judged here. */
@Tag("e2e")
class BenchSmokeTest {
    @Test
    void everyScenarioProducesItsFigures() throws Exception {
        List<Row> rows = Bench.run(List.of("--smoke"));
        Bench.print(rows);
        assertThat(rows).extracting(Row::scenario).anySatisfy(s -> assertThat(s).startsWith("reaction"))
                .anySatisfy(s -> assertThat(s).startsWith("steady state"))
                .anySatisfy(s -> assertThat(s).startsWith("sensor domains"))
                .anySatisfy(s -> assertThat(s).startsWith("cloud efficiency"))
                .anySatisfy(s -> assertThat(s).startsWith("API throughput, GET"))
                .anySatisfy(s -> assertThat(s).startsWith("API throughput, PUT"))
                .anySatisfy(s -> assertThat(s).startsWith("start-up"))
                .anySatisfy(s -> assertThat(s).startsWith("engine"))
                .anySatisfy(s -> assertThat(s).startsWith("activity retention"))
                .anySatisfy(s -> assertThat(s).startsWith("faults at one site"));
        assertThat(rows).extracting(Row::value).allSatisfy(v -> assertThat(v).isNotBlank().doesNotContain("NaN"));
        // the launch count is exact even at small sizes: a smoke run that sees it wrong has found a real bug
        assertThat(rows).filteredOn(r -> r.figure().startsWith("launch calls")).extracting(Row::verdict)
                .containsOnly("PASS");
    }

    @Test
    void anUnknownScenarioIsRefusedByName() {
        assertThatThrownBy(() -> Bench.run(List.of("reactoin"))).hasMessageContaining("unknown scenario 'reactoin'");
    }
}
