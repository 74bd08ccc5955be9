package dev.specter.activity;

import java.time.Instant;

/**
 * One entry of a domain's scaling history (like an AWS Auto Scaling activity): what was done, why,
 * and how it ended. Append-only.
 *
 * @param id     assigned by the store, increasing per store
 * @param action short machine-readable kind: launch, terminate, replace, insufficient_capacity...
 * @param result ok, failed, or a short outcome word
 * @param site   the site acted on, or null
 */
public record Activity(long id, String domainId, long owner, Instant at, String action, String cause,
                       String description, String result, String site, int instanceCount) {

    public static Activity of(String domainId, long owner, Instant at, String action, String cause,
                              String description, String result, String site, int count) {
        return new Activity(0, domainId, owner, at, action, cause, description, result, site, count);
    }
}
