package dev.specter.reconcile;

import dev.specter.cloud.CloudGateway;

/** The gateway of each configured site. */
@FunctionalInterface
public interface Gateways {
    /** The site's gateway, or null for a site that is not (or no longer) configured. */
    CloudGateway of(String site);
}
