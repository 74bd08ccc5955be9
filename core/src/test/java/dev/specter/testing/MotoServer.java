package dev.specter.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real {@code moto_server} (the AWS API emulator of Python's moto package, on this machine's
 * PATH) on a free loopback port, for tests that need an EC2- or CloudWatch-compatible endpoint.
 */
public final class MotoServer implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private final ChildProcess process;
    private final URI endpoint;

    private MotoServer(ChildProcess process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Starts moto_server and returns once it answers HTTP. */
    public static MotoServer start() throws IOException {
        int port = freePort();
        Path log = Files.createTempFile("moto-server-", ".log");
        ChildProcess p = ChildProcess.start("moto_server (pip install 'moto[server]' puts it on the PATH)",
                new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port)), log);
        MotoServer moto = new MotoServer(p, URI.create("http://127.0.0.1:" + port));
        p.awaitReady(STARTUP, moto::answers);
        return moto;
    }

    /** A loopback port nothing listens on (at the moment it is returned). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private boolean answers() throws IOException {
        HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(2000);
        try {
            return c.getResponseCode() > 0;
        } finally {
            c.disconnect();
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
        process.close();
        try {
            Files.deleteIfExists(process.log());
        } catch (IOException ignored) {
            // a temp file
        }
    }
}
