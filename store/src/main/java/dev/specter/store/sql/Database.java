package dev.specter.store.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

import java.nio.file.Path;

/**
 * The connection pool, schema migrations and Jdbi handle factory for one database: an embedded H2
 * file database by default, or PostgreSQL when given a {@code jdbc:postgresql:} URL.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
    }

    /**
     * The embedded default. AUTO_SERVER lets a second process (the {@code specter user} commands) use
     * the same file while {@code specter serve} holds it: the first opener serves it on loopback.
     * WRITE_DELAY=0 writes each commit to the file when it commits instead of up to 500 ms later.
     * QUERY_CACHE_SIZE: the default 8 prepared commands per connection is fewer than the statements
     * one API request and one reconcile pass use, so each request re-parsed its SQL (7% of a PUT).
     *
     * <p>Even so, H2's MVStore can come back from a {@code kill -9} without the commits of the last
     * tens of milliseconds: the crash loop measured it (docs/reliability.md), and it reproduces with
     * H2 alone once the file is old enough for freed space to be reused. PostgreSQL, tested by the
     * same loop, loses nothing; it is the store for production.
     */
    public static String h2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("specter")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE;WRITE_DELAY=0;QUERY_CACHE_SIZE=64";
    }

    /** Opens the pool and brings the schema up to date. */
    public static Database open(String url, String user, String password, int poolSize) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        if (user != null) {
            cfg.setUsername(user);
        }
        if (password != null) {
            cfg.setPassword(password);
        }
        cfg.setMaximumPoolSize(poolSize);
        cfg.setMinimumIdle(Math.min(2, poolSize));
        cfg.setPoolName("specter-db");
        cfg.setConnectionTimeout(30_000);
        HikariDataSource ds = new HikariDataSource(cfg);
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
