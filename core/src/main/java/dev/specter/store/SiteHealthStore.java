package dev.specter.store;

import dev.specter.engine.SiteHealth;

import java.util.Map;

/** Per domain and site failure counts and back-off, so back-offs survive a restart. */
public interface SiteHealthStore {
    Map<String, SiteHealth> forDomain(String domainId);

    void put(String domainId, String site, SiteHealth health);
}
