package dev.specter.config;

import dev.specter.api.LoginGuard;
import dev.specter.reconcile.ControlSettings;
import dev.specter.settings.ConfigException;
import dev.specter.settings.Require;
import dev.specter.site.SiteDefinition;
import dev.specter.validation.Limits;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The configuration as the operator writes it ({@code specter-default.yaml} documents every key),
 * bound by {@link ConfigBinder}; {@link #resolve} turns it into the {@link SpecterConfig} the
 * server runs with.
 */
record ConfigFile(Http http, Path data, DatabaseConfig database, String masterKey, ControlSettings control,
                  Limits limits, MetricsConfig metrics, RetentionConfig retention, LoginGuard.Settings security,
                  Map<String, Site> sites) {
    ConfigFile {
        Require.present("http", http);
        Require.present("data", data);
        Require.present("database", database);
        Require.present("control", control);
        Require.present("limits", limits);
        Require.present("metrics", metrics);
        Require.present("retention", retention);
        Require.present("security", security);
        if (masterKey == null) {
            masterKey = "";
        } else if (!masterKey.isEmpty()) {
            MasterKeys.decode(masterKey, "master_key");
        }
        if (sites == null || sites.isEmpty()) {
            throw new ConfigException("sites", "must define at least one site");
        }
        sites.keySet().forEach(name -> ConfigNames.check("sites." + name, name, "a site name"));
    }

    /** {@code http}: where the API listens. */
    record Http(String host, int port, String prefix) {
        Http {
            Require.present("host", host);
            Require.between("port", port, 0, 65535);
            if (prefix == null || !prefix.matches("(/[A-Za-z0-9._-]+)+")) {
                throw new ConfigException("prefix", "must look like /api/dev, got '" + prefix + "'");
            }
        }
    }

    /**
     * One of {@code sites}: a cloud endpoint, its driver, and the driver's own settings (bound by the
     * driver's kind when the driver is built).
     *
     * @param metrics the site's default metric source; left out, {@code sim} for a simulated site and none
     *                for the others; empty for none
     */
    record Site(String driver, Credentials credentials, List<String> instanceTypes, Map<String, String> settings,
                String metrics) {
        enum Credentials { NONE, REQUIRED }

        Site {
            Require.present("driver", driver);
            credentials = credentials == null ? Credentials.REQUIRED : credentials;
            instanceTypes = instanceTypes == null ? List.of("m1.small", "m1.large", "m1.xlarge") : instanceTypes;
            settings = settings == null ? Map.of() : settings;
            if (metrics == null) {
                // a simulated site's instances report the simulator's synthetic load unless told otherwise
                metrics = driver.equals("sim") ? "sim" : "";
            }
        }

        SiteDefinition definition(String name) {
            return new SiteDefinition(name, driver, credentials == Credentials.REQUIRED, instanceTypes, settings,
                    metrics.isBlank() ? null : metrics);
        }
    }

    /** @param drivers the driver kinds this build can run */
    SpecterConfig resolve(Set<String> drivers) {
        List<SiteDefinition> definitions = sites.entrySet().stream().map(e -> {
            if (!drivers.contains(e.getValue().driver())) {
                throw new ConfigException("sites." + e.getKey() + ".driver", "must be one of "
                        + drivers.stream().sorted().toList() + ", got '" + e.getValue().driver() + "'");
            }
            return e.getValue().definition(e.getKey());
        }).toList();
        return new SpecterConfig(http.host(), http.port(), http.prefix(), data, database, masterKey, control, limits,
                security, metrics, retention, definitions);
    }
}
