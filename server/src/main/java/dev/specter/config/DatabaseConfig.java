package dev.specter.config;

import dev.specter.store.sql.Synchronous;

/**
 * Where the data lives.
 *
 * @param url         empty for the embedded SQLite database in the data directory, or a {@code jdbc:postgresql:} URL
 * @param poolSize    connections at most (on SQLite: readers; writes go one at a time through one more)
 * @param synchronous the embedded database's durability per commit; PostgreSQL has its own settings
 */
public record DatabaseConfig(String url, String user, String password, int poolSize, Synchronous synchronous) {
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
