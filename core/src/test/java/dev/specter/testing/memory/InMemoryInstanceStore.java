package dev.specter.testing.memory;

import dev.specter.cloud.ObservedVm;
import dev.specter.instance.Instance;
import dev.specter.store.InstanceStore;
import dev.specter.validation.Text;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.specter.testing.memory.Tables.ms;

record InMemoryInstanceStore(InMemoryStore db) implements InstanceStore {
    private static final Comparator<Instance> LISTED = Comparator.comparing(Instance::createdAt)
            .thenComparing(Instance::id);

    @Override
    public List<Instance> byDomain(String domainId, Instant since) {
        return db.read(t -> t.instances.values().stream().filter(i -> i.domainId().equals(domainId)
                && (!i.state().terminal() || !i.stateChangedAt().isBefore(since))).sorted(LISTED).toList());
    }

    @Override
    public Optional<Instance> byId(String domainId, String instanceId) {
        return db.read(t -> Optional.ofNullable(t.instances.get(instanceId))
                .filter(i -> i.domainId().equals(domainId)));
    }

    @Override
    public List<Instance> live(String domainId) {
        return db.read(t -> t.instances.values().stream()
                .filter(i -> i.domainId().equals(domainId) && !i.state().terminal()).sorted(LISTED).toList());
    }

    @Override
    public List<Instance> byIds(Collection<String> ids) {
        Set<String> wanted = new HashSet<>(ids);
        return db.read(t -> t.instances.values().stream().filter(i -> wanted.contains(i.id())).toList());
    }

    @Override
    public List<Instance> ofOwner(long owner, Collection<String> refs) {
        Set<String> wanted = new HashSet<>(refs);
        return db.read(t -> t.instances.values().stream().filter(i -> i.owner() == owner
                && (wanted.contains(i.id()) || wanted.contains(i.iaasId()))).toList());
    }

    @Override
    public Set<String> liveIdsOn(String site) {
        return db.read(t -> liveOn(t, site).map(Instance::id).collect(Collectors.toSet()));
    }

    @Override
    public Set<Long> ownersLiveOn(String site) {
        return db.read(t -> liveOn(t, site).map(Instance::owner).collect(Collectors.toSet()));
    }

    @Override
    public void insertAll(List<Instance> instances) {
        db.write(t -> {
            for (Instance i : instances) {
                t.requireDomain(i.domainId());
                if (t.instances.containsKey(i.id())) {
                    throw new IllegalStateException("primary key: instance " + i.id() + " exists");
                }
                t.instances.put(i.id(), stored(i, i));
            }
            return null;
        });
    }

    /** As the SQL update: the control loop's columns only; a termination request stays. */
    @Override
    public void updateAll(List<Instance> instances) {
        db.write(t -> {
            for (Instance i : instances) {
                Instance row = t.instances.get(i.id());
                if (row != null) {
                    t.instances.put(i.id(), stored(row, i));
                }
            }
            return null;
        });
    }

    @Override
    public boolean requestTermination(String domainId, String instanceId) {
        return db.write(t -> {
            Instance i = t.instances.get(instanceId);
            if (i == null || !i.domainId().equals(domainId) || i.state().terminal()) {
                return false;
            }
            t.instances.put(i.id(), new Instance(i.id(), i.domainId(), i.owner(), i.site(), i.batchId(), i.state(),
                    i.iaasId(), i.imageId(), i.instanceType(), i.keyname(), i.userData(), i.hostname(),
                    i.publicIp(), i.privateIp(), i.reason(), i.createdAt(), i.stateChangedAt(), i.missingSince(),
                    i.endState(), true));
            return true;
        });
    }

    @Override
    public int purgeTerminal(Instant before) {
        return db.write(t -> {
            int n = t.instances.size();
            t.instances.values().removeIf(i -> i.state().terminal() && i.stateChangedAt().isBefore(before));
            return n - t.instances.size();
        });
    }

    private static Stream<Instance> liveOn(Tables t, String site) {
        return t.instances.values().stream().filter(i -> i.site().equals(site) && !i.state().terminal());
    }

    /**
     * The row {@code fixed} keeps (identity, launch parameters, creation, termination request),
     * with the control loop's columns from {@code i}, clipped to their sizes as the SQL store does.
     */
    private static Instance stored(Instance fixed, Instance i) {
        if (!Text.fits(i.iaasId(), ObservedVm.MAX_IAAS_ID_LENGTH)) {
            throw new IllegalArgumentException("instance " + i.id() + ": the cloud's id is " + i.iaasId().length()
                    + " characters, more than the " + ObservedVm.MAX_IAAS_ID_LENGTH + " of instances.iaas_id");
        }
        return new Instance(fixed.id(), fixed.domainId(), fixed.owner(), fixed.site(), fixed.batchId(), i.state(),
                i.iaasId(), fixed.imageId(), fixed.instanceType(), fixed.keyname(), fixed.userData(),
                Text.clip(i.hostname(), ObservedVm.MAX_HOSTNAME_LENGTH),
                Text.clip(i.publicIp(), ObservedVm.MAX_ADDRESS_LENGTH),
                Text.clip(i.privateIp(), ObservedVm.MAX_ADDRESS_LENGTH),
                Text.clip(i.reason(), Instance.MAX_REASON_LENGTH), ms(fixed.createdAt()), ms(i.stateChangedAt()),
                ms(i.missingSince()), i.endState(), fixed.terminationRequested());
    }
}
