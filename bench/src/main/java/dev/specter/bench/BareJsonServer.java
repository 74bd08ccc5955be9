package dev.specter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specter.api.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The baseline: Javalin configured as Specter's API is (virtual threads, same JSON mapper), with
 * handlers that do only the JSON work of the real endpoints: building and writing the list of
 * domains, or parsing a domain and writing it back. No authentication, no control loop, and no
 * database unless {@code store} is given: then each PUT also reads the row's version and writes the
 * row back in one transaction with plain JDBC, the least a durable PUT can do, to tell the cost of
 * durability apart from the cost of Specter's own code.
 */
final class BareJsonServer implements AutoCloseable {
    private final Javalin app;
    private final ArrayNode domains;
    private final DataSource store;

    /** @param domains the representation Specter answered for GET /domains, to answer the same */
    BareJsonServer(ArrayNode domains, DataSource store) throws SQLException {
        this.domains = domains;
        this.store = store;
        if (store != null) {
            try (Connection c = store.getConnection()) {
                try (PreparedStatement create = c.prepareStatement("create table if not exists bare_domains "
                        + "(id varchar(64) primary key, version bigint, body varchar)")) {
                    create.execute();
                }
                PreparedStatement insert = c.prepareStatement("merge into bare_domains values (?, 1, ?)");
                for (JsonNode d : domains) {
                    insert.setString(1, d.get("id").asText());
                    insert.setString(2, d.toString());
                    insert.execute();
                }
                insert.close();
            }
        }
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.concurrency.useVirtualThreads = true;
            cfg.jetty.host = "127.0.0.1";
            cfg.jetty.port = 0;
            cfg.routes.get("/domains", ctx -> {
                ArrayNode out = Json.MAPPER.createArrayNode();
                for (JsonNode d : domains) {
                    out.add(rebuild(d));
                }
                ctx.contentType("application/json").result(Json.MAPPER.writeValueAsBytes(out));
            });
            cfg.routes.put("/domains/{id}", this::put);
        }).start();
    }

    private void put(Context ctx) throws Exception {
        JsonNode body = Json.MAPPER.readTree(ctx.bodyAsBytes());
        ObjectNode out = rebuild(domains.get(0));
        out.put("vm_count", body.path("vm_count").asInt());
        out.put("id", ctx.pathParam("id"));
        if (store != null) {
            write(ctx.pathParam("id"), out.toString());
        }
        ctx.contentType("application/json").result(Json.MAPPER.writeValueAsBytes(out));
    }

    private void write(String id, String body) throws SQLException {
        try (Connection c = store.getConnection()) {
            c.setAutoCommit(false);
            long version;
            try (PreparedStatement read = c.prepareStatement("select version from bare_domains where id = ?")) {
                read.setString(1, id);
                try (ResultSet rs = read.executeQuery()) {
                    rs.next();
                    version = rs.getLong(1);
                }
            }
            try (PreparedStatement update = c.prepareStatement(
                    "update bare_domains set body = ?, version = ? where id = ? and version = ?")) {
                update.setString(1, body);
                update.setLong(2, version + 1);
                update.setString(3, id);
                update.setLong(4, version);
                update.executeUpdate();
            }
            c.commit();
        }
    }

    /** Builds a fresh node field by field, as the real handlers build theirs from records. */
    private static ObjectNode rebuild(JsonNode d) {
        ObjectNode o = Json.object();
        d.fields().forEachRemaining(e -> o.set(e.getKey(), e.getValue().isObject() ? e.getValue().deepCopy()
                : e.getValue()));
        return o;
    }

    String url() {
        return "http://127.0.0.1:" + app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
