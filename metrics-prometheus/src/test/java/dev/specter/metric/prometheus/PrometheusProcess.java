package dev.specter.metric.prometheus;

import dev.specter.testing.ChildProcess;

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
import java.util.stream.Stream;

/**
 * A real Prometheus server for a test: the Debian package's binary (.ci/run installs it), scraping the
 * given {@code host:port} targets every second, with its configuration, data and log
 * ({@code prometheus.log}) in a temporary directory {@code dir} that {@link #close()} deletes.
 */
public record PrometheusProcess(URI url, Path dir, ChildProcess process) implements AutoCloseable {
    private static final Path DEBIAN_BINARY = Path.of("/usr/bin/prometheus");
    private static final Duration STARTUP = Duration.ofSeconds(60);

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
        URI url = URI.create("http://127.0.0.1:" + freePort());
        ProcessBuilder pb = new ProcessBuilder(binary.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=" + url.getAuthority(),
                "--log.level=warn").directory(dir.toFile());
        ChildProcess process;
        try {
            process = ChildProcess.start("prometheus", pb, dir.resolve("prometheus.log"));
        } catch (RuntimeException e) {
            delete(dir);
            throw e;
        }
        PrometheusProcess p = new PrometheusProcess(url, dir, process);
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            HttpRequest ready = HttpRequest.newBuilder(url.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build();
            process.awaitReady(STARTUP, () -> client.send(ready, HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200);
        } catch (Throwable e) {
            p.close();
            throw e;
        }
        return p;
    }

    public Path log() {
        return dir.resolve("prometheus.log");
    }

    /** Stops the server (SIGTERM, then SIGKILL) and deletes its directory. */
    @Override
    public void close() {
        process.close();
        delete(dir);
    }

    /** The prometheus binary: the Debian package's, or one on the PATH. */
    static Path binary() {
        if (Files.isExecutable(DEBIAN_BINARY)) {
            return DEBIAN_BINARY;
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, "prometheus")).filter(Files::isExecutable)
                .findFirst().orElseThrow(() -> new IllegalStateException("prometheus is not installed: "
                        + ".ci/run installs it on a fresh machine (apt-get install prometheus)"));
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
