package dev.specter.cloud;

/**
 * Whose name a cloud call is made in: a user's decrypted credentials for the site, or nobody on
 * sites that need none. The secret lives only as long as the call.
 */
public record CloudAccount(String site, String accessKey, String secretKey, String keyName) {
    /** The account on sites configured with {@code credentials: none}. */
    public static CloudAccount anonymous(String site) {
        return new CloudAccount(site, "", "", null);
    }

    /** Identifies the account for grouping describes without exposing the secret. */
    public String id() {
        return site + "/" + accessKey;
    }

    @Override
    public String toString() {
        return "CloudAccount[" + id() + "]";
    }
}
