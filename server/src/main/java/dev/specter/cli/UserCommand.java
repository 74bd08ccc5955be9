package dev.specter.cli;

import dev.specter.user.NewAccount;
import dev.specter.user.User;
import dev.specter.user.manage.Accounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

@Command(name = "user", description = "Manage user accounts.",
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Token.class})
final class UserCommand {

    @Command(name = "add", description = "Create a user; prints {\"username\", \"user_id\", \"token\"} as one JSON line.")
    static final class Add implements Runnable {
        @Mixin
        ConfigOptions options;
        @Parameters(paramLabel = "USERNAME")
        String username;
        @Option(names = "--password", description = "the password (default: generated and printed)")
        String password;

        @Override
        public void run() {
            NewAccount a = Cli.withStore(options, s -> new Accounts(s.users(), InstantSource.system())
                    .create(username, password));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("username", a.user().username());
            out.put("user_id", a.user().id());
            out.put("token", a.token());
            if (a.generatedPassword() != null) {
                out.put("password", a.generatedPassword());
            }
            Cli.printJson(out);
        }
    }

    @Command(name = "list", description = "List users, one JSON line each.")
    static final class ListUsers implements Runnable {
        @Mixin
        ConfigOptions options;

        @Override
        public void run() {
            for (User u : Cli.withStore(options, s -> s.users().list())) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("username", u.username());
                out.put("user_id", u.id());
                out.put("created_at", u.createdAt().toString());
                Cli.printJson(out);
            }
        }
    }

    @Command(name = "token", description = "Issue a new token for a user (with --rotate, revoke all others first).")
    static final class Token implements Runnable {
        @Mixin
        ConfigOptions options;
        @Parameters(paramLabel = "USERNAME")
        String username;
        @Option(names = "--rotate", description = "revoke every existing token of the user")
        boolean rotate;

        @Override
        public void run() {
            Map<String, Object> out = Cli.withStore(options, s -> {
                User u = s.users().byUsername(username).orElseThrow(
                        () -> new IllegalArgumentException("no user named '" + username + "'"));
                Accounts accounts = new Accounts(s.users(), InstantSource.system());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("username", u.username());
                m.put("user_id", u.id());
                m.put("token", rotate ? accounts.rotate(u.id()) : accounts.issueToken(u.id()));
                return m;
            });
            Cli.printJson(out);
        }
    }
}
