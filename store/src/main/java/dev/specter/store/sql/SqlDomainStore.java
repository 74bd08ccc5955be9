package dev.specter.store.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.specter.domain.Domain;
import dev.specter.domain.MetricSettings;
import dev.specter.domain.PolicyCodecs;
import dev.specter.domain.ScalingPolicy;
import dev.specter.metric.Statistic;
import dev.specter.store.ConcurrentUpdateException;
import dev.specter.store.DomainStore;
import dev.specter.validation.InvalidInputException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Domains, one row each. The policy is its codec's parameters as one JSON object in {@code policy_params},
 * so a parameter added to a policy needs no column and no migration.
 */
final class SqlDomainStore implements DomainStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> PARAMS = new TypeReference<>() {
    };
    private static final RowMapper<Domain> DOMAIN = (rs, ctx) -> new Domain(rs.getString("id"), rs.getLong("owner"),
            rs.getString("name"), rs.getString("lc_name"), policy(rs), split(rs.getString("monitor_sensors")),
            split(rs.getString("monitor_domain_sensors")), metrics(rs), rs.getLong("version"),
            Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")),
            Sql.instant(rs.getLong("deleted_at"), rs.wasNull()));
    private final HandleScope db;
    private final Dialect dialect;

    SqlDomainStore(HandleScope db, Dialect dialect) {
        this.db = db;
        this.dialect = dialect;
    }

    @Override
    public void insert(Domain d) {
        Sql.unique("domain '" + d.name() + "'", () -> db.write(h -> bindDefinition(h.createUpdate("""
                        insert into domains (id, owner, name, live_name, lc_name, de_name, policy_params,
                            monitor_sensors, monitor_domain_sensors, metric_source, metric_query, metric_statistic,
                            metric_sample_window, metric_evaluation_period, version, created_at, updated_at)
                        values (:id, :owner, :name, :name, :lc, :de, :params, :ms, :mds, :msource, :mquery, :mstat,
                            :mwindow, :mperiod, :version, :c, :u)"""), d)
                .bind("id", d.id()).bind("owner", d.owner()).bind("version", d.version())
                .bind("c", d.createdAt().toEpochMilli()).bind("u", d.updatedAt().toEpochMilli())
                .execute()));
    }

    @Override
    public Optional<Domain> byId(long owner, String id) {
        return db.read(h -> h.createQuery("select * from domains where owner = :o and id = :id and deleted_at is null")
                .bind("o", owner).bind("id", id).map(DOMAIN).findOne());
    }

    @Override
    public Optional<Domain> lockById(long owner, String id) {
        return db.write(h -> h.createQuery("select * from domains where owner = :o and id = :id and deleted_at is null"
                        + dialect.lockRows())
                .bind("o", owner).bind("id", id).map(DOMAIN).findOne());
    }

    @Override
    public Optional<Domain> byIdAnyState(String id) {
        return db.read(h -> h.createQuery("select * from domains where id = :id").bind("id", id).map(DOMAIN).findOne());
    }

    @Override
    public Optional<Domain> byName(long owner, String name) {
        return db.read(h -> h.createQuery("select * from domains where owner = :o and live_name = :n")
                .bind("o", owner).bind("n", name).map(DOMAIN).findOne());
    }

    @Override
    public List<Domain> list(long owner) {
        return db.read(h -> h.createQuery(
                        "select * from domains where owner = :o and deleted_at is null order by created_at, id")
                .bind("o", owner).map(DOMAIN).list());
    }

    @Override
    public int countLive(long owner) {
        return db.read(h -> h.createQuery("select count(*) from domains where owner = :o and deleted_at is null")
                .bind("o", owner).mapTo(Integer.class).one());
    }

    @Override
    public Domain update(Domain d, Instant now) {
        int rows = Sql.unique("domain '" + d.name() + "'", () -> db.write(h -> bindDefinition(h.createUpdate("""
                        update domains set name = :name, live_name = :name, lc_name = :lc, de_name = :de,
                            policy_params = :params, monitor_sensors = :ms, monitor_domain_sensors = :mds,
                            metric_source = :msource, metric_query = :mquery, metric_statistic = :mstat,
                            metric_sample_window = :mwindow, metric_evaluation_period = :mperiod,
                            version = version + 1, updated_at = :u
                        where id = :id and version = :version and deleted_at is null"""), d)
                .bind("id", d.id()).bind("version", d.version()).bind("u", now.toEpochMilli()).execute()));
        if (rows == 0) {
            throw new ConcurrentUpdateException("domain " + d.id() + " changed or was deleted since version "
                    + d.version());
        }
        return new Domain(d.id(), d.owner(), d.name(), d.lcName(), d.policy(), d.monitorSensors(),
                d.monitorDomainSensors(), d.metrics(), d.version() + 1, d.createdAt(), Instant.ofEpochMilli(now.toEpochMilli()),
                null);
    }

    @Override
    public boolean markDeleted(long owner, String id, Instant now) {
        return db.write(h -> h.createUpdate("""
                        update domains set deleted_at = :t, live_name = null, version = version + 1, updated_at = :t
                        where owner = :o and id = :id and deleted_at is null""")
                .bind("t", now.toEpochMilli()).bind("o", owner).bind("id", id).execute()) > 0;
    }

    @Override
    public List<String> namesUsing(long owner, String lcName) {
        return db.read(h -> h.createQuery(
                        "select name from domains where owner = :o and lc_name = :n and deleted_at is null order by name")
                .bind("o", owner).bind("n", lcName).mapTo(String.class).list());
    }

    @Override
    public List<String> idsUsing(long owner, String lcName) {
        return db.read(h -> h.createQuery(
                        "select id from domains where owner = :o and lc_name = :n and deleted_at is null order by id")
                .bind("o", owner).bind("n", lcName).mapTo(String.class).list());
    }

    @Override
    public List<String> allIds() {
        return db.read(h -> h.createQuery("select id from domains order by id").mapTo(String.class).list());
    }

    @Override
    public int purgeDeleted(Instant before) {
        return db.write(h -> h.createUpdate("""
                        delete from domains where deleted_at is not null and deleted_at < :t
                        and not exists (select 1 from instances i where i.domain_id = domains.id and i.state < :terminal)""")
                .bind("t", before.toEpochMilli()).bind("terminal", dev.specter.instance.LifecycleState.TERMINATED.code())
                .execute());
    }

    private static Update bindDefinition(Update u, Domain d) {
        MetricSettings m = d.metrics();
        return u.bind("name", d.name()).bind("lc", d.lcName()).bind("de", d.policy().engineName())
                .bind("params", params(d.policy()))
                .bind("ms", String.join(",", d.monitorSensors()))
                .bind("mds", String.join(",", d.monitorDomainSensors()))
                .bind("msource", m.source()).bind("mquery", m.query()).bind("mstat", m.statistic().label())
                .bind("mwindow", m.sampleWindowSeconds()).bind("mperiod", m.evaluationPeriodSeconds());
    }

    /** The policy as policy_params holds it: its codec's parameters as one JSON object. */
    private static String params(ScalingPolicy p) {
        try {
            return JSON.writeValueAsString(PolicyCodecs.encode(p));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the parameters of " + p, e);
        }
    }

    private static MetricSettings metrics(ResultSet rs) throws SQLException {
        return new MetricSettings(rs.getString("metric_source"), rs.getString("metric_query"),
                Statistic.parse("metric_statistic", rs.getString("metric_statistic")),
                rs.getInt("metric_sample_window"), rs.getInt("metric_evaluation_period"));
    }

    /**
     * Parameters a row lacks take their codec's defaults (a parameter added since the row was
     * written needs no migration); bounds are not checked again, so a lowered limit still reads every domain.
     */
    private static ScalingPolicy policy(ResultSet rs) throws SQLException {
        try {
            return PolicyCodecs.decode(rs.getString("de_name"), JSON.readValue(rs.getString("policy_params"), PARAMS));
        } catch (JsonProcessingException | InvalidInputException e) {
            throw new IllegalStateException("stored domain " + rs.getString("id") + " has an unreadable policy: "
                    + e.getMessage(), e);
        }
    }

    private static List<String> split(String csv) {
        return csv == null || csv.isEmpty() ? List.of() : Arrays.stream(csv.split(",")).toList();
    }
}
