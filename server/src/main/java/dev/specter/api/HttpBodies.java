package dev.specter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads request bodies with a hard size limit, whatever the Content-Type (Phantom clients send JSON
 * with none), and parses them as JSON or as a form.
 */
public final class HttpBodies {
    public static final int MAX_BYTES = 1 << 20;
    /**
     * An oversized body up to this size is read and discarded before the 413 goes out: a client
     * still sending when the server answers and closes would see a reset instead of the answer.
     */
    private static final long DRAIN_LIMIT = 16L << 20;
    private static final String CACHE = "specter.body";

    private HttpBodies() {
    }

    /** The raw body, at most {@link #MAX_BYTES}; larger bodies are a 413 without reading them all. */
    public static byte[] bytes(Context ctx) {
        byte[] cached = ctx.attribute(CACHE);
        if (cached != null) {
            return cached;
        }
        long declared = ctx.req().getContentLengthLong();
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared > MAX_BYTES) {
                throw tooLarge(in, declared);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
            byte[] buf = new byte[8192];
            int total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > MAX_BYTES) {
                    throw tooLarge(in, declared);
                }
                out.write(buf, 0, n);
            }
            byte[] body = out.toByteArray();
            ctx.attribute(CACHE, body);
            return body;
        } catch (IOException e) {
            throw ApiException.badRequest(null, "The request body could not be read: " + e.getMessage());
        }
    }

    /** The body as a JSON object; anything else (empty, malformed, an array...) is a 400. */
    public static ObjectNode jsonObject(Context ctx) {
        JsonNode n = json(ctx);
        if (!n.isObject()) {
            throw ApiException.badRequest(null, "The request body must be a JSON object");
        }
        return (ObjectNode) n;
    }

    public static JsonNode json(Context ctx) {
        byte[] body = bytes(ctx);
        if (body.length == 0) {
            throw ApiException.badRequest(null, "The request body is empty; a JSON document is required");
        }
        String text = utf8(body);
        try {
            JsonNode n = Json.MAPPER.readTree(text);
            if (n == null || n.isMissingNode()) {
                throw ApiException.badRequest(null, "The request body is empty; a JSON document is required");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(null, "The request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Form fields of an {@code application/x-www-form-urlencoded} body (first value of each name). */
    public static Map<String, String> form(Context ctx) {
        Map<String, String> out = new HashMap<>();
        String text = utf8(bytes(ctx));
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(k, v);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(null, "The form body is not validly encoded");
            }
        }
        return out;
    }

    public static boolean isForm(Context ctx) {
        String type = ctx.contentType();
        return type != null && type.toLowerCase().startsWith("application/x-www-form-urlencoded");
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest(null, "The request body is not valid UTF-8");
        }
    }

    private static ApiException tooLarge(InputStream rest, long declared) {
        if (declared <= DRAIN_LIMIT) {
            try {
                byte[] sink = new byte[64 * 1024];
                long drained = 0;
                for (int n; drained < DRAIN_LIMIT && (n = rest.read(sink)) > 0; ) {
                    drained += n;
                }
            } catch (IOException ignored) {
                // the client gave up; the answer is the same
            }
        }
        return new ApiException(413, null, "The request body is larger than the limit of " + MAX_BYTES + " bytes");
    }
}
