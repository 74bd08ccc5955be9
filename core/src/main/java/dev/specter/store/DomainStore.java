package dev.specter.store;

import dev.specter.domain.Domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface DomainStore {
    /** @throws DuplicateNameException when the owner has a live domain of that name */
    void insert(Domain domain);

    /** A live (not deleted) domain of the owner. */
    Optional<Domain> byId(long owner, String id);

    /**
     * Like {@link #byId}, and no other transaction can change the row until this one ends: inside a
     * transaction, a read that the update after it cannot lose to another writer.
     */
    Optional<Domain> lockById(long owner, String id);

    /** Live or deleted, whoever owns it: for the control loop and for listing a deleted domain's instances. */
    Optional<Domain> byIdAnyState(String id);

    Optional<Domain> byName(long owner, String name);

    List<Domain> list(long owner);

    int countLive(long owner);

    /**
     * Stores {@code domain} if the stored row is still at {@code domain.version()}; returns the stored
     * domain with its new version.
     *
     * @throws ConcurrentUpdateException when another write came first
     * @throws DuplicateNameException    when a rename hits another live domain's name
     */
    Domain update(Domain domain, Instant now);

    /** Marks the domain deleted; false when there was no such live domain. */
    boolean markDeleted(long owner, String id, Instant now);

    /** Names of the owner's live domains that use the launch configuration named {@code lcName}. */
    List<String> namesUsing(long owner, String lcName);

    /** Ids of every domain the control loop must look after: live ones and deleted ones not yet purged. */
    List<String> allIds();

    /**
     * Removes domains deleted before {@code before} that have no non-terminal instance left (their
     * instances and history go with them); returns how many.
     */
    int purgeDeleted(Instant before);

    /** Ids of the owner's live domains that use the launch configuration named {@code lcName}. */
    List<String> idsUsing(long owner, String lcName);
}
