package dev.specter.store;

/** An optimistic update found the row at another version than the one it read. */
public final class ConcurrentUpdateException extends RuntimeException {
    public ConcurrentUpdateException(String message) {
        super(message, null, false, false);
    }
}
