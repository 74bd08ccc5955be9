package dev.specter.metric;

/** A source could not answer: down, slow, refused, or answered something that is not a reading. */
public final class MetricSourceException extends Exception {
    public MetricSourceException(String message) {
        super(message);
    }

    public MetricSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
