package dev.specter.testing.memory;

import dev.specter.activity.Activity;
import dev.specter.domain.Domain;
import dev.specter.engine.ScalingState;
import dev.specter.engine.SiteHealth;
import dev.specter.instance.Instance;
import dev.specter.launch.LaunchConfiguration;
import dev.specter.store.MetricSampleStore;
import dev.specter.user.KeyPair;
import dev.specter.user.SiteCredentials;
import dev.specter.user.User;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every row, as the SQL schema has them (keys as records). */
final class Tables {
    String installation;
    long lastUserId;
    long lastTokenId;
    long lastActivityId;
    final Map<Long, UserRow> users;
    final Map<Long, Token> tokens;
    final Map<OwnerSite, SiteCredentials> credentials;
    final Map<KeyPairKey, KeyPair> keyPairs;
    final Map<String, LaunchConfiguration> lcs;
    final Map<String, Domain> domains;
    final Map<String, Instance> instances;
    final TreeMap<Long, Activity> activities;
    final Map<DomainSite, SiteHealth> siteHealth;
    final Map<String, ScalingState> scaling;
    final List<MetricSampleStore.Pushed> samples;

    Tables() {
        this(null, 0, 0, 0, new TreeMap<>(), new TreeMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(),
                new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), new TreeMap<>(),
                new LinkedHashMap<>(), new LinkedHashMap<>(), new ArrayList<>());
    }

    private Tables(String installation, long lastUserId, long lastTokenId, long lastActivityId,
                   Map<Long, UserRow> users, Map<Long, Token> tokens, Map<OwnerSite, SiteCredentials> credentials,
                   Map<KeyPairKey, KeyPair> keyPairs, Map<String, LaunchConfiguration> lcs,
                   Map<String, Domain> domains, Map<String, Instance> instances, TreeMap<Long, Activity> activities,
                   Map<DomainSite, SiteHealth> siteHealth, Map<String, ScalingState> scaling,
                   List<MetricSampleStore.Pushed> samples) {
        this.installation = installation;
        this.lastUserId = lastUserId;
        this.lastTokenId = lastTokenId;
        this.lastActivityId = lastActivityId;
        this.users = users;
        this.tokens = tokens;
        this.credentials = credentials;
        this.keyPairs = keyPairs;
        this.lcs = lcs;
        this.domains = domains;
        this.instances = instances;
        this.activities = activities;
        this.siteHealth = siteHealth;
        this.scaling = scaling;
        this.samples = samples;
    }

    /** Rows are immutable records: copying the maps copies the tables. */
    Tables copy() {
        return new Tables(installation, lastUserId, lastTokenId, lastActivityId, new TreeMap<>(users),
                new TreeMap<>(tokens), new LinkedHashMap<>(credentials), new LinkedHashMap<>(keyPairs),
                new LinkedHashMap<>(lcs), new LinkedHashMap<>(domains), new LinkedHashMap<>(instances),
                new TreeMap<>(activities), new LinkedHashMap<>(siteHealth), new LinkedHashMap<>(scaling),
                new ArrayList<>(samples));
    }

    void requireUser(long id) {
        if (!users.containsKey(id)) {
            throw new IllegalStateException("foreign key: no user " + id);
        }
    }

    void requireDomain(String id) {
        if (!domains.containsKey(id)) {
            throw new IllegalStateException("foreign key: no domain " + id);
        }
    }

    /** Instants are stored in milliseconds. */
    static Instant ms(Instant t) {
        return t == null ? null : Instant.ofEpochMilli(t.toEpochMilli());
    }

    record UserRow(User user, String passwordHash) {
    }

    record Token(long id, long userId, String hash, Instant createdAt, Instant expiresAt, Instant revokedAt) {
        boolean live(Instant now) {
            return revokedAt == null && expiresAt.isAfter(now);
        }
    }

    record OwnerSite(long owner, String site) {
    }

    record KeyPairKey(long owner, String site, String name) {
    }

    record DomainSite(String domainId, String site) {
    }
}
