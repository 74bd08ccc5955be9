package dev.specter.store.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Fresh databases for tests: an in-memory H2 per call, or a private schema in the real PostgreSQL
 * (so parallel runs never see each other's rows). The PostgreSQL server comes from
 * {@code SPECTER_TEST_POSTGRES_URL}, default the machine's 127.0.0.1:5432 database {@code test}.
 */
public final class TestDatabases {
    public static final String POSTGRES_URL = System.getenv().getOrDefault("SPECTER_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private TestDatabases() {
    }

    public static String h2Url() {
        return "jdbc:h2:mem:t" + UUID.randomUUID().toString().replace("-", "")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    }

    public static Database h2() {
        return Database.open(h2Url(), null, null, 8);
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
