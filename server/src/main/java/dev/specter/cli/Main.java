package dev.specter.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code specter}: the one entry point of the runnable jar. */
@Command(name = "specter", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Multi-cloud elastic compute service (Phantom-compatible).",
        subcommands = {ServeCommand.class, UserCommand.class, MigrateCommand.class, LaunchConfigurationCommand.class,
                VersionCommand.class, StartupTrainingCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("specter: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    return 1;
                })
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
