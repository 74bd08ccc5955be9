package dev.specter.api.phantom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specter.api.Authenticator;
import dev.specter.api.Fields;
import dev.specter.api.HttpBodies;
import dev.specter.api.Json;
import dev.specter.api.Replies;
import dev.specter.error.NotFoundException;
import dev.specter.site.SiteCatalog;
import dev.specter.site.SiteDefinition;
import dev.specter.user.KeyPair;
import dev.specter.user.manage.CredentialService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** The operator's sites, and SSH key import into them. */
final class SiteRoutes {
    private final SiteCatalog sites;
    private final CredentialService credentials;
    private final PhantomJson json;

    SiteRoutes(SiteCatalog sites, CredentialService credentials, PhantomJson json) {
        this.sites = sites;
        this.credentials = credentials;
        this.json = json;
    }

    void register(RoutesConfig r, String prefix) {
        r.get(prefix + "/sites", this::list);
        r.get(prefix + "/sites/{site}", this::get);
        r.post(prefix + "/sites/{site}/sshkeys", this::importKey);
    }

    private void list(Context ctx) {
        boolean details = Replies.flag(ctx, "details");
        ArrayNode out = Json.MAPPER.createArrayNode();
        sites.all().forEach(s -> out.add(json.site(s, details)));
        Replies.ok(ctx, out);
    }

    private void get(Context ctx) {
        Replies.ok(ctx, json.site(site(ctx), Replies.flag(ctx, "details")));
    }

    private void importKey(Context ctx) {
        SiteDefinition site = site(ctx);
        ObjectNode body = HttpBodies.jsonObject(ctx);
        KeyPair k = credentials.importKey(Authenticator.caller(ctx).id(), site.name(), Fields.string(body, "name"),
                Fields.string(body, "key"));
        ObjectNode o = Json.object();
        o.put("name", k.name());
        o.put("key", k.publicKey());
        o.put("fingerprint", k.fingerprint());
        o.put("site", k.site());
        Replies.created(ctx, o);
    }

    private SiteDefinition site(Context ctx) {
        String name = ctx.pathParam("site");
        return sites.find(name).orElseThrow(() -> new NotFoundException("Site " + name + " not found"));
    }
}
