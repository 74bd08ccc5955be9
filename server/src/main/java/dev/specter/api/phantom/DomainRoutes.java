package dev.specter.api.phantom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specter.api.ApiException;
import dev.specter.api.Authenticator;
import dev.specter.api.HttpBodies;
import dev.specter.api.Json;
import dev.specter.api.Replies;
import dev.specter.domain.Domain;
import dev.specter.domain.DomainDefinition;
import dev.specter.domain.manage.DomainService;
import dev.specter.error.NotFoundException;
import dev.specter.store.ActivityStore;
import dev.specter.store.Saved;
import dev.specter.user.User;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** Domains: Phantom's create/list/get/put/delete plus Specter's PATCH and activity history. */
final class DomainRoutes {
    private final DomainService service;
    private final ActivityStore activities;
    private final PhantomJson json;

    DomainRoutes(DomainService service, ActivityStore activities, PhantomJson json) {
        this.service = service;
        this.activities = activities;
        this.json = json;
    }

    void register(RoutesConfig r, String prefix) {
        r.get(prefix + "/domains", this::list);
        r.post(prefix + "/domains", this::create);
        r.get(prefix + "/domains/{id}", this::get);
        r.put(prefix + "/domains/{id}", this::replace);
        r.patch(prefix + "/domains/{id}", this::patch);
        r.delete(prefix + "/domains/{id}", this::delete);
        r.get(prefix + "/domains/{id}/activities", this::activities);
    }

    private void list(Context ctx) {
        User caller = Authenticator.caller(ctx);
        ArrayNode out = Json.MAPPER.createArrayNode();
        service.list(caller.id()).forEach(d -> out.add(represent(d, caller)));
        Replies.ok(ctx, out);
    }

    private void create(Context ctx) {
        User caller = Authenticator.caller(ctx);
        Saved<Domain> saved = service.create(caller.id(), DomainRequests.definition(HttpBodies.jsonObject(ctx), null));
        if (!saved.created()) {
            PhantomRoutes.redirectToExisting(ctx, json.domainUri(saved.value().id()));
            return;
        }
        PhantomRoutes.etag(ctx, saved.value().version());
        Replies.created(ctx, represent(saved.value(), caller));
    }

    private void get(Context ctx) {
        User caller = Authenticator.caller(ctx);
        Domain d = service.get(caller.id(), ctx.pathParam("id"));
        PhantomRoutes.etag(ctx, d.version());
        Replies.ok(ctx, represent(d, caller));
    }

    /** Phantom's PUT: the body is the full definition (name may be left out to keep it). */
    private void replace(Context ctx) {
        User caller = Authenticator.caller(ctx);
        Domain current = service.get(caller.id(), ctx.pathParam("id"));
        DomainDefinition def = DomainRequests.definition(HttpBodies.jsonObject(ctx), current.name());
        store(ctx, caller, service.replace(caller.id(), current, def, PhantomRoutes.ifMatch(ctx)));
    }

    /** Fields sent replace the stored ones; the result must be a complete, valid definition. */
    private void patch(Context ctx) {
        User caller = Authenticator.caller(ctx);
        Domain read = service.get(caller.id(), ctx.pathParam("id"));
        ObjectNode changes = HttpBodies.jsonObject(ctx);
        Domain stored = service.change(caller.id(), read, current -> {
            ObjectNode merged = json.definition(current);
            merged.setAll(changes);
            return DomainRequests.definition(merged, current.name());
        }, PhantomRoutes.ifMatch(ctx));
        store(ctx, caller, stored);
    }

    private void store(Context ctx, User caller, Domain stored) {
        PhantomRoutes.etag(ctx, stored.version());
        Replies.ok(ctx, represent(stored, caller));
    }

    private void delete(Context ctx) {
        service.delete(Authenticator.caller(ctx).id(), ctx.pathParam("id"));
        Replies.noContent(ctx);
    }

    private void activities(Context ctx) {
        User caller = Authenticator.caller(ctx);
        String id = ctx.pathParam("id");
        service.get(caller.id(), id);
        int limit = intParam(ctx, "limit", 100, 1, 1000);
        long before = intParam(ctx, "before", 0, 0, Integer.MAX_VALUE);
        ArrayNode out = Json.MAPPER.createArrayNode();
        activities.list(id, before, limit).forEach(a -> out.add(json.activity(a)));
        Replies.ok(ctx, out);
    }

    private ObjectNode represent(Domain d, User caller) {
        return json.domain(d, caller.username());
    }

    private static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < min || i > max) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw new ApiException(400, name, "'" + name + "' must be an integer between " + min + " and " + max);
        }
    }

    static NotFoundException notFound(String id) {
        return new NotFoundException("Domain " + id + " not found");
    }
}
