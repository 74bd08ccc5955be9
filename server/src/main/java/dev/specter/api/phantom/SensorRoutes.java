package dev.specter.api.phantom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specter.api.Json;
import dev.specter.api.Replies;
import dev.specter.error.NotFoundException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.List;
import java.util.function.Supplier;

/** The metrics Specter can read for scaling decisions. */
final class SensorRoutes {
    private final Supplier<List<String>> metrics;
    private final PhantomJson json;

    SensorRoutes(Supplier<List<String>> metrics, PhantomJson json) {
        this.metrics = metrics;
        this.json = json;
    }

    void register(RoutesConfig r, String prefix) {
        r.get(prefix + "/sensors", this::list);
        r.get(prefix + "/sensors/{metric}", this::get);
    }

    private void list(Context ctx) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        metrics.get().forEach(m -> out.add(sensor(m)));
        Replies.ok(ctx, out);
    }

    private void get(Context ctx) {
        String metric = ctx.pathParam("metric");
        if (!metrics.get().contains(metric)) {
            throw new NotFoundException("Sensor '" + metric + "' does not exist");
        }
        Replies.ok(ctx, sensor(metric));
    }

    private ObjectNode sensor(String metric) {
        ObjectNode o = Json.object();
        o.put("id", metric);
        o.put("uri", json.sensorUri(metric));
        return o;
    }
}
