package dev.specter.testing.memory;

import dev.specter.engine.ScalingState;
import dev.specter.store.ScalingStateStore;

import java.util.Objects;

import static dev.specter.testing.memory.Tables.ms;

record InMemoryScalingStateStore(InMemoryStore db) implements ScalingStateStore {
    @Override
    public ScalingState forDomain(String domainId) {
        return db.read(t -> t.scaling.getOrDefault(domainId, ScalingState.NONE));
    }

    @Override
    public void put(String domainId, ScalingState state) {
        db.write(t -> {
            t.requireDomain(domainId);
            Objects.requireNonNull(state.engine(), "domain_scaling.engine");
            return t.scaling.put(domainId, new ScalingState(state.engine(), state.desired(),
                    ms(state.lastScaledAt())));
        });
    }

    @Override
    public void shrinkByOne(String domainId) {
        db.write(t -> t.scaling.computeIfPresent(domainId, (id, s) -> s.desired() == null || s.desired() <= 0 ? s
                : new ScalingState(s.engine(), s.desired() - 1, s.lastScaledAt())));
    }
}
