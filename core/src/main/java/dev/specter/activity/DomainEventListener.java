package dev.specter.activity;

/** Receives domain events after the change they describe is committed. */
@FunctionalInterface
public interface DomainEventListener {
    DomainEventListener NONE = e -> { };

    void on(DomainEvent event);
}
