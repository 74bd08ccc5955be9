package dev.specter.testing.memory;

import dev.specter.store.DuplicateNameException;
import dev.specter.store.UserStore;
import dev.specter.testing.memory.Tables.Token;
import dev.specter.testing.memory.Tables.UserRow;
import dev.specter.user.User;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static dev.specter.testing.memory.Tables.ms;

record InMemoryUserStore(InMemoryStore db) implements UserStore {
    @Override
    public User create(String username, String passwordHash, Instant now) {
        return db.write(t -> {
            if (t.users.values().stream().anyMatch(r -> r.user().username().equals(username))) {
                throw new DuplicateNameException("user '" + username + "' already exists");
            }
            User u = new User(++t.lastUserId, username, ms(now));
            t.users.put(u.id(), new UserRow(u, passwordHash));
            return u;
        });
    }

    @Override
    public Optional<User> byId(long id) {
        return row(id).map(UserRow::user);
    }

    @Override
    public Optional<User> byUsername(String username) {
        return db.read(t -> t.users.values().stream().map(UserRow::user)
                .filter(u -> u.username().equals(username)).findFirst());
    }

    @Override
    public List<User> list() {
        return db.read(t -> t.users.values().stream().map(UserRow::user).toList());
    }

    @Override
    public Optional<String> passwordHash(long userId) {
        return row(userId).map(UserRow::passwordHash);
    }

    @Override
    public void addToken(long userId, String tokenHash, Instant now, Instant expiresAt, int maxLive) {
        db.write(t -> {
            t.requireUser(userId);
            if (t.tokens.values().stream().anyMatch(k -> k.hash().equals(tokenHash))) {
                throw new IllegalStateException("unique key: token hash exists");
            }
            long id = ++t.lastTokenId;
            t.tokens.put(id, new Token(id, userId, tokenHash, ms(now), ms(expiresAt), null));
            List<Token> live = t.tokens.values().stream().filter(k -> k.userId() == userId && k.live(now))
                    .sorted(Comparator.comparing(Token::createdAt).thenComparing(Token::id).reversed()).toList();
            live.stream().skip(maxLive).forEach(k -> t.tokens.put(k.id(), revoked(k, now)));
            return null;
        });
    }

    @Override
    public Optional<User> userForToken(String tokenHash, Instant now) {
        return db.read(t -> t.tokens.values().stream().filter(k -> k.hash().equals(tokenHash) && k.live(now))
                .findFirst().map(k -> t.users.get(k.userId()).user()));
    }

    @Override
    public int revokeTokens(long userId, Instant now) {
        return db.write(t -> {
            List<Token> live = t.tokens.values().stream()
                    .filter(k -> k.userId() == userId && k.revokedAt() == null).toList();
            live.forEach(k -> t.tokens.put(k.id(), revoked(k, now)));
            return live.size();
        });
    }

    private Optional<UserRow> row(long id) {
        return db.read(t -> Optional.ofNullable(t.users.get(id)));
    }

    private static Token revoked(Token k, Instant now) {
        return new Token(k.id(), k.userId(), k.hash(), k.createdAt(), k.expiresAt(), ms(now));
    }
}
