package dev.specter.error;

/** A site's API could not serve a request now (down, slow, throttling): the request may be retried later. */
public final class SiteUnavailableException extends RuntimeException {
    public SiteUnavailableException(String message) {
        super(message, null, false, false);
    }
}
