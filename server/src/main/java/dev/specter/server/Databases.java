package dev.specter.server;

import dev.specter.settings.ConfigException;
import dev.specter.config.DatabaseConfig;
import dev.specter.config.SpecterConfig;
import dev.specter.store.sql.Database;
import dev.specter.store.sql.H2Import;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the configured database: PostgreSQL when a URL is set, else the embedded SQLite file in the data directory. */
public final class Databases {
    /** The embedded database's file in the data directory (WAL mode adds {@code -wal} and {@code -shm} beside it). */
    public static final String EMBEDDED_FILE = "specter.db";

    private Databases() {
    }

    public static Database open(SpecterConfig config) {
        DatabaseConfig db = config.database();
        if (!db.embedded()) {
            return Database.postgres(db.url(), blankToNull(db.user()), blankToNull(db.password()), db.poolSize());
        }
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new ConfigException("data", "names a directory that cannot be created (" + config.dataDir() + "): "
                    + e.getMessage());
        }
        Path file = config.dataDir().resolve(EMBEDDED_FILE);
        H2Import.ifPresent(config.dataDir(), file, db.synchronous());
        return Database.sqlite(file, db.synchronous(), db.poolSize());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
