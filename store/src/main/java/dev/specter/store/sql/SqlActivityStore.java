package dev.specter.store.sql;

import dev.specter.activity.Activity;
import dev.specter.store.ActivityStore;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

final class SqlActivityStore implements ActivityStore {
    private static final RowMapper<Activity> ACTIVITY = (rs, ctx) -> new Activity(rs.getLong("id"),
            rs.getString("domain_id"), rs.getLong("owner"), Instant.ofEpochMilli(rs.getLong("occurred_at")),
            rs.getString("action"), rs.getString("cause"), rs.getString("description"), rs.getString("result"),
            rs.getString("site"), rs.getInt("instance_count"));
    private final HandleScope db;

    SqlActivityStore(HandleScope db) {
        this.db = db;
    }

    @Override
    public Activity append(Activity a) {
        long id = db.with(h -> h.createUpdate("""
                        insert into activities (domain_id, owner, occurred_at, action, cause, description, result, site,
                            instance_count)
                        values (:d, :o, :t, :a, :c, :desc, :r, :s, :n)""")
                .bind("d", a.domainId()).bind("o", a.owner()).bind("t", a.at().toEpochMilli()).bind("a", a.action())
                .bind("c", clip(a.cause(), 2048)).bind("desc", clip(a.description(), 4096)).bind("r", a.result())
                .bind("s", a.site()).bind("n", a.instanceCount())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new Activity(id, a.domainId(), a.owner(), Instant.ofEpochMilli(a.at().toEpochMilli()), a.action(),
                clip(a.cause(), 2048), clip(a.description(), 4096), a.result(), a.site(), a.instanceCount());
    }

    @Override
    public List<Activity> list(String domainId, long beforeId, int limit) {
        return db.with(h -> h.createQuery("""
                        select * from activities where domain_id = :d and (:before = 0 or id < :before)
                        order by id desc limit :limit""")
                .bind("d", domainId).bind("before", beforeId).bind("limit", limit).map(ACTIVITY).list());
    }

    /*
     * The deletes below pick their rows with a query, then delete them by id: a single
     * "delete ... where id in (select ... limit n)" is portable, but H2 re-evaluates such a subquery
     * for every row it considers (about 10x slower with the occurred_at index, minutes for the per-domain
     * form on 10^6 rows). Each statement commits on its own unless the caller holds a transaction.
     */

    @Override
    public int purgeBefore(Instant before, int limit) {
        return db.with(h -> deleteIds(h, h.createQuery(
                        "select id from activities where occurred_at < :b order by occurred_at limit :n")
                .bind("b", before.toEpochMilli()).bind("n", limit).mapTo(Long.class).list()));
    }

    @Override
    public long oldestKept(String domainId, int keep) {
        return db.with(h -> h.createQuery("""
                        select id from activities where domain_id = :d order by id desc limit 1 offset :skip""")
                .bind("d", domainId).bind("skip", keep - 1).mapTo(Long.class).findOne().orElse(0L));
    }

    @Override
    public int purgeDomainBefore(String domainId, long beforeId, int limit) {
        return db.with(h -> deleteIds(h, h.createQuery(
                        "select id from activities where domain_id = :d and id < :b order by id limit :n")
                .bind("d", domainId).bind("b", beforeId).bind("n", limit).mapTo(Long.class).list()));
    }

    @Override
    public long newestId() {
        return db.with(h -> h.createQuery("select coalesce(max(id), 0) from activities").mapTo(Long.class).one());
    }

    @Override
    public Set<String> domainsAppendedAfter(long afterId) {
        // without the id condition the (domain_id, id) index answers it directly
        return db.with(h -> new HashSet<>((afterId <= 0
                ? h.createQuery("select distinct domain_id from activities")
                : h.createQuery("select distinct domain_id from activities where id > :a").bind("a", afterId))
                .mapTo(String.class).list()));
    }

    private static int deleteIds(org.jdbi.v3.core.Handle h, List<Long> ids) {
        return ids.isEmpty() ? 0 : h.createUpdate("delete from activities where id in (<ids>)").bindList("ids", ids)
                .execute();
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
