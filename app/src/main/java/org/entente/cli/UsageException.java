package org.entente.cli;

/** The command line itself is wrong: exit code 2. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
