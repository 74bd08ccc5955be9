package dev.specter.store;

import dev.specter.user.KeyPair;
import dev.specter.user.SiteCredentials;

import java.util.List;
import java.util.Optional;

/** Per-user site credentials (secrets as ciphertext) and the SSH public keys users registered. */
public interface CredentialStore {
    /** Creates or overwrites the user's credentials for the site. */
    void put(SiteCredentials credentials);

    Optional<SiteCredentials> get(long owner, String site);

    List<SiteCredentials> list(long owner);

    boolean delete(long owner, String site);

    /** Creates or overwrites a key pair of that name. */
    void putKeyPair(KeyPair keyPair);

    List<KeyPair> keyPairs(long owner, String site);
}
