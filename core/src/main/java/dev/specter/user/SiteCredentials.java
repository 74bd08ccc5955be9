package dev.specter.user;

import java.time.Instant;

/**
 * A user's credentials for one site. The secret is kept only as ciphertext (see {@link SecretBox});
 * it is decrypted in memory for the duration of a cloud call and never returned by the API.
 */
public record SiteCredentials(long owner, String site, String accessKey, String secretCiphertext, String keyName,
                              Instant updatedAt) {
}
