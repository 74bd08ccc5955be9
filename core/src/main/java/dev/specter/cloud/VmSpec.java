package dev.specter.cloud;

import java.util.Map;

/**
 * One VM to launch.
 *
 * @param token the Specter instance id: the idempotency token, also carried as the {@code specter:instance} tag
 * @param tags  ownership tags (see {@link OwnershipTags}) the driver must apply at launch
 */
public record VmSpec(String token, String imageId, String instanceType, String keyName, String userData,
                     Map<String, String> tags) {
    public VmSpec {
        tags = Map.copyOf(tags);
    }
}
