package org.entente.taxii.client;

/** A push stopped early (e.g. credentials refused, server down after retries); {@link #partial()} is what it did. */
public final class TaxiiPushException extends TaxiiException {

    private final transient PushResult partial;

    TaxiiPushException(TaxiiException cause, PushResult partial) {
        super(cause.getMessage(), cause);
        this.partial = partial;
    }

    public PushResult partial() {
        return partial;
    }
}
