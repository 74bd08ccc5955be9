package dev.specter.api.phantom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specter.api.Fields;
import dev.specter.domain.DomainDefinition;
import dev.specter.domain.MultiCloudPolicy;
import dev.specter.domain.ScalingPolicy;
import dev.specter.domain.SensorPolicy;
import dev.specter.validation.InvalidInputException;

/** Reads a domain definition from a Phantom request body. Unknown fields are ignored, as Phantom did. */
final class DomainRequests {
    private DomainRequests() {
    }

    /** @param keptName the name to keep when the body has none (PUT), or null when a name is required (POST) */
    static DomainDefinition definition(ObjectNode body, String keptName) {
        String name = Fields.optionalString(body, "name");
        if (name == null) {
            if (keptName == null) {
                throw new InvalidInputException("name", "You must provide a name for your domain");
            }
            name = keptName;
        }
        String engine = Fields.string(body, "de_name");
        String lcName = Fields.string(body, "lc_name");
        ScalingPolicy policy = switch (engine) {
            case MultiCloudPolicy.NAME -> new MultiCloudPolicy(Fields.integer(body, "vm_count"));
            case SensorPolicy.NAME -> new SensorPolicy(Fields.string(body, "sensor_metric"),
                    Fields.integer(body, "sensor_minimum_vms"), Fields.integer(body, "sensor_maximum_vms"),
                    Fields.number(body, "sensor_scale_up_threshold"), Fields.integer(body, "sensor_scale_up_vms"),
                    Fields.number(body, "sensor_scale_down_threshold"), Fields.integer(body, "sensor_scale_down_vms"),
                    Fields.integer(body, "sensor_cooldown"));
            default -> throw new InvalidInputException("de_name", "de_name '" + engine + "' is not supported "
                    + "(supported: multicloud, sensor)");
        };
        return new DomainDefinition(name, lcName, policy, Fields.names(body, "monitor_sensors"),
                Fields.names(body, "monitor_domain_sensors"));
    }
}
