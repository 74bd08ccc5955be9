package dev.specter.config;

import dev.specter.api.LoginGuard;
import dev.specter.reconcile.ControlSettings;
import dev.specter.site.SiteDefinition;
import dev.specter.validation.Limits;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything the operator can set, resolved from the built-in defaults, the optional file and the
 * environment (see {@link ConfigLoader}).
 *
 * @param masterKey   base64 of the 32-byte key encrypting cloud secrets; empty to use (and create) {@code <data>/master.key}
 */
public record SpecterConfig(String httpHost, int httpPort, String apiPrefix, Path dataDir, DatabaseConfig database,
                            String masterKey,
                            ControlSettings control, Limits limits, LoginGuard.Settings security,
                            MetricsConfig metrics, RetentionConfig retention, List<SiteDefinition> sites) {

    public SpecterConfig withPort(int port) {
        return new SpecterConfig(httpHost, port, apiPrefix, dataDir, database, masterKey, control, limits, security, metrics, retention, sites);
    }

    public SpecterConfig withDataDir(Path dir) {
        return new SpecterConfig(httpHost, httpPort, apiPrefix, dir, database, masterKey, control, limits, security, metrics, retention, sites);
    }

    public SpecterConfig withSites(List<SiteDefinition> newSites) {
        return new SpecterConfig(httpHost, httpPort, apiPrefix, dataDir, database, masterKey, control, limits, security, metrics, retention, newSites);
    }

    public SpecterConfig withControl(ControlSettings c) {
        return new SpecterConfig(httpHost, httpPort, apiPrefix, dataDir, database, masterKey, c, limits, security, metrics, retention, sites);
    }

    public SpecterConfig withSecurity(LoginGuard.Settings s) {
        return new SpecterConfig(httpHost, httpPort, apiPrefix, dataDir, database, masterKey, control, limits, s, metrics, retention, sites);
    }

    public SpecterConfig withDatabase(DatabaseConfig db) {
        return new SpecterConfig(httpHost, httpPort, apiPrefix, dataDir, db, masterKey, control, limits, security, metrics, retention, sites);
    }

    public SpecterConfig withRetention(RetentionConfig r) {
        return new SpecterConfig(httpHost, httpPort, apiPrefix, dataDir, database, masterKey, control, limits, security, metrics, r, sites);
    }
}
