package dev.specter.cloud;

/** A classified failure of a cloud call. */
public final class CloudException extends Exception {
    private final CloudErrorKind kind;

    public CloudException(CloudErrorKind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public CloudException(CloudErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public CloudErrorKind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return kind + ": " + getMessage();
    }
}
