package dev.specter.cli;

import dev.specter.config.ConfigLoader;
import dev.specter.config.SpecterConfig;
import dev.specter.server.SpecterServer;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options every command shares to find its configuration and data. */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration laid over the built-in defaults")
    Path config;

    @Option(names = "--data", paramLabel = "DIR", description = "data directory (default ./data)")
    Path data;

    SpecterConfig load() {
        SpecterConfig c = ConfigLoader.load(config, System.getenv(), SpecterServer.DRIVER_KINDS);
        return data == null ? c : c.withDataDir(data);
    }
}
