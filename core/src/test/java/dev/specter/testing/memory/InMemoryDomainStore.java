package dev.specter.testing.memory;

import dev.specter.domain.Domain;
import dev.specter.instance.Instance;
import dev.specter.store.ConcurrentUpdateException;
import dev.specter.store.DomainStore;
import dev.specter.store.DuplicateNameException;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.specter.testing.memory.Tables.ms;

record InMemoryDomainStore(InMemoryStore db) implements DomainStore {
    private static final Comparator<Domain> LISTED = Comparator.comparing(Domain::createdAt)
            .thenComparing(Domain::id);

    @Override
    public void insert(Domain d) {
        db.write(t -> {
            t.requireUser(d.owner());
            if (t.domains.containsKey(d.id()) || liveNamed(t, d.owner(), d.name(), null).isPresent()) {
                throw new DuplicateNameException("domain '" + d.name() + "' already exists");
            }
            return t.domains.put(d.id(), copy(d, d.version(), ms(d.createdAt()), ms(d.updatedAt()),
                    ms(d.deletedAt())));
        });
    }

    @Override
    public Optional<Domain> byId(long owner, String id) {
        return db.read(t -> live(t, owner, id));
    }

    /** Transactions run one at a time, so a read inside one already holds until it ends. */
    @Override
    public Optional<Domain> lockById(long owner, String id) {
        return byId(owner, id);
    }

    @Override
    public Optional<Domain> byIdAnyState(String id) {
        return db.read(t -> Optional.ofNullable(t.domains.get(id)));
    }

    @Override
    public Optional<Domain> byName(long owner, String name) {
        return db.read(t -> liveNamed(t, owner, name, null));
    }

    @Override
    public List<Domain> list(long owner) {
        return db.read(t -> liveOf(t, owner).sorted(LISTED).toList());
    }

    @Override
    public int countLive(long owner) {
        return db.read(t -> (int) liveOf(t, owner).count());
    }

    @Override
    public Domain update(Domain d, Instant now) {
        return db.write(t -> {
            Domain row = t.domains.get(d.id());
            if (row == null || row.deleted() || row.version() != d.version()) {
                throw new ConcurrentUpdateException("domain " + d.id() + " changed or was deleted since version "
                        + d.version());
            }
            if (liveNamed(t, row.owner(), d.name(), d.id()).isPresent()) {
                throw new DuplicateNameException("domain '" + d.name() + "' already exists");
            }
            t.domains.put(d.id(), new Domain(d.id(), row.owner(), d.name(), d.lcName(), d.policy(),
                    d.monitorSensors(), d.monitorDomainSensors(), d.metrics(), d.version() + 1, row.createdAt(),
                    ms(now), null));
            return copy(d, d.version() + 1, d.createdAt(), ms(now), null);
        });
    }

    @Override
    public boolean markDeleted(long owner, String id, Instant now) {
        return db.write(t -> live(t, owner, id).map(d -> t.domains.put(id, copy(d, d.version() + 1, d.createdAt(),
                ms(now), ms(now)))).isPresent());
    }

    @Override
    public List<String> namesUsing(long owner, String lcName) {
        return db.read(t -> using(t, owner, lcName).map(Domain::name).sorted().toList());
    }

    @Override
    public List<String> allIds() {
        return db.read(t -> t.domains.keySet().stream().sorted().toList());
    }

    /** The rows that refer to a purged domain go with it (on delete cascade). */
    @Override
    public int purgeDeleted(Instant before) {
        return db.write(t -> {
            Set<String> busy = t.instances.values().stream().filter(i -> !i.state().terminal())
                    .map(Instance::domainId).collect(Collectors.toSet());
            List<String> purged = t.domains.values().stream().filter(d -> d.deleted()
                    && d.deletedAt().isBefore(before) && !busy.contains(d.id())).map(Domain::id).toList();
            Set<String> gone = new HashSet<>(purged);
            gone.forEach(t.domains::remove);
            t.instances.values().removeIf(i -> gone.contains(i.domainId()));
            t.activities.values().removeIf(a -> gone.contains(a.domainId()));
            t.siteHealth.keySet().removeIf(k -> gone.contains(k.domainId()));
            t.scaling.keySet().removeIf(gone::contains);
            return purged.size();
        });
    }

    @Override
    public List<String> idsUsing(long owner, String lcName) {
        return db.read(t -> using(t, owner, lcName).map(Domain::id).sorted().toList());
    }

    private static Stream<Domain> liveOf(Tables t, long owner) {
        return t.domains.values().stream().filter(d -> d.owner() == owner && !d.deleted());
    }

    private static Stream<Domain> using(Tables t, long owner, String lcName) {
        return liveOf(t, owner).filter(d -> d.lcName().equals(lcName));
    }

    private static Optional<Domain> live(Tables t, long owner, String id) {
        return Optional.ofNullable(t.domains.get(id)).filter(d -> d.owner() == owner && !d.deleted());
    }

    /** A live domain of the owner with that name, other than {@code except}. */
    private static Optional<Domain> liveNamed(Tables t, long owner, String name, String except) {
        return liveOf(t, owner).filter(d -> d.name().equals(name) && !d.id().equals(except)).findFirst();
    }

    private static Domain copy(Domain d, long version, Instant createdAt, Instant updatedAt, Instant deletedAt) {
        return new Domain(d.id(), d.owner(), d.name(), d.lcName(), d.policy(), d.monitorSensors(),
                d.monitorDomainSensors(), d.metrics(), version, createdAt, updatedAt, deletedAt);
    }
}
