package dev.specter.cloud;

import java.util.Map;

/**
 * A VM as a cloud reported it.
 *
 * @param token the Specter instance id the VM was launched for, or null when the VM carries no
 *              Specter ownership tags
 */
public record ObservedVm(String token, String iaasId, VmState state, String hostname, String publicIp,
                         String privateIp, Map<String, String> tags) {
    public ObservedVm {
        tags = Map.copyOf(tags);
    }

    public String tag(String key) {
        return tags.get(key);
    }
}
