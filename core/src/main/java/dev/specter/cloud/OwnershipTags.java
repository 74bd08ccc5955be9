package dev.specter.cloud;

import java.util.Map;

/**
 * The tags that mark a VM as Specter's. The installation id keeps two Specter installations sharing
 * a cloud account from treating each other's VMs as zombies.
 */
public final class OwnershipTags {
    public static final String INSTALLATION = "specter:installation";
    public static final String INSTANCE = "specter:instance";
    public static final String DOMAIN = "specter:domain";
    public static final String OWNER = "specter:owner";
    public static final String BATCH = "specter:batch";

    private OwnershipTags() {
    }

    public static Map<String, String> of(String installation, String instanceId, String domainId, long owner,
                                         String batchId) {
        return Map.of(INSTALLATION, installation, INSTANCE, instanceId, DOMAIN, domainId, OWNER, Long.toString(owner),
                BATCH, batchId);
    }
}
