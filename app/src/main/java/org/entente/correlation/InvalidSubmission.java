package org.entente.correlation;

/**
 * A submission of observations that cannot be taken, naming where with a JSON pointer
 * (e.g. {@code /values/3: not an IP, domain, URL, e-mail or hash}). Nothing of it was stored.
 */
public class InvalidSubmission extends RuntimeException {

    private final String pointer;

    public InvalidSubmission(String pointer, String message) {
        super(pointer + ": " + message);
        this.pointer = pointer;
    }

    public String pointer() {
        return pointer;
    }
}
