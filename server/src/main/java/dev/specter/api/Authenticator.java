package dev.specter.api;

import dev.specter.user.User;
import dev.specter.user.manage.Accounts;
import io.javalin.http.Context;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Who is calling: HTTP basic auth {@code <user id or name>:<token>}, else {@code user} and
 * {@code token} query or form parameters, as Phantom accepted. Anything else is a 403 (never a 500,
 * and without WWW-Authenticate so browsers do not prompt).
 */
public final class Authenticator {
    private static final String ATTRIBUTE = "specter.user";
    private final Accounts accounts;
    private final LoginGuard guard;

    public Authenticator(Accounts accounts, LoginGuard guard) {
        this.accounts = accounts;
        this.guard = guard;
    }

    public void authenticate(Context ctx) {
        guard.check(ctx.ip(), null);
        String[] pair = basic(ctx.header("Authorization"));
        if (pair == null) {
            pair = parameters(ctx);
        }
        Optional<User> user = pair == null ? Optional.empty() : accounts.authenticate(pair[0], pair[1]);
        if (user.isEmpty()) {
            if (pair != null) {
                guard.failed(ctx.ip(), null);
            }
            throw new ApiException(403, null, "Authorization Required");
        }
        ctx.attribute(ATTRIBUTE, user.get());
    }

    /** The authenticated caller of this request. */
    public static User caller(Context ctx) {
        User u = ctx.attribute(ATTRIBUTE);
        if (u == null) {
            throw new IllegalStateException("route was not authenticated");
        }
        return u;
    }

    private static String[] basic(String header) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        int space = h.indexOf(' ');
        if (space < 0 || !h.substring(0, space).toLowerCase(Locale.ROOT).equals("basic")) {
            return null;
        }
        try {
            byte[] raw = Base64.getMimeDecoder().decode(h.substring(space + 1).trim());
            String decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
            int colon = decoded.indexOf(':');
            return colon <= 0 ? null : new String[]{decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return null;
        }
    }

    private static String[] parameters(Context ctx) {
        String user = ctx.queryParam("user");
        String token = ctx.queryParam("token");
        if ((user == null || token == null) && HttpBodies.isForm(ctx)) {
            Map<String, String> form = HttpBodies.form(ctx);
            user = form.get("user");
            token = form.get("token");
        }
        return user == null || token == null ? null : new String[]{user, token};
    }
}
