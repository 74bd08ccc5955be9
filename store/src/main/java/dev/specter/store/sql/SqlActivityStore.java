package dev.specter.store.sql;

import dev.specter.activity.Activity;
import dev.specter.store.ActivityStore;
import dev.specter.validation.Text;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;

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
}
