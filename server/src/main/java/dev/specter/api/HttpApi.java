package dev.specter.api;

import dev.specter.error.ConflictException;
import dev.specter.error.NotFoundException;
import dev.specter.error.SiteUnavailableException;
import dev.specter.store.ConcurrentUpdateException;
import dev.specter.validation.InvalidInputException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The HTTP server: Javalin on virtual threads, with one error mapping for every route so a client
 * always gets a JSON error with the right status, and a 500 only for a real server fault.
 */
public final class HttpApi {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private final Javalin app;

    public HttpApi(String host, int port, ApiRoutes api, Authenticator authenticator) {
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.concurrency.useVirtualThreads = true;
            cfg.http.prefer405over404 = true;
            cfg.http.maxRequestSize = HttpBodies.MAX_BYTES;
            cfg.http.generateEtags = false;
            cfg.router.ignoreTrailingSlashes = true;
            cfg.router.treatMultipleSlashesAsSingleSlash = true;
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));

            cfg.routes.beforeMatched(ctx -> {
                Endpoint e = ctx.endpoints().matchedHttpEndpoint();
                if (e != null && e.path.startsWith(api.prefix()) && !api.isPublic(e.path)) {
                    authenticator.authenticate(ctx);
                }
            });
            api.register(cfg.routes);

            cfg.routes.exception(ApiException.class, (e, ctx) -> Replies.error(ctx, e.status(), e.field(), e.getMessage()));
            cfg.routes.exception(LoginGuard.TooManyAttempts.class, (e, ctx) -> {
                ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
                Replies.error(ctx, 429, null, e.getMessage());
            });
            cfg.routes.exception(InvalidInputException.class, (e, ctx) -> Replies.error(ctx, 400, e.field(), e.getMessage()));
            cfg.routes.exception(NotFoundException.class, (e, ctx) -> Replies.error(ctx, 404, null, e.getMessage()));
            cfg.routes.exception(ConflictException.class, (e, ctx) -> Replies.error(ctx, 409, e.field(), e.getMessage()));
            cfg.routes.exception(SiteUnavailableException.class, (e, ctx) -> {
                ctx.header("Retry-After", "30");
                Replies.error(ctx, 503, null, e.getMessage());
            });
            cfg.routes.exception(ConcurrentUpdateException.class,
                    (e, ctx) -> Replies.error(ctx, 412, null, e.getMessage()));
            cfg.routes.exception(HttpResponseException.class,
                    (e, ctx) -> Replies.error(ctx, e.getStatus(), null, e.getMessage()));
            cfg.routes.exception(Exception.class, HttpApi::serverFault);
            // Javalin's own 404 (no route) and 405 (route exists, other method) get JSON bodies too;
            // errors our handlers already answered are left alone
            cfg.routes.error(404, ctx -> {
                if (!Replies.answered(ctx)) {
                    Replies.error(ctx, 404, null, "No resource at " + ctx.path());
                }
            });
            cfg.routes.error(405, ctx -> {
                if (!Replies.answered(ctx)) {
                    Replies.error(ctx, 405, null, "Method " + ctx.method() + " is not allowed on " + ctx.path());
                }
            });
        });
    }

    public HttpApi start() {
        app.start();
        return this;
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        app.stop();
    }

    private static void serverFault(Exception e, Context ctx) {
        String ref = UUID.randomUUID().toString();
        LOG.error("request {} {} failed (reference {})", ctx.method(), ctx.path(), ref, e);
        Replies.error(ctx, 500, null, "Internal server error (reference " + ref + ")");
    }

    /** Jetty answers some malformed requests before Javalin sees them; keep those answers JSON too. */
    private static final class JsonErrorHandler extends ErrorHandler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            int status = response.getStatus() >= 400 ? response.getStatus() : 400;
            String message = String.valueOf(request.getAttribute(ERROR_MESSAGE));
            String body = "{\"error\":" + quote(status >= 500 ? "Internal server error" : "Bad request: " + message)
                    + ",\"field\":null}";
            response.setStatus(status);
            response.getHeaders().put("Content-Type", "application/json");
            // Jetty drops the connection after a request it could not parse; say so, or a client
            // keeping it alive sends its next request into a closed socket
            response.getHeaders().put("Connection", "close");
            response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }

        private static String quote(String s) {
            try {
                return Json.MAPPER.writeValueAsString(s);
            } catch (Exception e) {
                return "\"error\"";
            }
        }
    }
}
