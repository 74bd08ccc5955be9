package dev.specter.store.sql;

import dev.specter.store.DuplicateNameException;
import org.jdbi.v3.core.JdbiException;

import java.sql.SQLException;
import java.time.Instant;
import java.util.function.Supplier;

/** Small conversions shared by the repositories. */
final class Sql {
    private Sql() {
    }

    static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    static Instant instant(long millis, boolean wasNull) {
        return wasNull ? null : Instant.ofEpochMilli(millis);
    }

    /** Runs an insert or update, turning a unique-key violation into {@link DuplicateNameException}. */
    static <T> T unique(String what, Supplier<T> write) {
        try {
            return write.get();
        } catch (JdbiException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException s && Dialect.isUniqueViolation(s)) {
                    throw new DuplicateNameException(what + " already exists");
                }
            }
            throw e;
        }
    }
}
