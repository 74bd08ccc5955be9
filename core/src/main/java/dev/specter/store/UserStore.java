package dev.specter.store;

import dev.specter.user.User;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface UserStore {
    /** @throws DuplicateNameException when the username is taken */
    User create(String username, String passwordHash, Instant now);

    Optional<User> byId(long id);

    Optional<User> byUsername(String username);

    List<User> list();

    Optional<String> passwordHash(long userId);

    /** Stores a token hash; when the user then has more than {@code maxLive} live tokens the oldest are revoked. */
    void addToken(long userId, String tokenHash, Instant now, Instant expiresAt, int maxLive);

    /** The user a live (unexpired, unrevoked) token belongs to. */
    Optional<User> userForToken(String tokenHash, Instant now);

    /** Revokes every live token of the user; returns how many. */
    int revokeTokens(long userId, Instant now);
}
