package dev.specter.api.phantom;

import dev.specter.api.ApiException;
import io.javalin.http.Context;

import java.net.URI;
import java.util.OptionalLong;

/** Conventions shared by the Phantom resources. */
final class PhantomRoutes {
    private PhantomRoutes() {
    }

    /**
     * Phantom answers a create of an existing name with 302 to the existing object; a requests client
     * then GETs it and sees 200.
     */
    static void redirectToExisting(Context ctx, String uri) {
        ctx.status(302).header("Location", URI.create(ctx.url()).resolve(uri).toString()).result(new byte[0]);
    }

    /** The version an {@code If-Match} header asks for; empty when absent or {@code *}. */
    static OptionalLong ifMatch(Context ctx) {
        String h = ctx.header("If-Match");
        if (h == null || h.trim().equals("*")) {
            return OptionalLong.empty();
        }
        String v = h.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return OptionalLong.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new ApiException(400, null, "If-Match must be an ETag this API returned, like \"3\"");
        }
    }

    static void etag(Context ctx, long version) {
        ctx.header("ETag", "\"" + version + "\"");
    }
}
