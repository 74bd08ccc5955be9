package dev.specter.store.sql;

import dev.specter.engine.ScalingState;
import dev.specter.store.ScalingStateStore;

final class SqlScalingStateStore implements ScalingStateStore {
    private final HandleScope db;

    SqlScalingStateStore(HandleScope db) {
        this.db = db;
    }

    @Override
    public ScalingState forDomain(String domainId) {
        return db.read(h -> h.createQuery("select * from domain_scaling where domain_id = :d").bind("d", domainId)
                .map((rs, ctx) -> {
                    int desired = rs.getInt("desired");
                    Integer d = rs.wasNull() ? null : desired;
                    return new ScalingState(rs.getString("engine"), d,
                            Sql.instant(rs.getLong("last_scaled_at"), rs.wasNull()));
                }).findOne().orElse(ScalingState.NONE));
    }

    @Override
    public void put(String domainId, ScalingState s) {
        db.write(h -> h.createUpdate("""
                        insert into domain_scaling (domain_id, engine, desired, last_scaled_at) values (:d, :e, :n, :s)
                        on conflict (domain_id) do update set engine = excluded.engine, desired = excluded.desired,
                            last_scaled_at = excluded.last_scaled_at""")
                .bind("d", domainId).bind("e", s.engine()).bind("n", s.desired())
                .bind("s", Sql.millis(s.lastScaledAt())).execute());
    }

    @Override
    public void shrinkByOne(String domainId) {
        db.write(h -> h.createUpdate("update domain_scaling set desired = desired - 1 where domain_id = :d "
                + "and desired > 0").bind("d", domainId).execute());
    }
}
