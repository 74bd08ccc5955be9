package dev.specter.api.phantom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specter.api.Authenticator;
import dev.specter.api.Fields;
import dev.specter.api.HttpBodies;
import dev.specter.api.Json;
import dev.specter.api.Replies;
import dev.specter.error.NotFoundException;
import dev.specter.metric.MetricSource;
import dev.specter.metric.MetricSourceCatalog;
import dev.specter.metric.push.MetricIntake;
import dev.specter.user.User;
import dev.specter.validation.InvalidInputException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The metrics Specter can read for the caller, and readings pushed by the caller's own agents. */
final class SensorRoutes {
    private final MetricSourceCatalog sources;
    private final MetricIntake intake;
    private final PhantomJson json;

    SensorRoutes(MetricSourceCatalog sources, MetricIntake intake, PhantomJson json) {
        this.sources = sources;
        this.intake = intake;
        this.json = json;
    }

    void register(RoutesConfig r, String prefix) {
        r.get(prefix + "/sensors", this::list);
        r.post(prefix + "/sensors/data", this::push);
        r.get(prefix + "/sensors/{metric}", this::get);
    }

    private Set<String> metrics(User caller) {
        Set<String> out = new TreeSet<>();
        for (String name : sources.names()) {
            sources.named(name).map(s -> metricsOf(s, caller.id())).ifPresent(out::addAll);
        }
        return out;
    }

    private static Set<String> metricsOf(MetricSource s, long owner) {
        try {
            return s.metricsFor(owner);
        } catch (RuntimeException e) {
            return Set.of(); // a source that cannot list its metrics lists none
        }
    }

    private void list(Context ctx) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        metrics(Authenticator.caller(ctx)).forEach(m -> out.add(sensor(m)));
        Replies.ok(ctx, out);
    }

    private void get(Context ctx) {
        String metric = ctx.pathParam("metric");
        if (!metrics(Authenticator.caller(ctx)).contains(metric)) {
            throw new NotFoundException("Sensor '" + metric + "' does not exist");
        }
        Replies.ok(ctx, sensor(metric));
    }

    /**
     * {@code [{"metric", "value", "instance" | "domain", "time"?}]}: a body that is not a JSON array
     * is refused whole; within it each entry stands or falls alone.
     */
    private void push(Context ctx) {
        User caller = Authenticator.caller(ctx);
        JsonNode body = HttpBodies.json(ctx);
        if (!body.isArray()) {
            throw new InvalidInputException("body", "the body must be a JSON array of readings "
                    + "[{\"metric\", \"value\", \"instance\" or \"domain\", \"time\"}]");
        }
        if (body.size() > MetricIntake.MAX_ENTRIES) {
            throw new InvalidInputException("body", "at most " + MetricIntake.MAX_ENTRIES
                    + " readings per request, got " + body.size());
        }
        List<MetricIntake.Entry> entries = new ArrayList<>();
        List<MetricIntake.Problem> unreadable = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            try {
                entries.add(entry(i, body.get(i)));
            } catch (InvalidInputException e) {
                unreadable.add(new MetricIntake.Problem(i, e.getMessage()));
            }
        }
        MetricIntake.Result result = intake.accept(caller.id(), entries, unreadable);
        ObjectNode out = Json.object();
        out.put("accepted", result.accepted());
        out.set("ignored", problems(result.ignored(), "reason"));
        out.set("rejected", problems(result.rejected(), "error"));
        Replies.ok(ctx, out);
    }

    private static MetricIntake.Entry entry(int index, JsonNode n) {
        if (!n.isObject()) {
            throw new InvalidInputException("body", "a reading must be an object");
        }
        ObjectNode o = (ObjectNode) n;
        return new MetricIntake.Entry(index, Fields.string(o, "metric"), Fields.number(o, "value"),
                Fields.optionalString(o, "instance"), Fields.optionalString(o, "domain"), time(o));
    }

    /** Epoch seconds (a number) or an ISO-8601 instant (a string); null when absent. */
    private static Instant time(ObjectNode o) {
        JsonNode t = o.get("time");
        if (t == null || t.isNull()) {
            return null;
        }
        if (t.isNumber()) {
            double seconds = Fields.number(o, "time");
            return Instant.ofEpochMilli(new BigDecimal(seconds).movePointRight(3).longValue());
        }
        if (t.isTextual()) {
            try {
                return Instant.parse(t.textValue());
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("time", "'time' must be epoch seconds or an ISO-8601 instant like "
                        + "2026-11-26T12:00:00Z, got '" + t.textValue() + "'");
            }
        }
        throw new InvalidInputException("time", "'time' must be epoch seconds or an ISO-8601 instant");
    }

    private static ArrayNode problems(List<MetricIntake.Problem> problems, String field) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        problems.forEach(p -> out.addObject().put("index", p.index()).put(field, p.error()));
        return out;
    }

    private ObjectNode sensor(String metric) {
        ObjectNode o = Json.object();
        o.put("id", metric);
        o.put("uri", json.sensorUri(metric));
        return o;
    }
}
