package dev.specter.instance;

/**
 * Phantom's instance states, with their codes; clients display {@code "<code>-<NAME>"}. States only
 * move forward (to a higher code).
 */
public enum LifecycleState {
    /** Intent recorded; the cloud has not been called yet. */
    REQUESTING(100),
    /** Cloud call in flight, or its outcome is not known yet. */
    REQUESTED(200),
    /** The launch failed in a way worth retrying with the same idempotency token. */
    ERROR_RETRYING(300),
    /** The cloud accepted the VM; it is booting. */
    PENDING(400),
    STARTED(500),
    RUNNING(600),
    RUNNING_FAILED(650),
    /** Termination decided; the cloud may not have confirmed it yet. */
    TERMINATING(700),
    TERMINATED(800),
    FAILED(900),
    /** The cloud refused the launch (capacity, bad image...); no VM exists. */
    REJECTED(950);

    private final int code;

    LifecycleState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Phantom's display form, e.g. {@code 600-RUNNING}. */
    public String label() {
        return code + "-" + name();
    }

    /** Counts toward the domain's size: REQUESTING up to RUNNING. */
    public boolean healthy() {
        return code <= RUNNING.code;
    }

    /** Launched or about to be, and not yet running: what scale-down removes first. */
    public boolean beforeRunning() {
        return code < RUNNING.code;
    }

    public boolean terminal() {
        return code >= TERMINATED.code;
    }

    /** The cloud call has not been answered for sure yet: the VM may or may not exist. */
    public boolean outcomeUnknown() {
        return this == REQUESTING || this == REQUESTED || this == ERROR_RETRYING;
    }

    public static LifecycleState ofCode(int code) {
        for (LifecycleState s : VALUES) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("no lifecycle state with code " + code);
    }

    private static final LifecycleState[] VALUES = values();
}
