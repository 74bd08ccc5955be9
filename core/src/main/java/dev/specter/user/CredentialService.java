package dev.specter.user;

import dev.specter.error.NotFoundException;
import dev.specter.secret.SecretBox;
import dev.specter.site.SiteCatalog;
import dev.specter.site.SiteDefinition;
import dev.specter.store.CredentialStore;
import dev.specter.validation.InvalidInputException;
import dev.specter.validation.Limits;
import dev.specter.validation.Names;

import java.time.InstantSource;
import java.util.List;

/**
 * Users' site credentials and SSH keys. Secrets are sealed under the master key before they reach
 * the store and opened only by {@link #secret} for the duration of a cloud call.
 */
public final class CredentialService {
    private final CredentialStore store;
    private final SiteCatalog sites;
    private final SecretBox box;
    private final Limits limits;
    private final InstantSource clock;

    public CredentialService(CredentialStore store, SiteCatalog sites, SecretBox box, Limits limits,
                             InstantSource clock) {
        this.store = store;
        this.sites = sites;
        this.box = box;
        this.limits = limits;
        this.clock = clock;
    }

    /** Creates or overwrites the user's credentials for a configured site. */
    public SiteCredentials register(long owner, String site, String accessKey, String secretKey, String keyName) {
        if (!sites.contains(site)) {
            throw new InvalidInputException("id", "Unknown site '" + site + "'; known sites: "
                    + sites.all().stream().map(SiteDefinition::name).toList());
        }
        bounded("access_key", accessKey, 1024);
        bounded("secret_key", secretKey, 2048);
        bounded("key_name", keyName, 1024);
        SiteCredentials c = new SiteCredentials(owner, site, accessKey, box.seal(secretKey, context(owner, site)),
                keyName, clock.instant());
        store.put(c);
        return c;
    }

    /** Overwrites credentials that exist; 404 when the user has none for that site. */
    public SiteCredentials replace(long owner, String site, String accessKey, String secretKey, String keyName) {
        get(owner, site);
        return register(owner, site, accessKey, secretKey, keyName);
    }

    public SiteCredentials get(long owner, String site) {
        return store.get(owner, site).orElseThrow(() -> new NotFoundException(
                "Credentials for site " + site + " not found"));
    }

    public java.util.Optional<SiteCredentials> find(long owner, String site) {
        return store.get(owner, site);
    }

    public List<SiteCredentials> list(long owner) {
        return store.list(owner);
    }

    public void delete(long owner, String site) {
        if (!store.delete(owner, site)) {
            throw new NotFoundException("Credentials for site " + site + " not found");
        }
    }

    /** The plaintext secret, for a cloud call only; never log or return it. */
    public String secret(SiteCredentials c) {
        return box.open(c.secretCiphertext(), context(c.owner(), c.site()));
    }

    /**
     * Registers a public key under {@code name} for the site. On sites that require credentials the
     * user must have registered them first, since the key is imported with them.
     */
    public KeyPair importKey(long owner, String site, String name, String publicKey) {
        SiteDefinition def = sites.find(site).orElseThrow(() -> new NotFoundException("Site " + site + " not found"));
        Names.check("name", name, limits);
        bounded("key", publicKey, 16_384);
        String fingerprint = PublicKeys.fingerprint("key", publicKey);
        if (def.credentialsRequired() && store.get(owner, site).isEmpty()) {
            throw new InvalidInputException(null, "Register your credentials for site '" + site
                    + "' (POST /credentials/sites) before importing keys there");
        }
        KeyPair k = new KeyPair(owner, site, name, publicKey.trim(), fingerprint, clock.instant());
        store.putKeyPair(k);
        return k;
    }

    public List<KeyPair> keyPairs(long owner, String site) {
        return store.keyPairs(owner, site);
    }

    private static String context(long owner, String site) {
        return owner + "/" + site;
    }

    private static void bounded(String field, String value, int max) {
        if (value.length() > max) {
            throw new InvalidInputException(field, "'" + field + "' is longer than " + max + " characters");
        }
    }
}
