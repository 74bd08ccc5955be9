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
        return db.with(h -> h.createQuery("select * from domain_scaling where domain_id = :d").bind("d", domainId)
                .map((rs, ctx) -> {
                    int desired = rs.getInt("desired");
                    Integer d = rs.wasNull() ? null : desired;
                    return new ScalingState(rs.getString("engine"), d,
                            Sql.instant(rs.getLong("last_scaled_at"), rs.wasNull()));
                }).findOne().orElse(ScalingState.NONE));
    }

    @Override
    public void put(String domainId, ScalingState s) {
        db.with(h -> h.createUpdate("""
                        merge into domain_scaling t
                        using (select cast(:d as varchar(36)) domain_id) k on t.domain_id = k.domain_id
                        when matched then update set engine = :e, desired = :n, last_scaled_at = :s
                        when not matched then insert (domain_id, engine, desired, last_scaled_at)
                            values (:d, :e, :n, :s)""")
                .bind("d", domainId).bind("e", s.engine()).bind("n", s.desired())
                .bind("s", Sql.millis(s.lastScaledAt())).execute());
    }

    @Override
    public void shrinkByOne(String domainId) {
        db.with(h -> h.createUpdate("update domain_scaling set desired = desired - 1 where domain_id = :d "
                + "and desired > 0").bind("d", domainId).execute());
    }
}
