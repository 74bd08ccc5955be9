package dev.specter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specter.api.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.jdbi.v3.core.Jdbi;


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
    private final Jdbi store;

    /**
     * @param domains the representation Specter answered for GET /domains, to answer the same
     * @param store   where each PUT is also written (a Specter {@code Database}'s write side), or null
     */
    BareJsonServer(ArrayNode domains, Jdbi store) {
        this.domains = domains;
        this.store = store;
        if (store != null) {
            store.useTransaction(h -> {
                h.execute("create table if not exists bare_domains (id varchar(64) primary key, version bigint, "
                        + "body varchar)");
                for (JsonNode d : domains) {
                    h.execute("insert into bare_domains values (?, 1, ?) on conflict (id) do nothing",
                            d.get("id").asText(), d.toString());
                }
            });
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

    /** The least a versioned durable write can do: read the version, update at that version, commit. */
    private void write(String id, String body) {
        store.useTransaction(h -> {
            long version = h.createQuery("select version from bare_domains where id = :id").bind("id", id)
                    .mapTo(Long.class).one();
            h.createUpdate("update bare_domains set body = :b, version = :next where id = :id and version = :v")
                    .bind("b", body).bind("next", version + 1).bind("id", id).bind("v", version).execute();
        });
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
