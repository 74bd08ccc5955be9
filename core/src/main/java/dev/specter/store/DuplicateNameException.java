package dev.specter.store;

/** An insert or rename hit an existing name of the same owner. */
public final class DuplicateNameException extends RuntimeException {
    public DuplicateNameException(String message) {
        super(message, null, false, false);
    }
}
