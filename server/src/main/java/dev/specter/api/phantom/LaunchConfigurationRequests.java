package dev.specter.api.phantom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specter.api.Fields;
import dev.specter.launch.LaunchConfigurationDraft;
import dev.specter.launch.SiteLaunchParams;
import dev.specter.validation.InvalidInputException;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads launch configurations from Phantom request bodies. */
final class LaunchConfigurationRequests {
    private LaunchConfigurationRequests() {
    }

    /** @param nameRequired true for creation; an update may omit the (unchangeable) name */
    static LaunchConfigurationDraft draft(ObjectNode body, boolean nameRequired) {
        String name = nameRequired ? Fields.string(body, "name") : Fields.optionalString(body, "name");
        ObjectNode cloudParams = Fields.object(body, "cloud_params");
        if (cloudParams.size() > 64) {
            throw new InvalidInputException("cloud_params", "'cloud_params' names more than 64 sites");
        }
        Map<String, SiteLaunchParams> sites = new LinkedHashMap<>();
        cloudParams.fields().forEachRemaining(e -> sites.put(e.getKey(), site(e.getKey(), e.getValue())));
        String method = Fields.optionalString(body, "contextualization_method");
        if (method != null && !method.equals("user_data") && !method.equals("none")) {
            throw new InvalidInputException("contextualization_method", "'contextualization_method' must be "
                    + "'user_data' or 'none', got '" + method + "' (Chef contextualization is not supported)");
        }
        return new LaunchConfigurationDraft(name, sites, method, Fields.optionalString(body, "user_data"));
    }

    private static SiteLaunchParams site(String site, JsonNode node) {
        String prefix = "cloud_params." + site + ".";
        if (!node.isObject()) {
            throw new InvalidInputException("cloud_params." + site, "'cloud_params." + site + "' must be a JSON object");
        }
        ObjectNode p = (ObjectNode) node;
        try {
            return new SiteLaunchParams(Fields.string(p, "image_id"), Fields.string(p, "instance_type"),
                    Fields.integer(p, "max_vms"), Fields.bool(p, "common"), Fields.integer(p, "rank"),
                    Fields.optionalString(p, "user_data"));
        } catch (InvalidInputException e) {
            String field = prefix + e.field();
            throw new InvalidInputException(field, e.getMessage().replace("'" + e.field() + "'", "'" + field + "'"));
        }
    }
}
