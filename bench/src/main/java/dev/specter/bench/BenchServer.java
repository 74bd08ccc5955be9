package dev.specter.bench;

import dev.specter.cloud.sim.SimCloud;
import dev.specter.config.ConfigLoader;
import dev.specter.config.SpecterConfig;
import dev.specter.reconcile.ControlSettings;
import dev.specter.server.SpecterServer;

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
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** A real Specter in this JVM on a data directory (often preloaded by {@link Fleet}), and an HTTP client for it. */
final class BenchServer implements AutoCloseable {
    static final Map<String, String> FAST_SIM = Map.of("boot_time", "200ms", "boot_jitter", "50ms");
    final SpecterServer server;
    final Path dir;
    final String api;
    final String auth;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Starts on {@code dir} as the user {@code fleet} preloaded (or a new one when {@code fleet} is null). */
    BenchServer(Path dir, Fleet fleet, Map<String, String> simSettings, ControlSettings control) {
        this(dir, fleet, simSettings, control, c -> c);
    }

    /** As above, with {@code tweak} applied last to the configuration. */
    BenchServer(Path dir, Fleet fleet, Map<String, String> simSettings, ControlSettings control,
                UnaryOperator<SpecterConfig> tweak) {
        this.dir = dir;
        SpecterConfig c = ConfigLoader.load(null, Map.of(), SpecterServer.DRIVER_KINDS).withDataDir(dir).withPort(0);
        c = tweak.apply(c.withControl(control).withSites(c.sites().stream().map(s -> s.withSettings(simSettings))
                .toList()));
        server = SpecterServer.start(c);
        api = "http://127.0.0.1:" + server.port() + c.apiPrefix();
        long userId;
        String token;
        if (fleet != null) {
            userId = fleet.userId();
            token = fleet.token();
        } else {
            var a = server.accounts().create("bench", "bench-password");
            userId = a.user().id();
            token = a.token();
        }
        auth = "Basic " + Base64.getEncoder().encodeToString((userId + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("specter-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SimCloud sim(String site) {
        return (SimCloud) server.clouds().driver(site);
    }

    /** Sends a request the way Phantom clients do; fails loudly on a 5xx. */
    HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", auth)
                .timeout(Duration.ofSeconds(60))
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

    /** Creates the launch configuration {@code lc}: one image on {@code hotel}, no VM limit. */
    void createLc() {
        send("POST", "/launchconfigurations", """
                {"name": "lc", "cloud_params": {"hotel": {"image_id": "img", "instance_type": "m1.small",
                 "max_vms": -1, "common": true, "rank": 1}}}""");
    }

    /** The body that creates or fully replaces a multicloud domain on the launch configuration {@code lc}. */
    static String domainBody(String name, int vmCount) {
        return "{\"name\": \"" + name + "\", \"de_name\": \"multicloud\", \"lc_name\": \"lc\", \"vm_count\": "
                + vmCount + "}";
    }

    /** Waits until the control loop has nothing queued, i.e. every domain has been looked at. */
    void awaitQuiet(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        int quietChecks = 0;
        while (System.nanoTime() < deadline) {
            quietChecks = server.control().pending() == 0 ? quietChecks + 1 : 0;
            if (quietChecks >= 5) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the control loop did not go quiet within " + max);
    }

    @Override
    public void close() {
        server.close();
        delete(dir);
    }

    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; leaving it is harmless
        }
    }
}
