package dev.specter.store.sql;

import dev.specter.engine.SiteHealth;
import dev.specter.store.SiteHealthStore;

import java.util.HashMap;
import java.util.Map;

final class SqlSiteHealthStore implements SiteHealthStore {
    private final HandleScope db;

    SqlSiteHealthStore(HandleScope db) {
        this.db = db;
    }

    @Override
    public Map<String, SiteHealth> forDomain(String domainId) {
        return db.read(h -> {
            Map<String, SiteHealth> out = new HashMap<>();
            h.createQuery("select * from domain_site_health where domain_id = :d").bind("d", domainId)
                    .map((rs, ctx) -> out.put(rs.getString("site"), new SiteHealth(rs.getInt("consecutive_failures"),
                            Sql.instant(rs.getLong("backoff_until"), rs.wasNull()), rs.getInt("backoff_level"))))
                    .list();
            return out;
        });
    }

    @Override
    public void put(String domainId, String site, SiteHealth health) {
        db.write(h -> h.createUpdate("""
                        insert into domain_site_health (domain_id, site, consecutive_failures, backoff_until,
                            backoff_level)
                        values (:d, :s, :f, :u, :l)
                        on conflict (domain_id, site) do update set consecutive_failures = excluded.consecutive_failures,
                            backoff_until = excluded.backoff_until, backoff_level = excluded.backoff_level""")
                .bind("d", domainId).bind("s", site).bind("f", health.consecutiveFailures())
                .bind("u", Sql.millis(health.backoffUntil())).bind("l", health.backoffLevel()).execute());
    }
}
