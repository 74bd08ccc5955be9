package dev.specter.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "migrate", description = "Bring the database schema up to date, then exit.")
final class MigrateCommand implements Runnable {
    @Mixin
    ConfigOptions options;

    @Override
    public void run() {
        Cli.withStore(options, s -> null);
        System.out.println("database schema is up to date");
    }
}
