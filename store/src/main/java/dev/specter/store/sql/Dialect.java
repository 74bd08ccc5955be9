package dev.specter.store.sql;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.SQLException;

/**
 * What differs between the two databases Specter runs on. Everything else is one SQL: both speak
 * {@code insert ... on conflict ... do update}, {@code returning} and the same types.
 */
enum Dialect {
    /** The embedded default: one file, one writer at a time (see {@link Database}). */
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String vendor;

    Dialect(String vendor) {
        this.vendor = vendor;
    }

    static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("not a jdbc:sqlite: or jdbc:postgresql: URL: " + jdbcUrl);
    }

    /** Flyway's locations: the first schema per database, later migrations shared. */
    String[] migrations() {
        return new String[]{"classpath:db/migration/" + vendor, "classpath:db/migration/common"};
    }

    /**
     * The clause that locks the rows a select reads until the transaction ends. None on SQLite: a
     * write transaction there already holds the database's only write lock from its first statement
     * ({@code transaction_mode=IMMEDIATE}).
     */
    String lockRows() {
        return this == SQLITE ? "" : " for update";
    }

    /** A unique-key or primary-key violation: SQLSTATE 23505 on PostgreSQL, SQLite's extended result codes. */
    static boolean isUniqueViolation(SQLException e) {
        if (e instanceof SQLiteException s) {
            return s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                    || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
        }
        return "23505".equals(e.getSQLState());
    }
}
