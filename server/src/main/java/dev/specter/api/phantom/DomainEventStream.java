package dev.specter.api.phantom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specter.activity.DomainEvent;
import dev.specter.activity.DomainEventListener;
import dev.specter.api.ApiException;
import dev.specter.api.Authenticator;
import dev.specter.api.Json;
import dev.specter.error.NotFoundException;
import dev.specter.metric.SensorBoard;
import dev.specter.store.DomainStore;
import dev.specter.user.User;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /domains/<id>/events}: server-sent events of a domain's changes, so a user's own
 * decision engine reacts at once instead of polling. Events: {@code ready} (the stream is open),
 * {@code domain} (its definition changed or it was deleted), {@code instance} (one per instance that
 * changed, with its representation) and {@code activity} (a scaling activity was recorded).
 *
 * <p>Each stream is a request handler that blocks on its own queue: handlers run on virtual
 * threads, so a waiting stream costs little, and a client that goes away is noticed at the next
 * write (a comment is written every 15 s). A watcher that falls 1,000 events behind is dropped.
 */
public final class DomainEventStream implements DomainEventListener, AutoCloseable {
    private static final String CLOSE = "\u0000close";
    private static final long PING_SECONDS = 15;
    /** How many frames a watcher may fall behind before it is dropped. */
    static final int MAX_BEHIND = 1000;

    /** One open stream: the frames it has yet to write, at most {@value #MAX_BEHIND}. */
    record Watcher(String ownerName, BlockingQueue<String> queue) {
        /**
         * The next frame to write: a ping comment after {@code pingSeconds} without one, null once the
         * stream is to end (dropped for falling behind, or the server closing).
         */
        String next(long pingSeconds) throws InterruptedException {
            String next = queue.poll(pingSeconds, TimeUnit.SECONDS);
            return next == null ? ": ping\n\n" : next.equals(CLOSE) ? null : next;
        }
    }

    private final PhantomJson json;
    private final DomainStore domains;
    private final Map<String, List<Watcher>> watchers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public DomainEventStream(String prefix, DomainStore domains, SensorBoard board) {
        this.json = new PhantomJson(prefix, board);
        this.domains = domains;
    }

    PhantomJson json() {
        return json;
    }

    void register(RoutesConfig r, String prefix) {
        r.get(prefix + "/domains/{id}/events", this::stream);
    }

    private void stream(Context ctx) throws IOException, InterruptedException {
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw new ApiException(406, null, "This is a server-sent event stream: send 'Accept: text/event-stream'");
        }
        User caller = Authenticator.caller(ctx);
        String id = ctx.pathParam("id");
        domains.byIdAnyState(id).filter(x -> x.owner() == caller.id())
                .orElseThrow(() -> new NotFoundException("Domain " + id + " not found"));
        var res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream;charset=utf-8");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        OutputStream out = res.getOutputStream();
        Watcher w = watch(id, caller.username());
        try {
            ObjectNode hello = Json.object();
            hello.put("domain", id);
            write(out, frame("ready", hello));
            for (String next; !closed && (next = w.next(PING_SECONDS)) != null; ) {
                write(out, next);
            }
        } catch (IOException gone) {
            // the client went away
        } finally {
            unwatch(id, w);
        }
    }

    /** Registers a watcher of the domain's events; it must be {@link #unwatch unwatched} when its stream ends. */
    Watcher watch(String domainId, String ownerName) {
        Watcher w = new Watcher(ownerName, new ArrayBlockingQueue<>(MAX_BEHIND));
        watchers.computeIfAbsent(domainId, k -> new CopyOnWriteArrayList<>()).add(w);
        return w;
    }

    void unwatch(String domainId, Watcher w) {
        watchers.computeIfPresent(domainId, (k, list) -> {
            list.remove(w);
            return list.isEmpty() ? null : list;
        });
    }

    @Override
    public void on(DomainEvent event) {
        List<Watcher> registered = watchers.get(event.domainId());
        List<Watcher> list = registered == null ? List.of() : List.copyOf(registered);
        if (list.isEmpty()) {
            return;
        }
        // only the domain's owner may watch it, so every watcher gets the same frames: built once
        List<String> frames = new ArrayList<>();
        switch (event) {
            case DomainEvent.DefinitionChanged c -> {
                ObjectNode o = Json.object();
                o.put("domain", c.domainId());
                frames.add(frame("domain", o));
            }
            case DomainEvent.InstancesChanged c -> {
                String owner = list.getFirst().ownerName();
                c.instances().forEach(i -> frames.add(frame("instance", json.instance(i, owner))));
            }
            case DomainEvent.ActivityRecorded a -> frames.add(frame("activity", json.activity(a.activity())));
        }
        for (Watcher w : list) {
            frames.forEach(f -> offer(w, f));
        }
    }

    private static void offer(Watcher w, String frame) {
        if (!w.queue().offer(frame)) {
            // too slow to keep up: end its stream rather than buffer without bound
            w.queue().clear();
            w.queue().offer(CLOSE);
        }
    }

    private static String frame(String event, ObjectNode data) {
        try {
            return "event: " + event + "\ndata: " + Json.MAPPER.writeValueAsString(data) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Ends every open stream (before the HTTP server stops, so no request is left hanging). */
    @Override
    public void close() {
        closed = true;
        watchers.values().forEach(list -> list.forEach(w -> {
            w.queue().clear();
            w.queue().offer(CLOSE);
        }));
    }
}
