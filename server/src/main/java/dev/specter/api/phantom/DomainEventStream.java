package dev.specter.api.phantom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specter.activity.DomainEvent;
import dev.specter.activity.DomainEventListener;
import dev.specter.api.Authenticator;
import dev.specter.api.Json;
import dev.specter.domain.Domain;
import dev.specter.error.NotFoundException;
import dev.specter.instance.Instance;
import dev.specter.store.DomainStore;
import dev.specter.user.User;
import io.javalin.config.RoutesConfig;
import io.javalin.http.sse.SseClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /domains/<id>/events}: server-sent events of a domain's changes, so a user's own
 * decision engine reacts at once instead of polling. Events: {@code domain} (its definition changed
 * or it was deleted), {@code instance} (one per instance that changed, with its representation) and
 * {@code activity} (a scaling activity was recorded).
 */
public final class DomainEventStream implements DomainEventListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DomainEventStream.class);
    private record Watcher(SseClient client, String ownerName) {
    }

    private final PhantomJson json;
    private final DomainStore domains;
    private final Map<String, List<Watcher>> watchers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService pings = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("specter-sse-ping").daemon().factory());

    public DomainEventStream(String prefix, DomainStore domains) {
        this.json = new PhantomJson(prefix);
        this.domains = domains;
        // a comment every 15 s keeps proxies from closing idle streams and finds departed clients
        pings.scheduleWithFixedDelay(() -> watchers.values().forEach(list -> list.forEach(w -> send(w, null, null))),
                15, 15, TimeUnit.SECONDS);
    }

    PhantomJson json() {
        return json;
    }

    void register(RoutesConfig r, String prefix) {
        r.sse(prefix + "/domains/{id}/events", client -> {
            User caller = Authenticator.caller(client.ctx());
            String id = client.ctx().pathParam("id");
            Domain d = domains.byIdAnyState(id).filter(x -> x.owner() == caller.id())
                    .orElseThrow(() -> new NotFoundException("Domain " + id + " not found"));
            Watcher w = new Watcher(client, caller.username());
            watchers.computeIfAbsent(d.id(), k -> new CopyOnWriteArrayList<>()).add(w);
            client.onClose(() -> watchers.computeIfPresent(d.id(), (k, list) -> {
                list.remove(w);
                return list.isEmpty() ? null : list;
            }));
            ObjectNode hello = Json.object();
            hello.put("domain", d.id());
            send(w, "ready", hello);
            client.keepAlive();
        });
    }

    @Override
    public void on(DomainEvent event) {
        List<Watcher> list = watchers.get(event.domainId());
        if (list == null || list.isEmpty()) {
            return;
        }
        for (Watcher w : list) {
            switch (event) {
                case DomainEvent.DefinitionChanged c -> {
                    ObjectNode o = Json.object();
                    o.put("domain", c.domainId());
                    send(w, "domain", o);
                }
                case DomainEvent.InstancesChanged c -> {
                    for (Instance i : c.instances()) {
                        send(w, "instance", json.instance(i, w.ownerName(), Json.object()));
                    }
                }
                case DomainEvent.ActivityRecorded a -> send(w, "activity", json.activity(a.activity()));
            }
        }
    }

    private static void send(Watcher w, String event, ObjectNode data) {
        synchronized (w) {
            try {
                if (w.client().terminated()) {
                    return;
                }
                if (event == null) {
                    w.client().sendComment("ping");
                } else {
                    w.client().sendEvent(event, Json.MAPPER.writeValueAsString(data));
                }
            } catch (JsonProcessingException | RuntimeException e) {
                LOG.debug("dropping an event watcher: {}", e.toString());
                w.client().close();
            }
        }
    }

    @Override
    public void close() {
        pings.shutdownNow();
        watchers.values().forEach(list -> list.forEach(w -> w.client().close()));
    }
}
