package dev.specter.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code specter serve} in its own JVM on a data directory, its output in {@code <data>/server.log}. */
public final class SpecterProcess implements AutoCloseable {
    private final Path data;
    private final int port;
    private final Map<String, String> env;
    /** How long a start may take on a loaded machine before it counts as failed. */
    private static final Duration STARTUP = Duration.ofSeconds(90);
    /** Far beyond the server's own shutdown grace: reaching it means the shutdown hangs. */
    private static final Duration EXIT = Duration.ofSeconds(60);
    private ChildProcess process;

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
        if (process != null) {
            process.close();
        }
        process = ChildProcess.start("specter serve", pb, data.resolve("server.log"));
        Client probe = anonymous();
        process.awaitReady(STARTUP, () -> probe.get("/sites").status() == 403);
        return this;
    }

    /** SIGKILL (kill -9), as a crash would; returns once the process is gone. */
    public void kill() {
        process.kill();
    }

    /**
     * SIGTERM, then waits for the server to exit by itself; returns its exit status (143 after a
     * shutdown that ran to its end). A server still running after {@link #EXIT} is a hang, not a slow
     * exit: it is killed and the test fails.
     */
    public int terminate() {
        process.process().destroy();
        try {
            if (!process.waitFor(EXIT)) {
                String threads = diagnostics();
                process.kill();
                throw new AssertionError("the server did not exit within " + EXIT + " of SIGTERM" + threads);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.process().exitValue();
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
            if (process != null && process.alive()) {
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
        return process.alive();
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
        if (process != null) {
            process.close();
        }
    }
}
