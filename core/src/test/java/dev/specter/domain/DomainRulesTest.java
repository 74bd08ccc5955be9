package dev.specter.domain;

import dev.specter.metric.Statistic;
import dev.specter.validation.InvalidInputException;
import dev.specter.validation.Limits;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DomainRulesTest {
    private final DomainRules rules = new DomainRules(Limits.DEFAULT);

    private static DomainDefinition def(ScalingPolicy p) {
        return new DomainDefinition("my_domain", "my_launch_config", p, List.of(), List.of(), MetricSettings.DEFAULT);
    }

    private static SensorPolicy sensor(int min, int max, double up, double down) {
        return new SensorPolicy("cpu", min, max, up, 1, down, 1, 60);
    }

    @Test
    void acceptsValidPolicies() {
        assertThatCode(() -> rules.check(def(new MultiCloudPolicy(0)))).doesNotThrowAnyException();
        assertThatCode(() -> rules.check(def(new MultiCloudPolicy(10_000)))).doesNotThrowAnyException();
        assertThatCode(() -> rules.check(def(sensor(1, 5, 1.0, 0.3)))).doesNotThrowAnyException();
    }

    @Test
    void rejectsCountsOutsideTheLimits() {
        assertThatThrownBy(() -> rules.check(def(new MultiCloudPolicy(-1))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'vm_count'");
        assertThatThrownBy(() -> rules.check(def(new MultiCloudPolicy(10_001))))
                .hasMessageContaining("between 0 and 10000");
    }

    @Test
    void rejectsMinimumAboveMaximum() {
        assertThatThrownBy(() -> rules.check(def(sensor(6, 5, 1.0, 0.3))))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("sensor_minimum_vms");
    }

    @Test
    void rejectsCrossedThresholds() {
        assertThatThrownBy(() -> rules.check(def(sensor(1, 5, 0.3, 1.0))))
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("sensor_scale_down_threshold");
    }

    /**
     * Each length-limited text field at its column's size passes and one character over fails naming
     * the field and the limit, counted in characters (🚀 is one, in two Java chars) as PostgreSQL does.
     */
    @Test
    void textFieldsAreLimitedToTheirColumnInCharacters() {
        record Case(String field, int limit, Function<String, DomainDefinition> definition) {
        }
        List<Case> cases = List.of(
                new Case("lc_name", 128, s -> new DomainDefinition("d", s, new MultiCloudPolicy(0), List.of(),
                        List.of(), MetricSettings.DEFAULT)),
                new Case("sensor_metric", 256, s -> def(new SensorPolicy(s, 1, 5, 1.0, 1, 0.3, 1, 60))),
                new Case("target_metric", 256, s -> def(new TargetPolicy(s, 50, 1, 5, false, 60))),
                new Case("monitor_sensors", 256, s -> new DomainDefinition("d", "lc", new MultiCloudPolicy(0),
                        List.of(s), List.of(), MetricSettings.DEFAULT)),
                new Case("monitor_domain_sensors", 256, s -> new DomainDefinition("d", "lc", new MultiCloudPolicy(0),
                        List.of(), List.of(s), MetricSettings.DEFAULT)),
                new Case("metric_query", 4096, s -> new DomainDefinition("d", "lc", new MultiCloudPolicy(0),
                        List.of(), List.of(), new MetricSettings(null, s, Statistic.AVERAGE, 90, 10))));
        for (Case c : cases) {
            for (String unit : List.of("x", "\uD83D\uDE80")) {
                String what = c.field() + " in " + unit;
                assertThatCode(() -> rules.check(c.definition().apply(unit.repeat(c.limit()))))
                        .as(what + " at the limit").doesNotThrowAnyException();
                assertThatThrownBy(() -> rules.check(c.definition().apply(unit.repeat(c.limit() + 1))))
                        .as(what + " over the limit").isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining(Integer.toString(c.limit()))
                        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo(c.field());
            }
        }
    }

    /** 16 names of 256 characters, comma-joined, must fit monitor_sensors' varchar(8192). */
    @Test
    void theMostMonitoredMetricsFitTheirColumn() {
        List<String> most = java.util.stream.IntStream.range(0, 16).mapToObj(i -> "\uD83D\uDE80".repeat(255) + (char) ('a' + i))
                .toList();
        assertThatCode(() -> rules.check(new DomainDefinition("d", "lc", new MultiCloudPolicy(0), most, most,
                MetricSettings.DEFAULT))).doesNotThrowAnyException();
        assertThat(dev.specter.validation.Text.length(String.join(",", most))).isLessThanOrEqualTo(8192);
        assertThatThrownBy(() -> rules.check(new DomainDefinition("d", "lc", new MultiCloudPolicy(0),
                java.util.stream.Stream.concat(most.stream(), java.util.stream.Stream.of("q")).toList(), List.of(),
                MetricSettings.DEFAULT))).extracting(e -> ((InvalidInputException) e).field()).isEqualTo("monitor_sensors");
    }
}
