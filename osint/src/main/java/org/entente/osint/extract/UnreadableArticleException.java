package org.entente.osint.extract;

/** The input could not be read as a document; the message says what is wrong, never a stack trace. */
public class UnreadableArticleException extends RuntimeException {
    public UnreadableArticleException(String message) {
        super(message);
    }
}
