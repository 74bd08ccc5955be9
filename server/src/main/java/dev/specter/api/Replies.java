package dev.specter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

import java.util.Locale;

/** Every JSON answer goes through here, so content type, pretty-printing and error shape are uniform. */
public final class Replies {
    private static final String ANSWERED = "specter.answered";
    private Replies() {
    }

    public static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json");
        try {
            ctx.result(status == 200 && flag(ctx, "pretty")
                    ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(body)
                    : Json.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a reply", e);
        }
    }

    public static void ok(Context ctx, JsonNode body) {
        json(ctx, 200, body);
    }

    public static void created(Context ctx, JsonNode body) {
        json(ctx, 201, body);
    }

    public static void noContent(Context ctx) {
        ctx.status(204).result(new byte[0]);
    }

    public static void error(Context ctx, int status, String field, String message) {
        ctx.attribute(ANSWERED, Boolean.TRUE);
        ObjectNode body = Json.object();
        body.put("error", message);
        body.put("field", field);
        json(ctx, status, body);
    }

    /** Whether an error answer was already written for this request. */
    static boolean answered(Context ctx) {
        return ctx.attribute(ANSWERED) != null;
    }

    /** Phantom's rule for boolean query flags: true only for the value "true", in any case. */
    public static boolean flag(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v != null && v.toLowerCase(Locale.ROOT).equals("true");
    }
}
