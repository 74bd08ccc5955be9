package dev.specter.testing;

import dev.specter.config.ConfigLoader;
import dev.specter.config.SpecterConfig;
import dev.specter.server.SpecterServer;
import dev.specter.user.NewAccount;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** A real Specter on a random port with its own data directory, for HTTP tests. */
public final class TestServer implements AutoCloseable {
    private final SpecterServer server;
    private final Path dataDir;

    private TestServer(SpecterServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    public static TestServer start() {
        return start(c -> c);
    }

    public static TestServer start(UnaryOperator<SpecterConfig> tweak) {
        try {
            Path dir = Files.createTempDirectory("specter-test");
            SpecterConfig config = tweak.apply(ConfigLoader.load(null, java.util.Map.of(), SpecterServer.DRIVER_KINDS).withDataDir(dir).withPort(0));
            return new TestServer(SpecterServer.start(config), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SpecterServer server() {
        return server;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public String apiUrl() {
        return baseUrl() + server.config().apiPrefix();
    }

    /** A new user with a known password ("password-" + name) and a token. */
    public TestUser user(String name) {
        NewAccount a = server.accounts().create(name, "password-" + name);
        return new TestUser(a.user().id(), name, "password-" + name, a.token());
    }

    public Client client(TestUser user) {
        return new Client(apiUrl(), user);
    }

    public Client anonymous() {
        return new Client(apiUrl(), null);
    }

    @Override
    public void close() {
        server.close();
    }
}
