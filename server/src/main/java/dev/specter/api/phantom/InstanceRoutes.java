package dev.specter.api.phantom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.specter.api.Authenticator;
import dev.specter.api.Json;
import dev.specter.api.Replies;
import dev.specter.domain.Domain;
import dev.specter.domain.manage.InstanceService;
import dev.specter.error.NotFoundException;
import dev.specter.instance.Instance;
import dev.specter.store.DomainStore;
import dev.specter.store.InstanceStore;
import dev.specter.user.User;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.time.Duration;
import java.time.InstantSource;

/**
 * A domain's instances, including terminal ones for the retention period. A deleted domain's
 * instances stay visible here while they are being terminated.
 */
final class InstanceRoutes {
    private final DomainStore domains;
    private final InstanceStore instances;
    private final InstanceService service;
    private final PhantomJson json;
    private final InstantSource clock;
    private final Duration retention;

    InstanceRoutes(DomainStore domains, InstanceStore instances, InstanceService service, PhantomJson json,
                   InstantSource clock, Duration retention) {
        this.domains = domains;
        this.instances = instances;
        this.service = service;
        this.json = json;
        this.clock = clock;
        this.retention = retention;
    }

    void register(RoutesConfig r, String prefix) {
        r.get(prefix + "/domains/{id}/instances", this::list);
        r.get(prefix + "/domains/{id}/instances/{iid}", this::get);
        r.delete(prefix + "/domains/{id}/instances/{iid}", this::terminate);
    }

    /** Terminates one VM; with {@code adjust_policy=true} the domain shrinks by one instead of replacing it. */
    private void terminate(Context ctx) {
        User caller = Authenticator.caller(ctx);
        service.terminate(caller.id(), ctx.pathParam("id"), ctx.pathParam("iid"), Replies.flag(ctx, "adjust_policy"));
        Replies.noContent(ctx);
    }

    private void list(Context ctx) {
        User caller = Authenticator.caller(ctx);
        Domain d = domain(ctx, caller);
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (Instance i : instances.byDomain(d.id(), clock.instant().minus(retention))) {
            out.add(json.instance(i, caller.username()));
        }
        Replies.ok(ctx, out);
    }

    private void get(Context ctx) {
        User caller = Authenticator.caller(ctx);
        Domain d = domain(ctx, caller);
        String iid = ctx.pathParam("iid");
        Instance i = instances.byId(d.id(), iid)
                .orElseThrow(() -> new NotFoundException("Instance " + iid + " not found"));
        Replies.ok(ctx, json.instance(i, caller.username()));
    }

    private Domain domain(Context ctx, User caller) {
        String id = ctx.pathParam("id");
        return domains.byIdAnyState(id).filter(d -> d.owner() == caller.id())
                .orElseThrow(() -> DomainRoutes.notFound(id));
    }
}
