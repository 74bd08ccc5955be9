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
    /**
     * The columns' sizes; longer text (it quotes cloud messages) is clipped. Action and result are
     * words from the code, the site a configured name (at most 64), so those always fit.
     */
    public static final int MAX_CAUSE_LENGTH = 2048;
    public static final int MAX_DESCRIPTION_LENGTH = 4096;

    public static Activity of(String domainId, long owner, Instant at, String action, String cause,
                              String description, String result, String site, int count) {
        return new Activity(0, domainId, owner, at, action, cause, description, result, site, count);
    }
}
