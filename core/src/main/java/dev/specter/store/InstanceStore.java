package dev.specter.store;

import dev.specter.instance.Instance;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface InstanceStore {
    /** The domain's instances: all non-terminal ones and terminal ones that changed at or after {@code since}. */
    List<Instance> byDomain(String domainId, Instant since);

    Optional<Instance> byId(String domainId, String instanceId);
}
