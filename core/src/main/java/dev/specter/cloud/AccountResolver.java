package dev.specter.cloud;

import java.util.Optional;

/** The account a user's calls to a site are made in; empty when the site needs credentials the user has not registered. */
@FunctionalInterface
public interface AccountResolver {
    Optional<CloudAccount> account(long owner, String site);
}
