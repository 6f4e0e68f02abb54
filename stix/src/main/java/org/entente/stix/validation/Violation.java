package org.entente.stix.validation;

/**
 * One broken rule: which rule (a stable kebab-case name, e.g. {@code modified-before-created}), where
 * (an RFC 6901 JSON pointer into the object, or into the bundle when a base pointer was given), and a
 * message a person can act on.
 */
public record Violation(Severity severity, Rule rule, String pointer, String message) {

    public static Violation error(Rule rule, String pointer, String message) {
        return new Violation(Severity.ERROR, rule, pointer, message);
    }

    public static Violation warning(Rule rule, String pointer, String message) {
        return new Violation(Severity.WARNING, rule, pointer, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return severity + " " + rule.code() + " at " + (pointer.isEmpty() ? "/" : pointer) + ": " + message;
    }
}
