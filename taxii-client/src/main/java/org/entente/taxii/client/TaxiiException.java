package org.entente.taxii.client;

import java.net.URI;
import java.util.Optional;

/**
 * A TAXII exchange failed: the server answered with an error status ({@link #status()} &gt; 0, with the
 * server's {@link #error()} when it sent a TAXII error message), the server could not be reached or
 * answered something that is not TAXII ({@code status() == 0}), or the calling thread was interrupted
 * ({@link #interrupted()}).
 */
public class TaxiiException extends RuntimeException {

    private final int status;
    private final TaxiiError error;
    private final URI uri;

    public TaxiiException(String message, int status, TaxiiError error, URI uri, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.error = error;
        this.uri = uri;
    }

    public TaxiiException(String message) {
        this(message, 0, null, null, null);
    }

    protected TaxiiException(String message, TaxiiException like) {
        this(message, like.status, like.error, like.uri, like);
    }

    /** The HTTP status of the failed answer; 0 when there was none. */
    public int status() {
        return status;
    }

    /** The TAXII error message the server sent, if any. */
    public Optional<TaxiiError> error() {
        return Optional.ofNullable(error);
    }

    /** The URL of the failed request, when there was one. */
    public Optional<URI> uri() {
        return Optional.ofNullable(uri);
    }

    /** Whether the failure was the calling thread being interrupted while waiting. */
    public boolean interrupted() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }
}
