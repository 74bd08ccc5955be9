package dev.specter.domain;

import dev.specter.domain.MetricSettings;
import dev.specter.validation.InvalidInputException;
import dev.specter.validation.Limits;
import org.junit.jupiter.api.Test;

import java.util.List;

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
}
