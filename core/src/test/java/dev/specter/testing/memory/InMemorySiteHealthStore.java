package dev.specter.testing.memory;

import dev.specter.engine.SiteHealth;
import dev.specter.store.SiteHealthStore;
import dev.specter.testing.memory.Tables.DomainSite;

import java.util.LinkedHashMap;
import java.util.Map;

import static dev.specter.testing.memory.Tables.ms;

record InMemorySiteHealthStore(InMemoryStore db) implements SiteHealthStore {
    @Override
    public Map<String, SiteHealth> forDomain(String domainId) {
        return db.read(t -> {
            Map<String, SiteHealth> out = new LinkedHashMap<>();
            t.siteHealth.forEach((k, h) -> {
                if (k.domainId().equals(domainId)) {
                    out.put(k.site(), h);
                }
            });
            return out;
        });
    }

    @Override
    public void put(String domainId, String site, SiteHealth health) {
        db.write(t -> {
            t.requireDomain(domainId);
            return t.siteHealth.put(new DomainSite(domainId, site), new SiteHealth(health.consecutiveFailures(),
                    ms(health.backoffUntil()), health.backoffLevel()));
        });
    }
}
