package dev.specter.testing.memory;

import dev.specter.launch.LaunchConfiguration;
import dev.specter.store.DuplicateNameException;
import dev.specter.store.LaunchConfigurationStore;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import static dev.specter.testing.memory.Tables.ms;

record InMemoryLaunchConfigurationStore(InMemoryStore db) implements LaunchConfigurationStore {
    private static final Comparator<LaunchConfiguration> LISTED = Comparator
            .comparing(LaunchConfiguration::createdAt).thenComparing(LaunchConfiguration::id);

    @Override
    public void insert(LaunchConfiguration lc) {
        db.write(t -> {
            t.requireUser(lc.owner());
            if (t.lcs.containsKey(lc.id()) || named(t, lc.owner(), lc.name()).isPresent()) {
                throw new DuplicateNameException("launch configuration '" + lc.name() + "' already exists");
            }
            return t.lcs.put(lc.id(), stored(lc));
        });
    }

    @Override
    public Optional<LaunchConfiguration> byId(long owner, String id) {
        return db.read(t -> byIdIn(t, owner, id));
    }

    @Override
    public Optional<LaunchConfiguration> byName(long owner, String name) {
        return db.read(t -> named(t, owner, name));
    }

    @Override
    public Optional<LaunchConfiguration> lockByName(long owner, String name) {
        return byName(owner, name);
    }

    @Override
    public List<LaunchConfiguration> list(long owner) {
        return db.read(t -> t.lcs.values().stream().filter(lc -> lc.owner() == owner).sorted(LISTED).toList());
    }

    @Override
    public List<LaunchConfiguration> listPublished() {
        return db.read(t -> t.lcs.values().stream().filter(LaunchConfiguration::published).sorted(LISTED).toList());
    }

    @Override
    public int count(long owner) {
        return list(owner).size();
    }

    /** As the SQL update: the name, owner and creation time stay. */
    @Override
    public void update(LaunchConfiguration lc) {
        db.write(t -> t.lcs.computeIfPresent(lc.id(), (id, old) -> old.owner() != lc.owner() ? old
                : stored(new LaunchConfiguration(id, old.owner(), old.name(), lc.sites(),
                lc.contextualizationMethod(), lc.userData(), lc.published(), old.createdAt(), lc.updatedAt()))));
    }

    @Override
    public boolean delete(long owner, String id) {
        return db.write(t -> byIdIn(t, owner, id).map(lc -> t.lcs.remove(id)).isPresent());
    }

    @Override
    public boolean setPublished(long owner, String name, boolean published) {
        return db.write(t -> named(t, owner, name).map(lc -> t.lcs.put(lc.id(), new LaunchConfiguration(lc.id(),
                lc.owner(), lc.name(), lc.sites(), lc.contextualizationMethod(), lc.userData(), published,
                lc.createdAt(), lc.updatedAt()))).isPresent());
    }

    private static Optional<LaunchConfiguration> named(Tables t, long owner, String name) {
        return t.lcs.values().stream().filter(lc -> lc.owner() == owner && lc.name().equals(name)).findFirst();
    }

    private static Optional<LaunchConfiguration> byIdIn(Tables t, long owner, String id) {
        return Optional.ofNullable(t.lcs.get(id)).filter(lc -> lc.owner() == owner);
    }

    /** Sites in name order, as the SQL store reads them back. */
    private static LaunchConfiguration stored(LaunchConfiguration lc) {
        return new LaunchConfiguration(lc.id(), lc.owner(), lc.name(), new TreeMap<>(lc.sites()),
                lc.contextualizationMethod(), lc.userData(), lc.published(), ms(lc.createdAt()),
                ms(lc.updatedAt()));
    }
}
