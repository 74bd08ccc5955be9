package dev.specter.store.sql;

import dev.specter.cloud.ObservedVm;
import dev.specter.instance.Instance;
import dev.specter.instance.LifecycleState;
import dev.specter.store.InstanceStore;
import dev.specter.validation.Text;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
                Sql.instant(rs.getLong("missing_since"), rs.wasNull()), endState,
                rs.getBoolean("termination_requested"));
    };
    private final HandleScope db;

    SqlInstanceStore(HandleScope db) {
        this.db = db;
    }

    @Override
    public List<Instance> byDomain(String domainId, Instant since) {
        return db.read(h -> h.createQuery("""
                        select * from instances where domain_id = :d and (state < :terminal or state_changed_at >= :since)
                        order by created_at, id""")
                .bind("d", domainId).bind("terminal", LifecycleState.TERMINATED.code())
                .bind("since", since.toEpochMilli()).map(INSTANCE).list());
    }

    @Override
    public Optional<Instance> byId(String domainId, String instanceId) {
        return db.read(h -> h.createQuery("select * from instances where domain_id = :d and id = :id")
                .bind("d", domainId).bind("id", instanceId).map(INSTANCE).findOne());
    }

    @Override
    public List<Instance> live(String domainId) {
        return db.read(h -> h.createQuery("select * from instances where domain_id = :d and state < :terminal "
                        + "order by created_at, id")
                .bind("d", domainId).bind("terminal", LifecycleState.TERMINATED.code()).map(INSTANCE).list());
    }

    @Override
    public List<Instance> byIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Instance> out = new ArrayList<>();
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += 500) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
            out.addAll(db.read(h -> h.createQuery("select * from instances where id in (<ids>)")
                    .bindList("ids", chunk).map(INSTANCE).list()));
        }
        return out;
    }

    @Override
    public List<Instance> ofOwner(long owner, Collection<String> refs) {
        List<Instance> out = new ArrayList<>();
        List<String> all = List.copyOf(refs);
        for (int from = 0; from < all.size(); from += 500) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
            out.addAll(db.read(h -> h.createQuery("select * from instances where owner = :o "
                            + "and (id in (<refs>) or iaas_id in (<refs>))")
                    .bind("o", owner).bindList("refs", chunk).map(INSTANCE).list()));
        }
        return out;
    }

    @Override
    public Set<String> liveIdsOn(String site) {
        return db.read(h -> new HashSet<>(h.createQuery("select id from instances where site = :s and state < :terminal")
                .bind("s", site).bind("terminal", LifecycleState.TERMINATED.code()).mapTo(String.class).list()));
    }

    @Override
    public Set<Long> ownersLiveOn(String site) {
        return db.read(h -> new HashSet<>(h.createQuery(
                        "select distinct owner from instances where site = :s and state < :terminal")
                .bind("s", site).bind("terminal", LifecycleState.TERMINATED.code()).mapTo(Long.class).list()));
    }

    @Override
    public void insertAll(List<Instance> instances) {
        if (instances.isEmpty()) {
            return;
        }
        db.write(h -> {
            var batch = h.prepareBatch("""
                    insert into instances (id, domain_id, owner, site, batch_id, state, iaas_id, image_id, instance_type,
                        keyname, user_data, hostname, public_ip, private_ip, reason, created_at, state_changed_at,
                        missing_since, end_state, termination_requested)
                    values (:id, :domain, :owner, :site, :batch, :state, :iaas, :image, :type, :key, :ud, :host, :pub,
                        :priv, :reason, :created, :changed, :missing, :end, :tr)""");
            for (Instance i : instances) {
                bind(batch, i).bind("domain", i.domainId()).bind("owner", i.owner()).bind("site", i.site())
                        .bind("batch", i.batchId()).bind("image", i.imageId()).bind("type", i.instanceType())
                        .bind("key", i.keyname()).bind("ud", i.userData()).bind("created", i.createdAt().toEpochMilli())
                        .bind("tr", i.terminationRequested()).add();
            }
            return batch.execute();
        });
    }

    @Override
    public void updateAll(List<Instance> instances) {
        if (instances.isEmpty()) {
            return;
        }
        db.write(h -> {
            var batch = h.prepareBatch("""
                    update instances set state = :state, iaas_id = :iaas, hostname = :host, public_ip = :pub,
                        private_ip = :priv, reason = :reason, state_changed_at = :changed, missing_since = :missing,
                        end_state = :end
                    where id = :id""");
            for (Instance i : instances) {
                bind(batch, i).add();
            }
            return batch.execute();
        });
    }

    @Override
    public boolean requestTermination(String domainId, String instanceId) {
        return db.write(h -> h.createUpdate("update instances set termination_requested = true "
                        + "where domain_id = :d and id = :id and state < :terminal")
                .bind("d", domainId).bind("id", instanceId).bind("terminal", LifecycleState.TERMINATED.code())
                .execute()) > 0;
    }

    @Override
    public int purgeTerminal(Instant before) {
        return db.write(h -> h.createUpdate("delete from instances where state >= :terminal and state_changed_at < :t")
                .bind("terminal", LifecycleState.TERMINATED.code()).bind("t", before.toEpochMilli()).execute());
    }

    private static org.jdbi.v3.core.statement.PreparedBatch bind(org.jdbi.v3.core.statement.PreparedBatch b,
                                                                  Instance i) {
        return b.bind("id", i.id()).bind("state", i.state().code()).bind("iaas", iaasId(i))
                .bind("host", Text.clip(i.hostname(), ObservedVm.MAX_HOSTNAME_LENGTH))
                .bind("pub", Text.clip(i.publicIp(), ObservedVm.MAX_ADDRESS_LENGTH))
                .bind("priv", Text.clip(i.privateIp(), ObservedVm.MAX_ADDRESS_LENGTH))
                .bind("reason", Text.clip(i.reason(), Instance.MAX_REASON_LENGTH))
                .bind("changed", i.stateChangedAt().toEpochMilli()).bind("missing", Sql.millis(i.missingSince()))
                .bind("end", i.endState() == null ? null : i.endState().code());
    }

    /**
     * Descriptive text from clouds is clipped (the gateway already did), an id is refused: cut short it
     * would name another VM or none. The gateway never lets such an id through; this guards the columns
     * where the database does not (SQLite).
     */
    private static String iaasId(Instance i) {
        if (!Text.fits(i.iaasId(), ObservedVm.MAX_IAAS_ID_LENGTH)) {
            throw new IllegalArgumentException("instance " + i.id() + ": the cloud's id is " + i.iaasId().length()
                    + " characters, more than the " + ObservedVm.MAX_IAAS_ID_LENGTH + " of instances.iaas_id");
        }
        return i.iaasId();
    }
}
