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
import java.util.concurrent.TimeUnit;

/**
 * Start-up: from spawning {@code java -jar specter.jar serve} on a fresh data directory (embedded
 * default) to its first HTTP answer, median of {@code runs}; with an AOT cache recorded as
 * {@code bin/specter} records its own (same flags, the {@code startup-training} run, once, timed),
 * and without class-data sharing.
 */
final class StartupBench {
    /** bin/specter's JAVA_FLAGS: the cache is recorded with them and a run must use the same. */
    static final List<String> LAUNCHER_FLAGS = List.of("--enable-native-access=ALL-UNNAMED");

    private final int runs;

    StartupBench(int runs) {
        this.runs = runs;
    }

    List<Row> run() throws Exception {
        Path jar = serverJar();
        Path work = BenchServer.tempDir();
        try {
            Path cache = work.resolve("specter.aot");
            double recording = record(jar, cache, work.resolve("training.log"));
            List<String> aot = new ArrayList<>(LAUNCHER_FLAGS);
            aot.addAll(List.of("-XX:AOTCache=" + cache, "-XX:AOTMode=on")); // on: fail rather than run without it
            double withCache = median(jar, aot, work);
            List<String> off = new ArrayList<>(LAUNCHER_FLAGS);
            off.add("-Xshare:off");
            double without = median(jar, off, work);
            String scenario = "start-up, JVM start -> first HTTP answer, fresh data dir (median of " + runs + ")";
            return List.of(
                    Row.check(scenario, "with bin/specter's AOT cache", withCache, " ms", "< 2000 ms",
                            withCache < 2000),
                    Row.info(scenario, "without class-data sharing", Row.format(without) + " ms"),
                    Row.info(scenario, "recording the AOT cache (once per build)", Row.format(recording) + " ms"));
        } finally {
            BenchServer.delete(work);
        }
    }

    /** Records the AOT cache from the training run as bin/specter does; returns its milliseconds. */
    private static double record(Path jar, Path cache, Path log) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(LAUNCHER_FLAGS);
        // without the training run's method profiles, as bin/specter records it (see there why)
        cmd.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTRecordTraining"));
        cmd.addAll(List.of("-XX:AOTCacheOutput=" + cache, "-jar", jar.toString(), "startup-training"));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException("specter startup-training did not end within 5 minutes; see " + log);
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(cache)) {
            throw new IllegalStateException("specter startup-training failed (exit " + p.exitValue() + "); see " + log);
        }
        return (System.nanoTime() - t0) / 1e6;
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
