package dev.specter.user;

import dev.specter.store.UserStore;
import dev.specter.validation.InvalidInputException;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/** Accounts, passwords and API tokens: the one place that decides who a caller is. */
public final class Accounts {
    public static final Duration TOKEN_LIFETIME = Duration.ofDays(30);
    public static final int MAX_LIVE_TOKENS = 50;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}");
    /** Compared against when the username is unknown, so a miss costs as much time as a wrong password. */
    private static final String DECOY_HASH = Passwords.hash(Tokens.generate());

    private final UserStore users;
    private final InstantSource clock;

    public Accounts(UserStore users, InstantSource clock) {
        this.users = users;
        this.clock = clock;
    }

    /** @param password the chosen password, or null to have one generated */
    public NewAccount create(String username, String password) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidInputException("username", "a username is 1 to 128 characters: letters, digits and "
                    + "'.', '_', '@', '+', '-', starting with a letter or digit");
        }
        if (username.chars().allMatch(Character::isDigit)) {
            throw new InvalidInputException("username", "a username must not be all digits: clients authenticate "
                    + "with the numeric user id in the same place");
        }
        String generated = null;
        if (password == null) {
            generated = Passwords.generate();
            password = generated;
        } else if (password.length() < 8 || password.length() > 1024) {
            throw new InvalidInputException("password", "a password is 8 to 1024 characters");
        }
        User user = users.create(username, Passwords.hash(password), clock.instant());
        return new NewAccount(user, issueToken(user.id()), generated);
    }

    /** Checks a username and password; on success issues a new token (earlier ones stay valid). */
    public Optional<LoggedIn> login(String username, String password) {
        Optional<User> user = username == null ? Optional.empty() : users.byUsername(username);
        String stored = user.flatMap(u -> users.passwordHash(u.id())).orElse(DECOY_HASH);
        boolean ok = Passwords.matches(password == null ? "" : password, stored) && user.isPresent();
        return ok ? Optional.of(new LoggedIn(user.get(), issueToken(user.get().id()))) : Optional.empty();
    }

    public String issueToken(long userId) {
        String token = Tokens.generate();
        Instant now = clock.instant();
        users.addToken(userId, Tokens.hash(token), now, now.plus(TOKEN_LIFETIME), MAX_LIVE_TOKENS);
        return token;
    }

    /** Revokes all the user's tokens and issues a fresh one. */
    public String rotate(long userId) {
        users.revokeTokens(userId, clock.instant());
        return issueToken(userId);
    }

    /**
     * Who {@code token} authenticates, if it belongs to the user named by {@code userRef} (the numeric
     * user id, as Phantom clients send it, or the username).
     */
    public Optional<User> authenticate(String userRef, String token) {
        if (userRef == null || token == null || token.length() != Tokens.LENGTH) {
            return Optional.empty();
        }
        OptionalLong owner = users.userForToken(Tokens.hash(token), clock.instant());
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        Optional<User> user = users.byId(owner.getAsLong());
        return user.filter(u -> userRef.equals(Long.toString(u.id())) || userRef.equals(u.username()));
    }

    public record LoggedIn(User user, String token) {
    }
}
