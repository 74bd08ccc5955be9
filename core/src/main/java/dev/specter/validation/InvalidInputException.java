package dev.specter.validation;

/**
 * A client sent something Specter cannot accept. Carries the offending field so the API can
 * name it in the error body; nothing has been stored when this is thrown.
 */
public final class InvalidInputException extends RuntimeException {
    private final String field;

    public InvalidInputException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    public static InvalidInputException missing(String field) {
        return new InvalidInputException(field, "Mandatory parameter '" + field + "' is missing");
    }

    /** The field the problem is about, or null when the problem is the request as a whole. */
    public String field() {
        return field;
    }
}
