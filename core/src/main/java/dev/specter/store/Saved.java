package dev.specter.store;

/**
 * The outcome of a create-by-name: either a new object, or the one that already had that name (which
 * Phantom clients expect as a 302 to the existing object).
 */
public record Saved<T>(T value, boolean created) {
}
