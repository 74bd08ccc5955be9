package dev.specter.api.phantom;

import dev.specter.api.Json;
import dev.specter.domain.DomainDefinition;
import dev.specter.domain.MetricSettings;
import dev.specter.domain.MultiCloudPolicy;
import dev.specter.domain.ScalingPolicy;
import dev.specter.domain.SensorPolicy;
import dev.specter.domain.TargetPolicy;
import dev.specter.metric.SensorBoard;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The domain shape Phantom clients read, byte for byte: the policy's fields (its codec's parameters,
 * which are policy_params' keys too), in order, and how their numbers print.
 */
class PhantomJsonTest {
    private final PhantomJson json = new PhantomJson("/api/dev", new SensorBoard());

    private String definition(ScalingPolicy p) throws Exception {
        return Json.MAPPER.writeValueAsString(json.definition(new DomainDefinition("d", "lc", p, List.of("cpu"),
                List.of(), MetricSettings.DEFAULT)));
    }

    @Test
    void eachPolicyPrintsAsPhantomClientsReadIt() throws Exception {
        String tail = "\"monitor_sensors\":\"cpu\",\"monitor_domain_sensors\":\"\",\"metric_source\":null,"
                + "\"metric_query\":null,\"metric_statistic\":\"Average\",\"metric_sample_window\":90,"
                + "\"metric_evaluation_period\":10}";
        assertThat(definition(new MultiCloudPolicy(3)))
                .isEqualTo("{\"name\":\"d\",\"de_name\":\"multicloud\",\"lc_name\":\"lc\",\"vm_count\":3," + tail);
        assertThat(definition(new SensorPolicy("cpu", 1, 5, 1.0, 2, 0.1, 1, 30)))
                .isEqualTo("{\"name\":\"d\",\"de_name\":\"sensor\",\"lc_name\":\"lc\",\"sensor_metric\":\"cpu\","
                        + "\"sensor_minimum_vms\":1,\"sensor_maximum_vms\":5,\"sensor_scale_up_threshold\":1.0,"
                        + "\"sensor_scale_up_vms\":2,\"sensor_scale_down_threshold\":0.1,\"sensor_scale_down_vms\":1,"
                        + "\"sensor_cooldown\":30," + tail);
        assertThat(definition(new TargetPolicy("queue", 1e15, 0, 9, true, 60)))
                .isEqualTo("{\"name\":\"d\",\"de_name\":\"target\",\"lc_name\":\"lc\",\"target_metric\":\"queue\","
                        + "\"target_value\":1.0E15,\"target_minimum_vms\":0,\"target_maximum_vms\":9,"
                        + "\"target_disable_scale_in\":true,\"target_warmup\":60," + tail);
    }
}
