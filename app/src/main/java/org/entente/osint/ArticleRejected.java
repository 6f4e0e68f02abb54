package org.entente.osint;

/**
 * The uploaded page cannot be ingested: empty, unreadable, of an unsupported type, or too large. The message says
 * what is wrong in words a client can act on; {@code parameter} names the request part at fault.
 */
public class ArticleRejected extends RuntimeException {

    /** Why: the HTTP status follows from it. */
    public enum Reason { INVALID, UNSUPPORTED_TYPE, TOO_LARGE }

    private final Reason reason;
    private final String parameter;

    public ArticleRejected(Reason reason, String parameter, String message) {
        super(message);
        this.reason = reason;
        this.parameter = parameter;
    }

    public Reason reason() {
        return reason;
    }

    public String parameter() {
        return parameter;
    }
}
