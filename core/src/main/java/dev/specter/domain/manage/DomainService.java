package dev.specter.domain.manage;

import dev.specter.domain.Domain;
import dev.specter.domain.DomainChangeListener;
import dev.specter.domain.DomainDefinition;
import dev.specter.domain.DomainRules;
import dev.specter.error.ConflictException;
import dev.specter.error.NotFoundException;
import dev.specter.store.ConcurrentUpdateException;
import dev.specter.store.DuplicateNameException;
import dev.specter.store.Saved;
import dev.specter.store.Store;
import dev.specter.validation.InvalidInputException;
import dev.specter.validation.Limits;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * What users may do to domains. Each write commits, then signals the control loop; it never talks to
 * a cloud. Concurrent writes to one domain are serialized by the stored version: a write re-reads
 * and re-applies its change when another write came first, so none is half-applied or lost.
 */
public final class DomainService {
    private final Store store;
    private final DomainRules rules;
    private final Limits limits;
    private final InstantSource clock;
    private final DomainChangeListener listener;

    public DomainService(Store store, DomainRules rules, Limits limits, InstantSource clock,
                         DomainChangeListener listener) {
        this.store = store;
        this.rules = rules;
        this.limits = limits;
        this.clock = clock;
        this.listener = listener;
    }

    public Saved<Domain> create(long owner, DomainDefinition definition) {
        rules.check(definition);
        Saved<Domain> saved = store.inTransaction(tx -> {
            var existing = tx.domains().byName(owner, definition.name());
            if (existing.isPresent()) {
                return new Saved<>(existing.get(), false);
            }
            requireLaunchConfiguration(tx, owner, definition.lcName());
            if (tx.domains().countLive(owner) >= limits.maxDomainsPerUser()) {
                throw new InvalidInputException(null, "You already have " + limits.maxDomainsPerUser()
                        + " domains, the limit 'max_domains_per_user'");
            }
            Instant now = clock.instant();
            Domain d = new Domain(UUID.randomUUID().toString(), owner, definition.name(), definition.lcName(),
                    definition.policy(), definition.monitorSensors(), definition.monitorDomainSensors(),
                    definition.metrics(), 1, now, now, null);
            try {
                tx.domains().insert(d);
            } catch (DuplicateNameException raced) {
                return new Saved<>(tx.domains().byName(owner, definition.name()).orElseThrow(), false);
            }
            return new Saved<>(d, true);
        });
        if (saved.created()) {
            listener.domainChanged(saved.value().id());
        }
        return saved;
    }

    /**
     * Full replacement of the user-settable definition (Phantom's PUT).
     *
     * @param expectedVersion when present, the write only applies to that version (HTTP If-Match)
     */
    public Domain replace(long owner, Domain current, DomainDefinition definition, OptionalLong expectedVersion) {
        return change(owner, current, c -> definition, expectedVersion);
    }

    /** Like {@link #change(long, String, UnaryOperator, OptionalLong)} starting from {@code read}, just read. */
    public Domain change(long owner, Domain read, UnaryOperator<DomainDefinition> change,
                         OptionalLong expectedVersion) {
        return change(owner, read.id(), change, expectedVersion, tx -> { }, read);
    }

    /** Applies {@code change} to the current definition, re-reading and re-applying on concurrent writes. */
    public Domain change(long owner, String id, UnaryOperator<DomainDefinition> change, OptionalLong expectedVersion) {
        return change(owner, id, change, expectedVersion, tx -> { }, null);
    }

    /**
     * Like {@link #change(long, String, UnaryOperator, OptionalLong)}, also running {@code alongside} in
     * the same transaction, so the control loop sees both writes or neither.
     */
    public Domain change(long owner, String id, UnaryOperator<DomainDefinition> change, OptionalLong expectedVersion,
                         java.util.function.Consumer<Store> alongside) {
        return change(owner, id, change, expectedVersion, alongside, null);
    }

    /**
     * Optimistic first: the update applies only at the version read. A write that lost to another
     * one (and asked for no particular version) goes again reading under the row's lock, which no
     * other writer can overtake, so an unconditional write never starves however many race it.
     *
     * @param read the domain as the caller just read it, saving a read on the first attempt; or null
     */
    private Domain change(long owner, String id, UnaryOperator<DomainDefinition> change, OptionalLong expectedVersion,
                          java.util.function.Consumer<Store> alongside, Domain read) {
        Domain first = read != null ? read : get(owner, id);
        // checked before any transaction: bad input never takes the (on SQLite, single) writer
        DomainDefinition firstNext = next(first, change, expectedVersion);
        Domain stored;
        try {
            stored = store.inTransaction(tx -> update(tx, owner, first, firstNext, alongside));
        } catch (ConcurrentUpdateException lost) {
            if (expectedVersion.isPresent()) {
                throw lost;
            }
            stored = store.inTransaction(tx -> {
                Domain current = tx.domains().lockById(owner, id).orElseThrow(() -> notFound(id));
                return update(tx, owner, current, next(current, change, expectedVersion), alongside);
            });
        }
        listener.domainChanged(id);
        return stored;
    }

    /** The definition {@code change} makes of {@code current}'s, valid, if {@code current} is the version asked for. */
    private DomainDefinition next(Domain current, UnaryOperator<DomainDefinition> change, OptionalLong expectedVersion) {
        if (expectedVersion.isPresent() && expectedVersion.getAsLong() != current.version()) {
            throw new ConcurrentUpdateException("Domain " + current.id() + " is at version " + current.version()
                    + ", not " + expectedVersion.getAsLong());
        }
        DomainDefinition next = change.apply(current.definition());
        rules.check(next);
        return next;
    }

    private Domain update(Store tx, long owner, Domain current, DomainDefinition next,
                          java.util.function.Consumer<Store> alongside) {
        // A domain keeping its LC needs no lock on it: the LC cannot be deleted while this
        // domain refers to it, and a concurrent switch away bumps the version we update at.
        if (!next.lcName().equals(current.lcName())) {
            requireLaunchConfiguration(tx, owner, next.lcName());
        }
        try {
            Domain updated = tx.domains().update(current.redefine(next), clock.instant());
            alongside.accept(tx);
            return updated;
        } catch (DuplicateNameException e) {
            throw new ConflictException("name", "You already have a domain named '" + next.name() + "'");
        }
    }

    public void delete(long owner, String id) {
        if (!store.domains().markDeleted(owner, id, clock.instant())) {
            throw notFound(id);
        }
        listener.domainChanged(id);
    }

    public Domain get(long owner, String id) {
        return store.domains().byId(owner, id).orElseThrow(() -> notFound(id));
    }

    public List<Domain> list(long owner) {
        return store.domains().list(owner);
    }

    private static void requireLaunchConfiguration(Store tx, long owner, String lcName) {
        if (tx.launchConfigurations().lockByName(owner, lcName).isEmpty()) {
            throw new InvalidInputException("lc_name", "No launch configuration named '" + lcName
                    + "'. Can't make domain");
        }
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("Domain " + id + " not found");
    }
}
