package dev.specter.server;

import dev.specter.config.ConfigException;
import dev.specter.config.SpecterConfig;
import dev.specter.store.sql.Database;
import dev.specter.store.sql.EmbeddedH2;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

/** Opens the configured database: PostgreSQL when a URL is set, else the embedded H2 file in the data directory. */
public final class Databases {
    private Databases() {
    }

    public static Database open(SpecterConfig config) {
        String url = config.databaseUrl();
        Optional<EmbeddedH2> embedded = embedded(config);
        if (embedded.isPresent()) {
            try {
                Files.createDirectories(config.dataDir());
            } catch (IOException e) {
                throw new ConfigException("config key 'data': cannot create " + config.dataDir() + ": " + e.getMessage());
            }
            url = embedded.get().url();
        } else if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
            throw new ConfigException("config key 'database.url' must be a jdbc:postgresql: or jdbc:h2: URL");
        }
        return Database.open(url, blankToNull(config.databaseUser()), blankToNull(config.databasePassword()),
                config.databasePoolSize());
    }

    /** The embedded database file, when no database URL is configured. */
    public static Optional<EmbeddedH2> embedded(SpecterConfig config) {
        return config.databaseUrl().isEmpty() ? Optional.of(new EmbeddedH2(config.dataDir())) : Optional.empty();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
