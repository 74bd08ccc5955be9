package dev.specter.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up: from spawning {@code java -jar specter.jar serve} on a fresh data directory (embedded
 * default) to its first HTTP answer, median of {@code runs}; with the class-data-sharing archive
 * {@code bin/specter} uses (made by one unmeasured run first, as bin/specter's first run makes it)
 * and without it.
 */
final class StartupBench {
    private final int runs;

    StartupBench(int runs) {
        this.runs = runs;
    }

    List<Row> run() throws Exception {
        Path jar = serverJar();
        Path work = BenchServer.tempDir();
        try {
            Path archive = work.resolve("serve.jsa");
            List<String> cds = List.of("-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive",
                    "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
            startOnce(jar, cds, work.resolve("warm"));
            double withCds = median(jar, cds, work);
            double without = median(jar, List.of("-Xshare:off"), work);
            String scenario = "start-up, JVM start -> first HTTP answer, fresh data dir (median of " + runs + ")";
            return List.of(
                    Row.check(scenario, "with bin/specter's CDS archive", withCds, " ms", "< 2000 ms", withCds < 2000),
                    Row.info(scenario, "without class-data sharing", Row.format(without) + " ms"));
        } finally {
            BenchServer.delete(work);
        }
    }

    private double median(Path jar, List<String> flags, Path work) throws Exception {
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            ms[i] = startOnce(jar, flags, work.resolve("data-" + System.nanoTime()));
        }
        return new Stats(ms).percentile(50);
    }

    /** Milliseconds from spawn to the first HTTP answer of any status. */
    private static double startOnce(Path jar, List<String> flags, Path data) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(flags);
        cmd.addAll(List.of("-jar", jar.toString(), "serve", "--port", Integer.toString(port), "--data",
                data.toString()));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/dev/sites"))
                .timeout(Duration.ofSeconds(2)).build();
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(data.resolveSibling(data.getFileName() + ".log").toFile()).start();
        try {
            while (System.nanoTime() - t0 < Duration.ofSeconds(60).toNanos()) {
                try {
                    http.send(probe, HttpResponse.BodyHandlers.discarding());
                    return (System.nanoTime() - t0) / 1e6;
                } catch (IOException notYet) {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("specter serve exited with " + p.exitValue() + "; see "
                                + data + ".log");
                    }
                    Thread.sleep(5);
                }
            }
            throw new IllegalStateException("specter serve did not answer within 60 s");
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    /** server/target/specter.jar of this checkout: from -Dspecter.root, else above the working directory. */
    static Path serverJar() {
        String root = System.getProperty("specter.root");
        for (Path dir = root != null ? Path.of(root) : Path.of("").toAbsolutePath(); dir != null;
             dir = dir.getParent()) {
            Path jar = dir.resolve("server/target/specter.jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new IllegalStateException("server/target/specter.jar not found; build it (bin/specter version)");
    }
}
