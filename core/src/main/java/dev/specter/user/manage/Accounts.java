package dev.specter.user.manage;

import dev.specter.store.UserStore;
import dev.specter.user.NewAccount;
import dev.specter.user.Passwords;
import dev.specter.user.Tokens;
import dev.specter.user.User;
import dev.specter.validation.InvalidInputException;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Accounts, passwords and API tokens: the one place that decides who a caller is. */
public final class Accounts {
    public static final Duration TOKEN_LIFETIME = Duration.ofDays(30);
    public static final int MAX_LIVE_TOKENS = 50;
    /**
     * How long a token found valid is believed without asking the store again. Every API request
     * authenticates, and the lookup was a fifth of a request's cost; the price is that a token
     * revoked by another process (another replica, {@code user token --rotate}) keeps working here
     * for at most this long. Revocations made through this object take effect at once.
     */
    public static final Duration TOKEN_RECHECK = Duration.ofSeconds(2);
    private static final int MAX_REMEMBERED_TOKENS = 10_000;
    /** ASCII only, so 128 chars are 128 characters of users.username's varchar(128). */
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}");
    /** Compared against when the username is unknown, so a miss costs as much time as a wrong password. */
    private static final String DECOY_HASH = Passwords.decoy();

    private final UserStore users;
    private final InstantSource clock;
    private final Map<String, Checked> recentlyChecked = new ConcurrentHashMap<>();

    private record Checked(User user, Instant at) {
    }

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
        forget(userId); // adding a token may have revoked the oldest
        return token;
    }

    /** Revokes all the user's tokens and issues a fresh one. */
    public String rotate(long userId) {
        users.revokeTokens(userId, clock.instant());
        return issueToken(userId);
    }

    private void forget(long userId) {
        recentlyChecked.values().removeIf(c -> c.user().id() == userId);
    }

    /**
     * Who {@code token} authenticates, if it belongs to the user named by {@code userRef} (the numeric
     * user id, as Phantom clients send it, or the username).
     */
    public Optional<User> authenticate(String userRef, String token) {
        if (userRef == null || token == null || token.length() != Tokens.LENGTH) {
            return Optional.empty();
        }
        String hash = Tokens.hash(token);
        Instant now = clock.instant();
        Checked checked = recentlyChecked.get(hash);
        if (checked == null || !now.isBefore(checked.at().plus(TOKEN_RECHECK)) || now.isBefore(checked.at())) {
            Optional<User> owner = users.userForToken(hash, now);
            if (owner.isEmpty()) {
                recentlyChecked.remove(hash);
                return Optional.empty();
            }
            if (recentlyChecked.size() >= MAX_REMEMBERED_TOKENS) {
                recentlyChecked.clear();
            }
            checked = new Checked(owner.get(), now);
            recentlyChecked.put(hash, checked);
        }
        User user = checked.user();
        return userRef.equals(Long.toString(user.id())) || userRef.equals(user.username()) ? Optional.of(user)
                : Optional.empty();
    }

    public record LoggedIn(User user, String token) {
    }
}
