package dev.specter.domain;

import java.time.Instant;
import java.util.List;

/**
 * A fleet of VMs kept at the size its policy asks for, launched from the launch configuration named
 * {@code lcName}.
 *
 * @param version   bumped by every stored change; the basis of optimistic concurrency
 * @param deletedAt set when the user deleted the domain; its VMs are then being terminated and the
 *                  domain is no longer listed
 */
public record Domain(String id, long owner, String name, String lcName, ScalingPolicy policy,
                     List<String> monitorSensors, List<String> monitorDomainSensors, MetricSettings metrics,
                     long version, Instant createdAt, Instant updatedAt, Instant deletedAt) {
    public Domain {
        monitorSensors = List.copyOf(monitorSensors);
        monitorDomainSensors = List.copyOf(monitorDomainSensors);
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    /** The same domain with another user-settable definition; identity and history are kept. */
    public Domain redefine(DomainDefinition d) {
        return new Domain(id, owner, d.name(), d.lcName(), d.policy(), d.monitorSensors(), d.monitorDomainSensors(),
                d.metrics(), version, createdAt, updatedAt, deletedAt);
    }

    public DomainDefinition definition() {
        return new DomainDefinition(name, lcName, policy, monitorSensors, monitorDomainSensors, metrics);
    }
}
