package dev.specter.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.specter.api.Json;
import dev.specter.server.Databases;
import dev.specter.store.sql.Database;
import dev.specter.store.sql.SqlStore;

import java.util.function.Function;

/** Helpers for the commands that work on the database directly (while {@code serve} may be running). */
final class Cli {
    private Cli() {
    }

    static <T> T withStore(ConfigOptions options, Function<SqlStore, T> work) {
        try (Database db = Databases.open(options.load())) {
            return work.apply(new SqlStore(db));
        }
    }

    /** Prints one JSON object on one line, the CLI's output format for scripts. */
    static void printJson(Object value) {
        try {
            System.out.println(Json.MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
