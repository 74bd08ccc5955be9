package dev.specter.api.phantom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.specter.api.Authenticator;
import dev.specter.api.HttpBodies;
import dev.specter.api.Json;
import dev.specter.api.Replies;
import dev.specter.launch.LaunchConfiguration;
import dev.specter.launch.manage.LaunchConfigurationService;
import dev.specter.store.Saved;
import dev.specter.store.UserStore;
import dev.specter.user.User;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** Launch configurations: clients address them by id, domains refer to them by name. */
final class LaunchConfigurationRoutes {
    private final LaunchConfigurationService service;
    private final UserStore users;
    private final PhantomJson json;

    LaunchConfigurationRoutes(LaunchConfigurationService service, UserStore users, PhantomJson json) {
        this.service = service;
        this.users = users;
        this.json = json;
    }

    void register(RoutesConfig r, String prefix) {
        r.get(prefix + "/launchconfigurations", this::list);
        r.post(prefix + "/launchconfigurations", this::create);
        r.get(prefix + "/launchconfigurations/{id}", this::get);
        r.put(prefix + "/launchconfigurations/{id}", this::update);
        r.delete(prefix + "/launchconfigurations/{id}", this::delete);
    }

    private void list(Context ctx) {
        User caller = Authenticator.caller(ctx);
        ArrayNode out = Json.MAPPER.createArrayNode();
        if (Replies.flag(ctx, "public")) {
            for (LaunchConfiguration lc : service.listPublished()) {
                out.add(json.launchConfiguration(lc, users.byId(lc.owner()).map(User::username).orElse("")));
            }
        } else {
            service.list(caller.id()).forEach(lc -> out.add(json.launchConfiguration(lc, caller.username())));
        }
        Replies.ok(ctx, out);
    }

    private void create(Context ctx) {
        User caller = Authenticator.caller(ctx);
        Saved<LaunchConfiguration> saved = service.create(caller.id(),
                LaunchConfigurationRequests.draft(HttpBodies.jsonObject(ctx), true));
        if (!saved.created()) {
            PhantomRoutes.redirectToExisting(ctx, json.launchConfigurationUri(saved.value().id()));
            return;
        }
        Replies.created(ctx, json.launchConfiguration(saved.value(), caller.username()));
    }

    private void get(Context ctx) {
        User caller = Authenticator.caller(ctx);
        Replies.ok(ctx, json.launchConfiguration(service.get(caller.id(), ctx.pathParam("id")), caller.username()));
    }

    private void update(Context ctx) {
        User caller = Authenticator.caller(ctx);
        service.get(caller.id(), ctx.pathParam("id"));
        LaunchConfiguration lc = service.update(caller.id(), ctx.pathParam("id"),
                LaunchConfigurationRequests.draft(HttpBodies.jsonObject(ctx), false));
        Replies.ok(ctx, json.launchConfiguration(lc, caller.username()));
    }

    private void delete(Context ctx) {
        service.delete(Authenticator.caller(ctx).id(), ctx.pathParam("id"));
        Replies.noContent(ctx);
    }
}
