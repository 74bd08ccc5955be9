package dev.specter.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** {@code specter serve} in its own JVM on a data directory, its output in {@code <data>/server.log}. */
public final class SpecterProcess implements AutoCloseable {
    private final Path data;
    private final int port;
    private final Map<String, String> env;
    private Process process;

    private SpecterProcess(Path data, int port, Map<String, String> env) {
        this.data = data;
        this.port = port;
        this.env = env;
    }

    /** Writes {@code yaml} as the configuration and starts the server on a free port. */
    public static SpecterProcess start(Path data, String yaml, Map<String, String> env) {
        try {
            Files.createDirectories(data);
            Files.writeString(data.resolve("specter.yaml"), yaml);
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            SpecterProcess p = new SpecterProcess(data, port, env);
            p.restart();
            return p;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the server (again) on the same port and data; returns once it answers HTTP. */
    public SpecterProcess restart() {
        ProcessBuilder pb = new ProcessBuilder(Processes.java("dev.specter.cli.Main", "serve", "--port",
                Integer.toString(port), "--data", data.toString(), "--config", data.resolve("specter.yaml").toString()));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("server.log").toFile()));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Client probe = anonymous();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("server exited: " + Files.readString(data.resolve("server.log")));
                    }
                    return probe.get("/sites").status() == 403;
                });
        return this;
    }

    /** SIGKILL (kill -9) or SIGTERM; returns how long the process took to exit. */
    public Duration stop(boolean kill) {
        long t0 = System.nanoTime();
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("the server did not exit within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /**
     * What a failing test needs to say why the server did not do its job: the last warnings and
     * errors of its log and a dump of its threads, virtual ones included (where a stuck pass waits).
     */
    public String diagnostics() {
        StringBuilder out = new StringBuilder("\n---- server warnings and errors (last 40) ----\n");
        try {
            List<String> bad = Files.readAllLines(data.resolve("server.log")).stream()
                    .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.startsWith("\t") || l.startsWith("Caused"))
                    .toList();
            bad.subList(Math.max(0, bad.size() - 40), bad.size()).forEach(l -> out.append(l).append('\n'));
            if (process != null && process.isAlive()) {
                Path dump = Files.createTempFile(data, "threads", ".txt");
                Files.delete(dump);
                Processes.run(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(process.pid()), "Thread.dump_to_file", dump.toString()), Map.of(), null, 30);
                out.append("---- server threads running Specter code ----\n");
                for (String thread : Files.readString(dump).split("\n\n")) {
                    if (thread.contains("dev.specter")) {
                        out.append(thread).append("\n\n");
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            out.append("(diagnostics incomplete: ").append(e).append(")\n");
        }
        return out.toString();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String api() {
        return "http://127.0.0.1:" + port + "/api/dev";
    }

    public Client client(TestUser u) {
        return new Client.Anonymous(api()).as(u);
    }

    public Client anonymous() {
        return new Client.Anonymous(api()).client();
    }

    public Path data() {
        return data;
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop(false);
        }
    }
}
