package dev.specter.store.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Fresh databases for tests: an SQLite file of its own per call, or a private schema in the real PostgreSQL
 * (so parallel runs never see each other's rows). The PostgreSQL server comes from
 * {@code SPECTER_TEST_POSTGRES_URL}, default the machine's 127.0.0.1:5432 database {@code test}.
 */
public final class TestDatabases {
    public static final String POSTGRES_URL = System.getenv().getOrDefault("SPECTER_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private TestDatabases() {
    }

    /** A new SQLite database in a temporary file, removed when the JVM exits. */
    public static Database sqlite() {
        try {
            Path dir = Files.createTempDirectory("specter-sqlite");
            dir.toFile().deleteOnExit();
            Path file = dir.resolve("specter.db");
            for (String suffix : new String[]{"", "-wal", "-shm"}) {
                dir.resolve("specter.db" + suffix).toFile().deleteOnExit();
            }
            return Database.sqlite(file, Synchronous.NORMAL, 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new PostgreSQL schema of its own. */
    public static Database postgres() {
        return Database.postgres(newPostgresSchema(), null, null, 8);
    }

    /** A new empty schema; the returned URL selects it. */
    public static String newPostgresSchema() {
        String schema = "specter_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(POSTGRES_URL)) {
            c.createStatement().execute("create schema " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the test PostgreSQL at " + POSTGRES_URL, e);
        }
        return POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public static void dropPostgresSchema(String url) {
        String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
        try (Connection c = DriverManager.getConnection(POSTGRES_URL)) {
            c.createStatement().execute("drop schema if exists " + schema + " cascade");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
