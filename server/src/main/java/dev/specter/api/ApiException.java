package dev.specter.api;

/** An HTTP error answer with a JSON body {@code {"error": message, "field": field}}. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String field;

    public ApiException(int status, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, field, message);
    }
}
