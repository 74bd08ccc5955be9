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
import java.time.Duration;
import java.util.Map;
import dev.specter.cloud.sim.SimCloud;
import dev.specter.reconcile.ControlSettings;

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

    /**
     * A server whose clouds and control loop run fast: simulated VMs boot in about 200 ms and sites
     * are described every 100 ms, so end-to-end tests converge in a second or two.
     */
    public static TestServer fast() {
        return start(TestServer::fast);
    }

    public static SpecterConfig fast(SpecterConfig c) {
        return c.withControl(new ControlSettings(Duration.ofMillis(200), Duration.ofMillis(100),
                        Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofHours(2), 3)
                        .withFullResync(Duration.ofSeconds(2)))
                .withSites(c.sites().stream().map(s -> s.driver().equals("sim") ? s.withSettings(Map.of("boot_time",
                        "200ms", "boot_jitter", "50ms")) : s).toList());
    }

    /** The simulated cloud of a site. */
    public SimCloud sim(String site) {
        return (SimCloud) server.clouds().driver(site);
    }

    public static TestServer start(UnaryOperator<SpecterConfig> tweak) {
        return start(null, tweak);
    }

    /** A server configured by {@code yaml} (laid over the defaults, as a file given with --config), then {@code tweak}. */
    public static TestServer start(String yaml, UnaryOperator<SpecterConfig> tweak) {
        try {
            Path dir = Files.createTempDirectory("specter-test");
            Path file = null;
            if (yaml != null) {
                file = dir.resolve("specter.yaml");
                Files.writeString(file, yaml);
            }
            SpecterConfig config = tweak.apply(ConfigLoader.load(file, java.util.Map.of(), SpecterServer.DRIVER_KINDS)
                    .withDataDir(dir).withPort(0));
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
