package dev.specter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.specter.api.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A minimal HTTP client speaking to the API the way Phantom clients do (JSON body, no Content-Type, basic auth). */
public final class Client {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String api;
    private final TestUser user;
    private final java.util.Map<String, String> headers;

    Client(String api, TestUser user) {
        this(api, user, java.util.Map.of());
    }

    private Client(String api, TestUser user, java.util.Map<String, String> headers) {
        this.api = api;
        this.user = user;
        this.headers = headers;
    }

    /** A client that also sends {@code name: value} on every request. */
    public Client withHeader(String name, String value) {
        java.util.Map<String, String> h = new java.util.HashMap<>(headers);
        h.put(name, value);
        return new Client(api, user, h);
    }

    public Reply get(String path) {
        return send("GET", path, null, null);
    }

    public Reply delete(String path) {
        return send("DELETE", path, null, null);
    }

    public Reply post(String path, String body) {
        return send("POST", path, body, null);
    }

    public Reply put(String path, String body) {
        return send("PUT", path, body, null);
    }

    public Reply patch(String path, String body) {
        return send("PATCH", path, body, null);
    }

    public Reply send(String method, String path, String body, String contentType) {
        return sendBytes(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), contentType, null);
    }

    public Reply sendBytes(String method, String path, byte[] body, String contentType, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        if (authorization != null) {
            b.header("Authorization", authorization);
        } else if (user != null) {
            b.header("Authorization", basic(Long.toString(user.id()), user.token()));
        }
        try {
            HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r, parse(r.body()));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String basic(String user, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /** A client for an arbitrary API base URL (a server in another process). */
    public record Anonymous(String api) {
        public Client client() {
            return new Client(api, null);
        }

        public Client as(TestUser user) {
            return new Client(api, user);
        }
    }

    public record Reply(int status, HttpResponse<byte[]> raw, JsonNode json) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String text() {
            return new String(raw.body(), StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }
}
