package dev.specter.config;

import dev.specter.settings.ConfigException;
import dev.specter.settings.Require;
import dev.specter.store.sql.Synchronous;

/**
 * Where the data lives.
 *
 * @param url         empty for the embedded SQLite database in the data directory, or a {@code jdbc:postgresql:} URL
 * @param poolSize    connections at most (on SQLite: readers; writes go one at a time through one more)
 * @param synchronous the embedded database's durability per commit; PostgreSQL has its own settings
 */
public record DatabaseConfig(String url, String user, String password, int poolSize, Synchronous synchronous) {
    public DatabaseConfig {
        if (url == null || !url.isEmpty() && !url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("url", "must be empty (the embedded SQLite database) or a jdbc:postgresql: URL, "
                    + "got '" + url + "'");
        }
        Require.between("pool_size", poolSize, 1, 1000);
        Require.present("synchronous", synchronous);
    }

    public boolean embedded() {
        return url.isEmpty();
    }

    /** The same settings on another database: a PostgreSQL URL, or empty for the embedded one. */
    public DatabaseConfig withUrl(String newUrl) {
        return new DatabaseConfig(newUrl, user, password, poolSize, synchronous);
    }

    public DatabaseConfig withSynchronous(Synchronous s) {
        return new DatabaseConfig(url, user, password, poolSize, s);
    }
}
