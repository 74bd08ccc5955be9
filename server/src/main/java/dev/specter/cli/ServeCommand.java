package dev.specter.cli;

import dev.specter.config.SpecterConfig;
import dev.specter.server.SpecterServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.CountDownLatch;

@Command(name = "serve", description = "Run the service (HTTP API and control loop).")
final class ServeCommand implements Runnable {
    @Mixin
    ConfigOptions options;

    @Option(names = "--port", description = "HTTP port (default 8080; 0 picks a free one)")
    Integer port;

    @Override
    public void run() {
        SpecterConfig config = options.load();
        if (port != null) {
            config = config.withPort(port);
        }
        SpecterServer server = SpecterServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            server.close();
            stopped.countDown();
        }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
