package dev.specter.cli;

import dev.specter.user.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "lc", description = "Operator actions on launch configurations.",
        subcommands = LaunchConfigurationCommand.Publish.class)
final class LaunchConfigurationCommand {

    @Command(name = "publish", description = "List a user's launch configuration to everyone (GET /launchconfigurations?public=true).")
    static final class Publish implements Runnable {
        @Mixin
        ConfigOptions options;
        @Parameters(index = "0", paramLabel = "USERNAME")
        String username;
        @Parameters(index = "1", paramLabel = "LC_NAME")
        String name;
        @Option(names = "--withdraw", description = "stop listing it publicly")
        boolean withdraw;

        @Override
        public void run() {
            boolean done = Cli.withStore(options, s -> {
                User u = s.users().byUsername(username).orElseThrow(
                        () -> new IllegalArgumentException("no user named '" + username + "'"));
                return s.launchConfigurations().setPublished(u.id(), name, !withdraw);
            });
            if (!done) {
                throw new IllegalArgumentException(username + " has no launch configuration named '" + name + "'");
            }
            System.out.println((withdraw ? "withdrew " : "published ") + username + "/" + name);
        }
    }
}
