package dev.specter.user;

/**
 * A freshly created account with its first token.
 *
 * @param generatedPassword the password Specter made up, or null when the caller chose one
 */
public record NewAccount(User user, String token, String generatedPassword) {
}
