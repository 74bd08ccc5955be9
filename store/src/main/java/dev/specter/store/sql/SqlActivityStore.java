package dev.specter.store.sql;

import dev.specter.activity.Activity;
import dev.specter.store.ActivityStore;
import dev.specter.validation.Text;
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
        long id = db.write(h -> h.createQuery("""
                        insert into activities (domain_id, owner, occurred_at, action, cause, description, result, site,
                            instance_count)
                        values (:d, :o, :t, :a, :c, :desc, :r, :s, :n) returning id""")
                .bind("d", a.domainId()).bind("o", a.owner()).bind("t", a.at().toEpochMilli()).bind("a", a.action())
                .bind("c", cause(a)).bind("desc", description(a)).bind("r", a.result())
                .bind("s", a.site()).bind("n", a.instanceCount())
                .mapTo(Long.class).one());
        return new Activity(id, a.domainId(), a.owner(), Instant.ofEpochMilli(a.at().toEpochMilli()), a.action(),
                cause(a), description(a), a.result(), a.site(), a.instanceCount());
    }

    @Override
    public List<Activity> list(String domainId, long beforeId, int limit) {
        return db.read(h -> h.createQuery("""
                        select * from activities where domain_id = :d and (:before = 0 or id < :before)
                        order by id desc limit :limit""")
                .bind("d", domainId).bind("before", beforeId).bind("limit", limit).map(ACTIVITY).list());
    }

    private static String cause(Activity a) {
        return Text.clip(a.cause(), Activity.MAX_CAUSE_LENGTH);
    }

    private static String description(Activity a) {
        return Text.clip(a.description(), Activity.MAX_DESCRIPTION_LENGTH);
    }

    /*
     * The deletes below pick their rows with a query, then delete them by id: the same plan on both
     * stores (H2, the earlier embedded store, re-evaluated a "delete ... where id in (select ... limit
     * n)" subquery per row), and a bounded statement, so a purge never holds SQLite's single write
     * lock for long. Each statement commits on its own unless the caller holds a transaction.
     */

    @Override
    public int purgeBefore(Instant before, int limit) {
        return db.write(h -> deleteIds(h, h.createQuery(
                        "select id from activities where occurred_at < :b order by occurred_at limit :n")
                .bind("b", before.toEpochMilli()).bind("n", limit).mapTo(Long.class).list()));
    }

    @Override
    public long oldestKept(String domainId, int keep) {
        return db.read(h -> h.createQuery("""
                        select id from activities where domain_id = :d order by id desc limit 1 offset :skip""")
                .bind("d", domainId).bind("skip", keep - 1).mapTo(Long.class).findOne().orElse(0L));
    }

    @Override
    public int purgeDomainBefore(String domainId, long beforeId, int limit) {
        return db.write(h -> deleteIds(h, h.createQuery(
                        "select id from activities where domain_id = :d and id < :b order by id limit :n")
                .bind("d", domainId).bind("b", beforeId).bind("n", limit).mapTo(Long.class).list()));
    }

    @Override
    public long newestId() {
        return db.read(h -> h.createQuery("select coalesce(max(id), 0) from activities").mapTo(Long.class).one());
    }

    @Override
    public Set<String> domainsAppendedAfter(long afterId) {
        // without the id condition the (domain_id, id) index answers it directly
        return db.read(h -> new HashSet<>((afterId <= 0
                ? h.createQuery("select distinct domain_id from activities")
                : h.createQuery("select distinct domain_id from activities where id > :a").bind("a", afterId))
                .mapTo(String.class).list()));
    }

    private static int deleteIds(org.jdbi.v3.core.Handle h, List<Long> ids) {
        return ids.isEmpty() ? 0 : h.createUpdate("delete from activities where id in (<ids>)").bindList("ids", ids)
                .execute();
    }
}
