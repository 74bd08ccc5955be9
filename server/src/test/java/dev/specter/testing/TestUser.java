package dev.specter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specter.api.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

public record TestUser(long id, String name, String password, String token) {
    /**
     * A user added by {@code specter user add <name> --password <name>-password --data <data>} in its own
     * JVM, as an operator would before (or while) the server runs; {@code extra} arguments go last.
     */
    public static TestUser addedByCli(Path data, String name, String... extra) {
        List<String> args = new ArrayList<>(List.of("user", "add", name, "--password", name + "-password", "--data",
                data.toString()));
        args.addAll(List.of(extra));
        Processes.Result r = Processes.run(Processes.java("dev.specter.cli.Main", args.toArray(String[]::new)),
                Map.of(), null, 60);
        try {
            JsonNode created = Json.MAPPER.readTree(r.stdout());
            return new TestUser(created.get("user_id").asLong(), name, name + "-password",
                    created.get("token").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("specter user add printed no JSON: " + r.stdout() + r.stderr(), e);
        }
    }
}
