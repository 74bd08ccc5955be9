package dev.specter.domain;

import dev.specter.validation.InvalidInputException;
import dev.specter.validation.Limits;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyCodecsTest {
    private static final SensorPolicy SENSOR = new SensorPolicy("cpu", 1, 5, 0.75, 2, 0.25, 1, 30);
    private static final TargetPolicy TARGET = new TargetPolicy("queue", 12.5, 2, 9, true, 45);

    /** Every record that can be a domain's policy, found from the sealed hierarchy. */
    private static List<Class<?>> policyRecords(Class<?> type) {
        if (type.isRecord()) {
            return List.of(type);
        }
        return Arrays.stream(type.getPermittedSubclasses()).flatMap(c -> policyRecords(c).stream()).toList();
    }

    @Test
    void everyKindOfPolicyHasACodec() {
        List<Class<?>> coded = PolicyCodecs.all().stream().<Class<?>>map(PolicyCodec::type).toList();
        assertThat(coded).containsExactlyInAnyOrderElementsOf(policyRecords(ScalingPolicy.class));
    }

    /**
     * A record component the codec forgets fails here: each policy, built with a distinct value in
     * every component (true for a boolean, whose default is false), reads back equal from its parameters.
     */
    @Test
    void everyComponentOfEveryPolicyGoesThroughItsParameters() throws Exception {
        for (PolicyCodec<?> codec : PolicyCodecs.all()) {
            RecordComponent[] components = codec.type().getRecordComponents();
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                Class<?> t = components[i].getType();
                values[i] = t == int.class ? 1000 + i : t == double.class ? 0.5 + i : t == boolean.class ? true
                        : "m" + i;
            }
            ScalingPolicy p = (ScalingPolicy) codec.type()
                    .getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType)
                            .toArray(Class<?>[]::new)).newInstance(values);
            Map<String, Object> params = PolicyCodecs.encode(p);
            assertThat(params).as(codec.engine()).hasSize(components.length);
            assertThat(PolicyCodecs.decode(codec.engine(), params)).as(codec.engine()).isEqualTo(p);
        }
    }

    @Test
    void eachMissingRequiredParameterIsNamed() {
        for (ScalingPolicy p : List.of(new MultiCloudPolicy(3), SENSOR, TARGET)) {
            Map<String, Object> all = PolicyCodecs.encode(p);
            for (String name : List.of("vm_count", "sensor_metric", "sensor_cooldown", "target_value",
                    "target_maximum_vms")) {
                if (!all.containsKey(name)) {
                    continue;
                }
                Map<String, Object> without = new HashMap<>(all);
                without.remove(name);
                assertThatThrownBy(() -> PolicyCodecs.decode(p.engineName(), without))
                        .isInstanceOf(InvalidInputException.class)
                        .hasMessage("Mandatory parameter '" + name + "' is missing")
                        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo(name);
            }
        }
    }

    @Test
    void optionalParametersTakeTheirDefaultsWhenAbsentOrNull() {
        Map<String, Object> given = new HashMap<>(Map.of("target_metric", "queue", "target_value", 12.5,
                "target_minimum_vms", 2, "target_maximum_vms", 9));
        given.put("target_warmup", null);
        assertThat(PolicyCodecs.decode("target", given)).isEqualTo(new TargetPolicy("queue", 12.5, 2, 9, false, 60));
    }

    /** Phantom's leniency (numbers as strings) and nothing more; other entries are ignored. */
    @Test
    void parametersAreReadWithPhantomsLeniencyAndWrongTypesNamed() {
        Map<String, Object> sent = new HashMap<>(Map.of("vm_count", "4", "name", "ignored", "sensor_data", Map.of()));
        assertThat(PolicyCodecs.decode("multicloud", sent)).isEqualTo(new MultiCloudPolicy(4));
        sent.put("vm_count", 1.5);
        assertThatThrownBy(() -> PolicyCodecs.decode("multicloud", sent))
                .hasMessage("'vm_count' must be an integer, got the number 1.5");
        Map<String, Object> target = new HashMap<>(PolicyCodecs.encode(TARGET));
        target.put("target_disable_scale_in", "yes");
        assertThatThrownBy(() -> PolicyCodecs.decode("target", target))
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("target_disable_scale_in");
    }

    @Test
    void anUnknownEngineNamesTheSupportedOnes() {
        assertThatThrownBy(() -> PolicyCodecs.decode("epu", Map.of()))
                .hasMessage("de_name 'epu' is not supported (supported: multicloud, sensor, target)")
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("de_name");
    }

    /** Each declared bound, at its edges: inside passes, outside fails naming the parameter. */
    @Test
    void boundsAreCheckedAsDeclared() {
        record Case(String field, ScalingPolicy inside, ScalingPolicy outside) {
        }
        List<Case> cases = new ArrayList<>(List.of(
                new Case("vm_count", new MultiCloudPolicy(10_000), new MultiCloudPolicy(10_001)),
                new Case("sensor_cooldown", new SensorPolicy("cpu", 1, 5, 1, 1, 0, 1, 86_400),
                        new SensorPolicy("cpu", 1, 5, 1, 1, 0, 1, -1)),
                new Case("sensor_scale_up_vms", new SensorPolicy("cpu", 1, 5, 1, 0, 0, 1, 0),
                        new SensorPolicy("cpu", 1, 5, 1, -1, 0, 1, 0)),
                new Case("sensor_scale_up_threshold", SENSOR,
                        new SensorPolicy("cpu", 1, 5, Double.NaN, 1, 0, 1, 0)),
                new Case("target_value", new TargetPolicy("q", 0.001, 1, 5, false, 60),
                        new TargetPolicy("q", 0, 1, 5, false, 60)),
                new Case("target_warmup", new TargetPolicy("q", 1, 1, 5, false, 86_400),
                        new TargetPolicy("q", 1, 1, 5, false, 86_401)),
                new Case("target_minimum_vms", new TargetPolicy("q", 1, 5, 5, false, 0),
                        new TargetPolicy("q", 1, 6, 5, false, 0)),
                new Case("target_metric", new TargetPolicy("q".repeat(256), 1, 1, 5, false, 0),
                        new TargetPolicy(" ", 1, 1, 5, false, 0))));
        for (Case c : cases) {
            PolicyCodecs.check(c.inside(), Limits.DEFAULT);
            assertThatThrownBy(() -> PolicyCodecs.check(c.outside(), Limits.DEFAULT)).as(c.field())
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("'" + c.field() + "'")
                    .extracting(e -> ((InvalidInputException) e).field()).isEqualTo(c.field());
        }
        assertThatThrownBy(() -> PolicyCodecs.check(new MultiCloudPolicy(3), new Limits(2, 1, 1, 1, 1, 1)))
                .as("a count's bound is the operator's limit").hasMessage("'vm_count' must be between 0 and 2, got 3");
    }
}
