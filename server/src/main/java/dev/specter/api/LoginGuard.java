package dev.specter.api;

import dev.specter.settings.Require;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * The brakes on guessing: failed logins are limited per username and per client address, failed
 * API authentications per address. A refused attempt is answered 429 with Retry-After, and its
 * credentials are not even checked.
 */
public final class LoginGuard {
    /**
     * The {@code security} section of the configuration.
     *
     * @param loginFailuresPerUser   failed {@code POST /token} per username within the window
     * @param authFailuresPerAddress failed logins and failed API authentications per client address
     * @param failureWindow          how far back failures count
     */
    public record Settings(int loginFailuresPerUser, int authFailuresPerAddress, Duration failureWindow) {
        public static final Settings DEFAULT = new Settings(10, 100, Duration.ofMinutes(1));

        public Settings {
            Require.between("login_failures_per_user", loginFailuresPerUser, 1, 1_000_000);
            Require.between("auth_failures_per_address", authFailuresPerAddress, 1, 1_000_000);
            Require.present("failure_window", failureWindow);
        }
    }

    private final FailureLimiter users;
    private final FailureLimiter addresses;

    public LoginGuard(Settings s, InstantSource clock) {
        this.users = new FailureLimiter(s.loginFailuresPerUser(), s.failureWindow(), clock);
        this.addresses = new FailureLimiter(s.authFailuresPerAddress(), s.failureWindow(), clock);
    }

    /** Refuses (429) when the address, or the username if given, has failed too often lately. */
    public void check(String address, String username) {
        Optional<Duration> wait = addresses.retryAfter(address);
        if (wait.isEmpty() && username != null) {
            wait = users.retryAfter(username);
        }
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            throw new TooManyAttempts(seconds);
        }
    }

    public void failed(String address, String username) {
        addresses.failed(address);
        if (username != null) {
            users.failed(username);
        }
    }

    public void succeeded(String username) {
        users.succeeded(username);
    }

    /** A refused attempt; the handler answers 429 with {@code Retry-After: retryAfterSeconds}. */
    public static final class TooManyAttempts extends RuntimeException {
        private final long retryAfterSeconds;

        TooManyAttempts(long retryAfterSeconds) {
            super("Too many failed attempts; retry after " + retryAfterSeconds + " s", null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
