package dev.specter.metrics.cloudwatch;

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
 * A real {@code moto_server} (the AWS API emulator, from Python's moto package) on a free loopback
 * port, for the duration of a test class, with the {@link RpcV2CborBridge} in front of it that the
 * SDK's CloudWatch client needs to reach it. {@link #endpoint()} is the bridge's.
 */
final class MotoServer implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private final Process process;
    private final URI motoEndpoint;
    private final Path log;
    private RpcV2CborBridge bridge;

    private MotoServer(Process process, URI motoEndpoint, Path log) {
        this.process = process;
        this.motoEndpoint = motoEndpoint;
        this.log = log;
    }

    static MotoServer start() throws IOException, InterruptedException {
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
        while (true) {
            if (!p.isAlive()) {
                String out = Files.readString(log);
                moto.close();
                throw new IOException("moto_server exited with " + p.exitValue() + ": " + out);
            }
            if (moto.answers()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                moto.close();
                throw new IOException("moto_server did not answer on port " + port + " within " + STARTUP);
            }
            Thread.sleep(50);
        }
        try {
            moto.bridge = RpcV2CborBridge.start(moto.motoEndpoint);
        } catch (IOException | RuntimeException e) {
            moto.close();
            throw e;
        }
        return moto;
    }

    /** A loopback port nothing listens on (at the moment it is returned). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private boolean answers() {
        try {
            HttpURLConnection c = (HttpURLConnection) motoEndpoint.resolve("/moto-api/").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            int status = c.getResponseCode();
            c.disconnect();
            return status > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Where the SDK's CloudWatch client is to be pointed: the CBOR bridge. */
    URI endpoint() {
        return bridge.endpoint();
    }

    RpcV2CborBridge bridge() {
        return bridge;
    }

    @Override
    public void close() {
        if (bridge != null) {
            bridge.close();
        }
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
