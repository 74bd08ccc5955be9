package dev.specter.store.sql;

import dev.specter.instance.Instance;
import dev.specter.instance.LifecycleState;
import dev.specter.store.InstanceStore;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

final class SqlInstanceStore implements InstanceStore {
    static final RowMapper<Instance> INSTANCE = (rs, ctx) -> {
        int end = rs.getInt("end_state");
        LifecycleState endState = rs.wasNull() ? null : LifecycleState.ofCode(end);
        return new Instance(rs.getString("id"), rs.getString("domain_id"), rs.getLong("owner"), rs.getString("site"),
                rs.getString("batch_id"), LifecycleState.ofCode(rs.getInt("state")), rs.getString("iaas_id"),
                rs.getString("image_id"), rs.getString("instance_type"), rs.getString("keyname"),
                rs.getString("user_data"), rs.getString("hostname"), rs.getString("public_ip"),
                rs.getString("private_ip"), rs.getString("reason"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("state_changed_at")),
                Sql.instant(rs.getLong("missing_since"), rs.wasNull()), endState);
    };
    private final HandleScope db;

    SqlInstanceStore(HandleScope db) {
        this.db = db;
    }

    @Override
    public List<Instance> byDomain(String domainId, Instant since) {
        return db.with(h -> h.createQuery("""
                        select * from instances where domain_id = :d and (state < :terminal or state_changed_at >= :since)
                        order by created_at, id""")
                .bind("d", domainId).bind("terminal", LifecycleState.TERMINATED.code())
                .bind("since", since.toEpochMilli()).map(INSTANCE).list());
    }

    @Override
    public Optional<Instance> byId(String domainId, String instanceId) {
        return db.with(h -> h.createQuery("select * from instances where domain_id = :d and id = :id")
                .bind("d", domainId).bind("id", instanceId).map(INSTANCE).findOne());
    }
}
