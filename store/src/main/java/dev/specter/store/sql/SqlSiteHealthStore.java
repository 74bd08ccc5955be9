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
        return db.with(h -> {
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
        db.with(h -> h.createUpdate("""
                        merge into domain_site_health t
                        using (select cast(:d as varchar(36)) domain_id, cast(:s as varchar(128)) site) k
                        on t.domain_id = k.domain_id and t.site = k.site
                        when matched then update set consecutive_failures = :f, backoff_until = :u, backoff_level = :l
                        when not matched then insert (domain_id, site, consecutive_failures, backoff_until, backoff_level)
                            values (:d, :s, :f, :u, :l)""")
                .bind("d", domainId).bind("s", site).bind("f", health.consecutiveFailures())
                .bind("u", Sql.millis(health.backoffUntil())).bind("l", health.backoffLevel()).execute());
    }
}
