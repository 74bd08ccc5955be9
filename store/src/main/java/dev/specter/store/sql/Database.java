package dev.specter.store.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.util.List;

/**
 * The connection pools, schema migrations and Jdbi handle factories for one database: SQLite (the
 * embedded default) or PostgreSQL.
 *
 * <p>Writes and reads get their handles from {@link #writes()} and {@link #reads()}. On PostgreSQL
 * both are one pool. SQLite has a single writer per file: a second writer waits for the lock (up to
 * seconds at {@code synchronous=FULL} with tens of writer threads) or fails with SQLITE_BUSY, so
 * writes go through a pool of one connection, which queues them inside the process, while reads
 * run in parallel on a pool of their own (WAL mode lets readers run beside the writer). The read
 * connections are {@code query_only}: a write sent to the wrong pool fails at once instead of
 * competing for the lock.
 */
public final class Database implements AutoCloseable {
    /** How long an SQLite connection waits for another process (a CLI command) holding the write lock. */
    private static final int BUSY_TIMEOUT_MS = 10_000;

    private final Dialect dialect;
    private final Jdbi reads;
    private final Jdbi writes;
    private final List<HikariDataSource> pools;

    private Database(Dialect dialect, HikariDataSource readPool, HikariDataSource writePool) {
        this.dialect = dialect;
        this.reads = Jdbi.create(readPool);
        this.writes = readPool == writePool ? reads : Jdbi.create(writePool);
        this.pools = readPool == writePool ? List.of(readPool) : List.of(readPool, writePool);
    }

    /** A PostgreSQL database; brings its schema up to date. */
    public static Database postgres(String url, String user, String password, int poolSize) {
        if (Dialect.of(url) != Dialect.POSTGRESQL) {
            throw new IllegalArgumentException("not a jdbc:postgresql: URL: " + url);
        }
        HikariConfig cfg = pool("specter-db", poolSize);
        cfg.setJdbcUrl(url);
        cfg.setUsername(user);
        cfg.setPassword(password);
        HikariDataSource pool = new HikariDataSource(cfg);
        return migrated(Dialect.POSTGRESQL, pool, pool, pool, MigrationVersion.LATEST);
    }

    /**
     * An SQLite database file (created if missing) in WAL mode; brings its schema up to date.
     *
     * @param readers how many connections serve reads at once
     */
    public static Database sqlite(java.nio.file.Path file, Synchronous synchronous, int readers) {
        return sqlite(file, synchronous, readers, MigrationVersion.LATEST);
    }

    /** As {@link #sqlite(java.nio.file.Path, Synchronous, int)}, the schema migrated up to {@code version} only. */
    static Database sqlite(java.nio.file.Path file, Synchronous synchronous, int readers, MigrationVersion version) {
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        SQLiteDataSource writer = new SQLiteDataSource(sqliteConfig(synchronous, false));
        writer.setUrl(url);
        SQLiteDataSource reader = new SQLiteDataSource(sqliteConfig(synchronous, true));
        reader.setUrl(url);
        HikariConfig w = pool("specter-db-write", 1);
        w.setDataSource(writer);
        HikariDataSource writePool = new HikariDataSource(w);
        HikariDataSource readPool;
        try {
            HikariConfig r = pool("specter-db-read", readers);
            r.setDataSource(reader);
            r.setConnectionInitSql("pragma query_only = true");
            readPool = new HikariDataSource(r);
        } catch (RuntimeException e) {
            writePool.close();
            throw e;
        }
        // Flyway may want a second connection beside the one it migrates on: not from the pool of one
        return migrated(Dialect.SQLITE, readPool, writePool, writer, version);
    }

    private static Database migrated(Dialect dialect, HikariDataSource readPool, HikariDataSource writePool,
                                     DataSource migrateOn, MigrationVersion version) {
        try {
            Flyway.configure().dataSource(migrateOn).locations(dialect.migrations()).target(version).load().migrate();
        } catch (RuntimeException e) {
            readPool.close();
            writePool.close();
            throw e;
        }
        return new Database(dialect, readPool, writePool);
    }

    private static HikariConfig pool(String name, int size) {
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName(name);
        cfg.setMaximumPoolSize(size);
        cfg.setMinimumIdle(Math.min(2, size));
        cfg.setConnectionTimeout(30_000);
        return cfg;
    }

    /**
     * Per connection, as SQLite keeps these per connection: WAL, the durability asked for, foreign
     * keys on (off by default in SQLite), and write transactions that take the write lock at BEGIN:
     * a deferred transaction that reads first and writes later fails with SQLITE_BUSY when another
     * writer got in between, where an immediate one waits its turn.
     */
    private static SQLiteConfig sqliteConfig(Synchronous synchronous, boolean readOnly) {
        SQLiteConfig c = new SQLiteConfig();
        c.setJournalMode(SQLiteConfig.JournalMode.WAL);
        c.setSynchronous(synchronous == Synchronous.FULL ? SQLiteConfig.SynchronousMode.FULL
                : SQLiteConfig.SynchronousMode.NORMAL);
        c.enforceForeignKeys(true);
        c.setBusyTimeout(BUSY_TIMEOUT_MS);
        c.setTransactionMode(readOnly ? SQLiteConfig.TransactionMode.DEFERRED : SQLiteConfig.TransactionMode.IMMEDIATE);
        return c;
    }

    Dialect dialect() {
        return dialect;
    }

    /** Handles for statements that only read. */
    public Jdbi reads() {
        return reads;
    }

    /** Handles for writes and for every transaction. */
    public Jdbi writes() {
        return writes;
    }

    @Override
    public void close() {
        pools.forEach(HikariDataSource::close);
    }
}
