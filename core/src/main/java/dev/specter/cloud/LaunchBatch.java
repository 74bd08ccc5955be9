package dev.specter.cloud;

import java.util.List;

/**
 * VMs launched together in one cloud call. A retry re-sends the same batch id, from which drivers
 * derive the call's idempotency token (EC2 ClientToken), so a retried call never doubles VMs.
 */
public record LaunchBatch(String batchId, List<VmSpec> vms) {
    public LaunchBatch {
        vms = List.copyOf(vms);
        if (vms.isEmpty()) {
            throw new IllegalArgumentException("empty launch batch");
        }
    }
}
