package dev.specter.store.sql;

import dev.specter.store.UserStore;
import dev.specter.user.User;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

final class SqlUserStore implements UserStore {
    private static final RowMapper<User> USER = (rs, ctx) ->
            new User(rs.getLong("id"), rs.getString("username"), Instant.ofEpochMilli(rs.getLong("created_at")));
    private final HandleScope db;

    SqlUserStore(HandleScope db) {
        this.db = db;
    }

    @Override
    public User create(String username, String passwordHash, Instant now) {
        long id = Sql.unique("user '" + username + "'", () -> db.write(h -> h.createQuery(
                        "insert into users (username, password_hash, created_at) values (:u, :p, :t) returning id")
                .bind("u", username).bind("p", passwordHash).bind("t", now.toEpochMilli())
                .mapTo(Long.class).one()));
        return new User(id, username, Instant.ofEpochMilli(now.toEpochMilli()));
    }

    @Override
    public Optional<User> byId(long id) {
        return db.read(h -> h.createQuery("select id, username, created_at from users where id = :id")
                .bind("id", id).map(USER).findOne());
    }

    @Override
    public Optional<User> byUsername(String username) {
        return db.read(h -> h.createQuery("select id, username, created_at from users where username = :u")
                .bind("u", username).map(USER).findOne());
    }

    @Override
    public List<User> list() {
        return db.read(h -> h.createQuery("select id, username, created_at from users order by id").map(USER).list());
    }

    @Override
    public Optional<String> passwordHash(long userId) {
        return db.read(h -> h.createQuery("select password_hash from users where id = :id")
                .bind("id", userId).mapTo(String.class).findOne());
    }

    @Override
    public void addToken(long userId, String tokenHash, Instant now, Instant expiresAt, int maxLive) {
        db.write(h -> {
            h.createUpdate("insert into tokens (user_id, token_hash, created_at, expires_at) values (:u, :h, :c, :e)")
                    .bind("u", userId).bind("h", tokenHash).bind("c", now.toEpochMilli())
                    .bind("e", expiresAt.toEpochMilli()).execute();
            List<Long> live = h.createQuery("select id from tokens where user_id = :u and revoked_at is null "
                            + "and expires_at > :now order by created_at desc, id desc")
                    .bind("u", userId).bind("now", now.toEpochMilli()).mapTo(Long.class).list();
            if (live.size() > maxLive) {
                h.createUpdate("update tokens set revoked_at = :now where id in (<ids>)")
                        .bindList("ids", live.subList(maxLive, live.size())).bind("now", now.toEpochMilli()).execute();
            }
            return null;
        });
    }

    @Override
    public Optional<User> userForToken(String tokenHash, Instant now) {
        return db.read(h -> h.createQuery("select u.id, u.username, u.created_at from tokens t "
                        + "join users u on u.id = t.user_id where t.token_hash = :h "
                        + "and t.revoked_at is null and t.expires_at > :now")
                .bind("h", tokenHash).bind("now", now.toEpochMilli()).map(USER).findOne());
    }

    @Override
    public int revokeTokens(long userId, Instant now) {
        return db.write(h -> h.createUpdate("update tokens set revoked_at = :now where user_id = :u and revoked_at is null")
                .bind("u", userId).bind("now", now.toEpochMilli()).execute());
    }
}
