package dev.specter.user.manage;

import dev.specter.cloud.AccountResolver;
import dev.specter.cloud.CloudAccount;
import dev.specter.secret.SecretBox;
import dev.specter.site.SiteCatalog;
import dev.specter.site.SiteDefinition;
import dev.specter.store.CredentialStore;
import dev.specter.user.SiteCredentials;

import java.util.Optional;

/**
 * Users' accounts at the sites, for cloud calls only: on sites that require credentials an account
 * holds the decrypted secret (never log or return it); on the others it is the site's shared account,
 * with the user's key name when the user registered one.
 */
public final class SiteAccounts implements AccountResolver {
    private final CredentialStore store;
    private final SiteCatalog sites;
    private final SecretBox box;

    public SiteAccounts(CredentialStore store, SiteCatalog sites, SecretBox box) {
        this.store = store;
        this.sites = sites;
        this.box = box;
    }

    /** Empty when the site is unknown or the user has not registered the credentials it requires. */
    @Override
    public Optional<CloudAccount> account(long owner, String site) {
        Optional<SiteDefinition> def = sites.find(site);
        if (def.isEmpty()) {
            return Optional.empty();
        }
        Optional<SiteCredentials> c = store.get(owner, site);
        if (!def.get().credentialsRequired()) {
            return Optional.of(new CloudAccount(site, "", "", c.map(SiteCredentials::keyName).orElse(null)));
        }
        return c.map(x -> new CloudAccount(site, x.accessKey(), box.open(x.secretCiphertext(),
                context(x.owner(), x.site())), x.keyName()));
    }

    /** What a secret is sealed with besides the key, so a sealed secret copied to another row does not open. */
    static String context(long owner, String site) {
        return owner + "/" + site;
    }
}
