package dev.specter.user.manage;

import dev.specter.cloud.CloudAccount;
import dev.specter.cloud.CloudException;
import dev.specter.error.NotFoundException;
import dev.specter.error.SiteUnavailableException;
import dev.specter.secret.SecretBox;
import dev.specter.site.SiteCatalog;
import dev.specter.site.SiteDefinition;
import dev.specter.store.CredentialStore;
import dev.specter.user.CloudKeyring;
import dev.specter.user.KeyPair;
import dev.specter.user.PublicKeys;
import dev.specter.user.SiteCredentials;
import dev.specter.validation.InvalidInputException;
import dev.specter.validation.Limits;
import dev.specter.validation.Names;
import dev.specter.validation.Text;

import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Users' site credentials and SSH keys. Secrets are sealed under the master key before they reach
 * the store and opened only by {@link SiteAccounts} for the duration of a cloud call. Keys for sites
 * that take users' credentials are imported into the cloud with them; other sites keep keys per user here.
 */
public final class CredentialService {
    /** site_credentials.access_key is varchar(1024). */
    static final int MAX_ACCESS_KEY_LENGTH = 1024;
    /** site_credentials.key_name, and instances.keyname that copies it, are varchar(1024). */
    static final int MAX_KEY_NAME_LENGTH = 1024;
    /**
     * The secret is stored sealed: "v1:" and the base64 of a 12-byte nonce, its UTF-8 bytes and a
     * 16-byte tag. Bytes bound that, characters do not: 2,048 bytes seal to at most 2,771 characters
     * of secret_ciphertext's varchar(4096), while 2,048 characters may be 8,192 bytes and would not fit.
     */
    static final int MAX_SECRET_KEY_BYTES = 2048;
    /** key_pairs.public_key is varchar(16384); the key is checked as sent and stored trimmed. */
    static final int MAX_PUBLIC_KEY_LENGTH = 16_384;

    private final CredentialStore store;
    private final SiteCatalog sites;
    private final SecretBox box;
    private final Limits limits;
    private final InstantSource clock;
    private final CloudKeyring keyring;
    private final SiteAccounts accounts;

    public CredentialService(CredentialStore store, SiteCatalog sites, SecretBox box, Limits limits,
                             InstantSource clock, CloudKeyring keyring) {
        this.store = store;
        this.sites = sites;
        this.box = box;
        this.limits = limits;
        this.clock = clock;
        this.keyring = keyring;
        this.accounts = new SiteAccounts(store, sites, box);
    }

    /** Creates or overwrites the user's credentials for a configured site. */
    public SiteCredentials register(long owner, String site, String accessKey, String secretKey, String keyName) {
        if (!sites.contains(site)) {
            throw new InvalidInputException("id", "Unknown site '" + site + "'; known sites: "
                    + sites.all().stream().map(SiteDefinition::name).toList());
        }
        Text.atMost("access_key", accessKey, MAX_ACCESS_KEY_LENGTH);
        if (secretKey.getBytes(StandardCharsets.UTF_8).length > MAX_SECRET_KEY_BYTES) {
            throw new InvalidInputException("secret_key", "'secret_key' is larger than the limit of "
                    + MAX_SECRET_KEY_BYTES + " bytes (UTF-8)");
        }
        Text.atMost("key_name", keyName, MAX_KEY_NAME_LENGTH);
        SiteCredentials c = new SiteCredentials(owner, site, accessKey, box.seal(secretKey, SiteAccounts.context(owner, site)),
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

    public Optional<SiteCredentials> find(long owner, String site) {
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

    /**
     * Registers a public key under {@code name} for the site. On sites that require credentials the
     * user must have registered them first, since the key is imported with them.
     */
    public KeyPair importKey(long owner, String site, String name, String publicKey) {
        SiteDefinition def = sites.find(site).orElseThrow(() -> new NotFoundException("Site " + site + " not found"));
        Names.check("name", name, limits);
        Text.atMost("key", publicKey, MAX_PUBLIC_KEY_LENGTH);
        String fingerprint = PublicKeys.fingerprint("key", publicKey);
        if (def.credentialsRequired()) {
            CloudAccount account = accounts.account(owner, site).orElseThrow(() -> new InvalidInputException(null,
                    "Register your credentials for site '" + site + "' (POST /credentials/sites) before importing "
                            + "keys there"));
            try {
                keyring.importKey(account, name, publicKey.trim());
            } catch (CloudException e) {
                throw refused(site, e);
            }
        }
        KeyPair k = new KeyPair(owner, site, name, publicKey.trim(), fingerprint, clock.instant());
        store.putKeyPair(k);
        return k;
    }

    /**
     * Names of the user's key pairs at a site: the cloud's list on sites that take the user's
     * credentials (keys made outside Specter included), else the keys imported here.
     */
    public List<String> keyNames(long owner, String site) {
        boolean atCloud = sites.find(site).map(SiteDefinition::credentialsRequired).orElse(false);
        Optional<CloudAccount> account = atCloud ? accounts.account(owner, site) : Optional.empty();
        if (account.isEmpty()) {
            return store.keyPairs(owner, site).stream().map(KeyPair::name).toList();
        }
        try {
            return keyring.names(account.get());
        } catch (CloudException e) {
            throw refused(site, e);
        }
    }

    private static RuntimeException refused(String site, CloudException e) {
        return switch (e.kind()) {
            case INVALID_CONFIG -> new InvalidInputException("key", "Site '" + site + "' refused the key: "
                    + e.getMessage());
            case AUTH -> new InvalidInputException("access_key", "Site '" + site + "' refused your credentials: "
                    + e.getMessage() + "; update them with PUT /credentials/sites/" + site);
            case CAPACITY, THROTTLED, TRANSIENT -> new SiteUnavailableException("Site '" + site
                    + "' did not complete the request: " + e.getMessage() + "; try again later");
        };
    }
}
