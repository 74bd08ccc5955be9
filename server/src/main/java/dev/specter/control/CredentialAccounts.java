package dev.specter.control;

import dev.specter.cloud.CloudAccount;
import dev.specter.reconcile.AccountResolver;
import dev.specter.site.SiteCatalog;
import dev.specter.site.SiteDefinition;
import dev.specter.user.CredentialService;
import dev.specter.user.SiteCredentials;

import java.util.Optional;

/**
 * Users' accounts at sites: decrypted credentials on sites that require them; on sites that do not,
 * one shared account, with the user's key name when the user registered one.
 */
public final class CredentialAccounts implements AccountResolver {
    private final SiteCatalog sites;
    private final CredentialService credentials;

    public CredentialAccounts(SiteCatalog sites, CredentialService credentials) {
        this.sites = sites;
        this.credentials = credentials;
    }

    @Override
    public Optional<CloudAccount> account(long owner, String site) {
        Optional<SiteDefinition> def = sites.find(site);
        if (def.isEmpty()) {
            return Optional.empty();
        }
        Optional<SiteCredentials> c = credentials.find(owner, site);
        if (!def.get().credentialsRequired()) {
            return Optional.of(new CloudAccount(site, "", "", c.map(SiteCredentials::keyName).orElse(null)));
        }
        return c.map(x -> new CloudAccount(site, x.accessKey(), credentials.secret(x), x.keyName()));
    }
}
