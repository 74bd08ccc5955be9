package dev.specter.api.phantom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specter.api.HttpBodies;
import dev.specter.api.Json;
import dev.specter.api.LoginGuard;
import dev.specter.api.Replies;
import dev.specter.user.manage.Accounts;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.Map;

/** Phantom's token endpoints: log in with a password, check a token. No basic auth needed here. */
final class TokenRoutes {
    private final Accounts accounts;
    private final LoginGuard guard;

    TokenRoutes(Accounts accounts, LoginGuard guard) {
        this.accounts = accounts;
        this.guard = guard;
    }

    void register(RoutesConfig r, String prefix) {
        r.post(prefix + "/token", this::login);
        r.get(prefix + "/token/{token}/{user}", this::check);
    }

    private void login(Context ctx) {
        String username;
        String password;
        if (HttpBodies.isForm(ctx)) {
            Map<String, String> form = HttpBodies.form(ctx);
            username = form.get("username");
            password = form.get("password");
        } else {
            JsonNode body = HttpBodies.json(ctx);
            username = text(body, "username");
            password = text(body, "password");
        }
        if (username == null || password == null) {
            reply(ctx, 400, "Mandatory parameter '" + (username == null ? "username" : "password") + "' is missing");
            return;
        }
        try {
            guard.check(ctx.ip(), username);
        } catch (LoginGuard.TooManyAttempts e) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            reply(ctx, 429, e.getMessage());
            return;
        }
        var loggedIn = accounts.login(username, password);
        if (loggedIn.isEmpty()) {
            guard.failed(ctx.ip(), username);
            reply(ctx, 401, "Unable to log you in, please try again.");
            return;
        }
        guard.succeeded(username);
        ObjectNode o = Json.object();
        o.put("token", loggedIn.get().token());
        o.put("user", loggedIn.get().user().id());
        o.put("success", true);
        Replies.ok(ctx, o);
    }

    private void check(Context ctx) {
        String user = ctx.pathParam("user");
        if (user.endsWith(".json")) {
            user = user.substring(0, user.length() - ".json".length());
        }
        ObjectNode o = Json.object();
        if (accounts.authenticate(user, ctx.pathParam("token")).isPresent()) {
            o.put("success", true);
        } else {
            o.put("success", false);
            o.put("errors", "Invalid token for this user");
        }
        Replies.ok(ctx, o);
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    private static void reply(Context ctx, int status, String errors) {
        ObjectNode o = Json.object();
        o.put("success", false);
        o.put("errors", errors);
        Replies.json(ctx, status, o);
    }
}
