package dev.specter.user;

import java.time.Instant;

/** A public SSH key a user registered for a site, under the name launches refer to. */
public record KeyPair(long owner, String site, String name, String publicKey, String fingerprint, Instant createdAt) {
}
