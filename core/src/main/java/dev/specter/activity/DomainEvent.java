package dev.specter.activity;

import dev.specter.instance.Instance;

import java.util.List;

/** Something happened to a domain that watchers (server-sent events) may want to see. */
public sealed interface DomainEvent {
    String domainId();

    /** The user changed the domain's definition, or deleted it. */
    record DefinitionChanged(String domainId) implements DomainEvent {
    }

    /** Instances were created or changed state. */
    record InstancesChanged(String domainId, List<Instance> instances) implements DomainEvent {
        public InstancesChanged {
            instances = List.copyOf(instances);
        }
    }

    /** A scaling activity was recorded. */
    record ActivityRecorded(String domainId, Activity activity) implements DomainEvent {
    }
}
