package dev.specter.domain;

import java.util.List;

/** The part of a domain a user writes: everything but identity, ownership and bookkeeping. */
public record DomainDefinition(String name, String lcName, ScalingPolicy policy, List<String> monitorSensors,
                               List<String> monitorDomainSensors, MetricSettings metrics) {
    public DomainDefinition {
        monitorSensors = List.copyOf(monitorSensors);
        monitorDomainSensors = List.copyOf(monitorDomainSensors);
    }

    public DomainDefinition withPolicy(ScalingPolicy p) {
        return new DomainDefinition(name, lcName, p, monitorSensors, monitorDomainSensors, metrics);
    }
}
