package org.entente.intel;

/** The database could not be reached or failed; the caller sees 503 and may retry. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(Throwable cause) {
        super("the intelligence store is unavailable", cause);
    }
}
