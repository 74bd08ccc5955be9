package dev.specter.metric.prometheus;

import dev.specter.testing.Processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server for a test: the Debian package's binary (installed with apt-get when it
 * is missing), scraping the given {@code host:port} targets every second, with its configuration,
 * data and log ({@code prometheus.log}) in a temporary directory that {@link #close()} deletes.
 */
public final class PrometheusProcess implements AutoCloseable {
    private static final Path DEBIAN_BINARY = Path.of("/usr/bin/prometheus");

    private final Path dir;
    private final Process process;
    private final URI url;

    private PrometheusProcess(Path dir, Process process, URI url) {
        this.dir = dir;
        this.process = process;
        this.url = url;
    }

    /** Starts Prometheus scraping {@code metricsPath} on each of {@code targets} every second; returns once ready. */
    public static PrometheusProcess start(List<String> targets, String metricsPath) {
        Path binary = binary();
        Path dir;
        try {
            dir = Files.createTempDirectory("prometheus-test");
            Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 1s
                      evaluation_interval: 1m
                    scrape_configs:
                      - job_name: specter-test
                        metrics_path: %s
                        static_configs:
                          - targets: [%s]
                    """.formatted(metricsPath, String.join(", ", targets.stream().map(t -> "'" + t + "'").toList())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(binary.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn");
        pb.directory(dir.toFile());
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile());
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            delete(dir);
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        PrometheusProcess p = new PrometheusProcess(dir, process, URI.create("http://127.0.0.1:" + port));
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            HttpRequest ready = HttpRequest.newBuilder(p.url.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build();
            await("Prometheus ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .ignoreException(IOException.class)
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("prometheus exited with " + process.exitValue() + ": "
                                    + Files.readString(dir.resolve("prometheus.log")));
                        }
                        return client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    });
        } catch (RuntimeException | Error e) {
            p.close();
            throw e;
        }
        return p;
    }

    public URI url() {
        return url;
    }

    public Path log() {
        return dir.resolve("prometheus.log");
    }

    /** Stops the server (SIGTERM, then SIGKILL after 10 s) and deletes its directory. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        delete(dir);
    }

    /**
     * The prometheus binary: the Debian package's, installed now if it is missing (as root, which the
     * tests run as), or one on the PATH.
     */
    public static synchronized Path binary() {
        if (Files.isExecutable(DEBIAN_BINARY)) {
            return DEBIAN_BINARY;
        }
        Path onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, "prometheus")).filter(Files::isExecutable)
                .findFirst().orElse(null);
        if (onPath != null) {
            return onPath;
        }
        Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive");
        List<String> install = List.of("apt-get", "install", "-y", "--no-install-recommends", "prometheus");
        Processes.Result result = Processes.run(install, env, null, 600);
        if (result.exitCode() != 0 || !Files.isExecutable(DEBIAN_BINARY)) {
            Processes.Result update = Processes.run(List.of("apt-get", "update"), env, null, 600);
            if (update.exitCode() != 0) {
                throw new IllegalStateException("prometheus is not installed and 'apt-get update' failed: "
                        + update.stdout() + update.stderr());
            }
            result = Processes.run(install, env, null, 600);
        }
        if (result.exitCode() != 0 || !Files.isExecutable(DEBIAN_BINARY)) {
            throw new IllegalStateException("cannot install prometheus (" + String.join(" ", install) + "): "
                    + result.stdout() + result.stderr());
        }
        return DEBIAN_BINARY;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is no failure of the test
        }
    }
}
