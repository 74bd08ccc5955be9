package dev.specter.api.phantom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specter.api.Authenticator;
import dev.specter.api.Fields;
import dev.specter.api.HttpBodies;
import dev.specter.api.Json;
import dev.specter.api.Replies;
import dev.specter.user.SiteCredentials;
import dev.specter.user.manage.CredentialService;
import dev.specter.validation.InvalidInputException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** Per-user site credentials. Secrets go in, never come out. */
final class CredentialRoutes {
    private final CredentialService credentials;
    private final PhantomJson json;

    CredentialRoutes(CredentialService credentials, PhantomJson json) {
        this.credentials = credentials;
        this.json = json;
    }

    void register(RoutesConfig r, String prefix) {
        r.get(prefix + "/credentials/sites", this::list);
        r.post(prefix + "/credentials/sites", this::create);
        r.get(prefix + "/credentials/sites/{site}", this::get);
        r.put(prefix + "/credentials/sites/{site}", this::replace);
        r.delete(prefix + "/credentials/sites/{site}", this::delete);
    }

    private void list(Context ctx) {
        long owner = Authenticator.caller(ctx).id();
        boolean details = Replies.flag(ctx, "details");
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (SiteCredentials c : credentials.list(owner)) {
            out.add(json.credentials(c, details ? credentials.keyNames(owner, c.site()) : null));
        }
        Replies.ok(ctx, out);
    }

    private void create(Context ctx) {
        ObjectNode body = HttpBodies.jsonObject(ctx);
        long owner = Authenticator.caller(ctx).id();
        SiteCredentials c = credentials.register(owner, Fields.string(body, "id"), Fields.string(body, "access_key"),
                Fields.string(body, "secret_key"), Fields.string(body, "key_name"));
        Replies.created(ctx, json.credentials(c, null));
    }

    private void get(Context ctx) {
        long owner = Authenticator.caller(ctx).id();
        SiteCredentials c = credentials.get(owner, ctx.pathParam("site"));
        Replies.ok(ctx, json.credentials(c, Replies.flag(ctx, "details") ? credentials.keyNames(owner, c.site()) : null));
    }

    private void replace(Context ctx) {
        long owner = Authenticator.caller(ctx).id();
        String site = ctx.pathParam("site");
        credentials.get(owner, site);
        ObjectNode body = HttpBodies.jsonObject(ctx);
        String id = Fields.string(body, "id");
        if (!id.equals(site)) {
            throw new InvalidInputException("id", "'id' (" + id + ") must equal the site in the URL (" + site + ")");
        }
        SiteCredentials c = credentials.replace(owner, site, Fields.string(body, "access_key"),
                Fields.string(body, "secret_key"), Fields.string(body, "key_name"));
        Replies.ok(ctx, json.credentials(c, null));
    }

    private void delete(Context ctx) {
        credentials.delete(Authenticator.caller(ctx).id(), ctx.pathParam("site"));
        Replies.noContent(ctx);
    }
}
