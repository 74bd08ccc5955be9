package dev.specter.api;

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
     * @param loginFailuresPerUser failed {@code POST /token} per username within the window
     * @param failuresPerAddress   failed logins and failed API authentications per client address
     */
    public record Settings(int loginFailuresPerUser, int failuresPerAddress, Duration window) {
        public static final Settings DEFAULT = new Settings(10, 100, Duration.ofMinutes(1));
    }

    private final FailureLimiter users;
    private final FailureLimiter addresses;

    public LoginGuard(Settings s, InstantSource clock) {
        this.users = new FailureLimiter(s.loginFailuresPerUser(), s.window(), clock);
        this.addresses = new FailureLimiter(s.failuresPerAddress(), s.window(), clock);
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
