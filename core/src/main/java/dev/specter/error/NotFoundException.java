package dev.specter.error;

/** The object does not exist or belongs to someone else; both look the same to the caller. */
public final class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message, null, false, false);
    }
}
