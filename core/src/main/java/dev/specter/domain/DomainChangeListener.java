package dev.specter.domain;

/**
 * Told after a domain's stored desired state changed, so the control loop can act at once instead
 * of on its next periodic pass.
 */
@FunctionalInterface
public interface DomainChangeListener {
    DomainChangeListener NONE = id -> { };

    void domainChanged(String domainId);
}
