package dev.specter.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code moto_server} (the AWS API emulator of Python's moto package, on this machine's
 * PATH) on a free loopback port, for tests that need an EC2- or CloudWatch-compatible endpoint.
 */
public final class MotoServer implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private final Process process;
    private final URI endpoint;
    private final Path log;

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    public static MotoServer start() throws IOException, InterruptedException {
        int port = freePort();
        Path log = Files.createTempFile("moto-server-", ".log");
        Process p;
        try {
            p = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IOException("cannot start moto_server (pip install 'moto[server]' puts it on the PATH)", e);
        }
        MotoServer moto = new MotoServer(p, URI.create("http://127.0.0.1:" + port), log);
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!moto.answers()) {
            if (!p.isAlive()) {
                String out = Files.readString(log);
                moto.close();
                throw new IOException("moto_server exited with " + p.exitValue() + ": " + out);
            }
            if (System.nanoTime() > deadline) {
                moto.close();
                throw new IOException("moto_server did not answer on port " + port + " within " + STARTUP);
            }
            Thread.sleep(50);
        }
        return moto;
    }

    /** A loopback port nothing listens on (at the moment it is returned). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private boolean answers() {
        try {
            HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            int status = c.getResponseCode();
            c.disconnect();
            return status > 0;
        } catch (IOException e) {
            return false;
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Forgets every resource of every service, as a fresh moto_server would have none. */
    public void reset() throws IOException {
        HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/moto-api/reset").toURL().openConnection();
        c.setRequestMethod("POST");
        c.setConnectTimeout(2000);
        c.setReadTimeout(10_000);
        int status = c.getResponseCode();
        c.disconnect();
        if (status != 200) {
            throw new IOException("moto_server reset answered " + status);
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file
        }
    }
}
