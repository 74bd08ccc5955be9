package dev.specter.cloud;

/** Why a cloud call failed; each kind is handled differently by the control loop. */
public enum CloudErrorKind {
    /** The site has no room (EC2 InsufficientInstanceCapacity, InstanceLimitExceeded): overflow to the next site. */
    CAPACITY,
    /** The site asked us to slow down (RequestLimitExceeded): retry later with back-off; the call was not executed. */
    THROTTLED,
    /** Network trouble, 5xx, timeouts: retry; for a launch the outcome is unknown until a describe says. */
    TRANSIENT,
    /** The request itself is wrong for this site (bad image, bad type): do not retry it as is. */
    INVALID_CONFIG,
    /** The credentials were refused: tell the user, do not retry in a storm. */
    AUTH;

    /** Whether the cloud certainly did not act on the call. */
    public boolean definite() {
        return this != TRANSIENT;
    }
}
