package dev.specter.bench;

import dev.specter.cloud.sim.SimCloud;
import dev.specter.config.ConfigLoader;
import dev.specter.config.SpecterConfig;
import dev.specter.reconcile.ControlSettings;
import dev.specter.server.SpecterServer;
import dev.specter.site.SiteDefinition;
import dev.specter.user.NewAccount;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** A real Specter in this JVM on its own temporary data directory, and an HTTP client logged in to it. */
final class BenchServer implements AutoCloseable {
    final SpecterServer server;
    final Path dir;
    final String api;
    final String auth;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    BenchServer(Map<String, String> simSettings, Duration describeInterval) {
        try {
            dir = Files.createTempDirectory("specter-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SpecterConfig c = ConfigLoader.load(null, Map.of(), SpecterServer.DRIVER_KINDS).withDataDir(dir).withPort(0);
        c = c.withControl(new ControlSettings(Duration.ofSeconds(5), describeInterval, Duration.ofSeconds(300),
                        Duration.ofSeconds(60), Duration.ofHours(2), 3))
                .withSites(c.sites().stream().map(s -> new SiteDefinition(s.name(), s.driver(), s.credentialsRequired(),
                        s.instanceTypes(), simSettings)).toList());
        server = SpecterServer.start(c);
        api = "http://127.0.0.1:" + server.port() + c.apiPrefix();
        NewAccount a = server.accounts().create("bench", "bench-password");
        auth = "Basic " + Base64.getEncoder().encodeToString((a.user().id() + ":" + a.token())
                .getBytes(StandardCharsets.UTF_8));
    }

    SimCloud sim(String site) {
        return (SimCloud) server.clouds().driver(site);
    }

    /** Sends a request the way Phantom clients do; returns the status, failing loudly on a 5xx. */
    HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", auth)
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 500) {
                throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; leaving it is harmless
        }
    }
}
