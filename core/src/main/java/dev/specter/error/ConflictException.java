package dev.specter.error;

/** The request is well-formed but clashes with the current state (an LC in use, a name taken). */
public final class ConflictException extends RuntimeException {
    private final String field;

    public ConflictException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
