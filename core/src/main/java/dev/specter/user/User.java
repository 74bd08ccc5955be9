package dev.specter.user;

import java.time.Instant;

/** An account. Its numeric id is what Phantom clients send as the basic-auth user name. */
public record User(long id, String username, Instant createdAt) {
}
