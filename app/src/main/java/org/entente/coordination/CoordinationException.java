package org.entente.coordination;

/** What coordination refuses, each answered as its own RFC 9457 problem by {@code coordination.web}. */
public abstract sealed class CoordinationException extends RuntimeException {

    CoordinationException(String message) {
        super(message);
    }

    /** A record that does not exist or that the caller may not see (answered alike: 404). */
    public static final class NotFound extends CoordinationException {
        public NotFound(String what) {
            super(what + " not found");
        }
    }

    /** Bad input: {@code pointer} is the JSON pointer (or parameter name) of the offending value. */
    public static final class InvalidInput extends CoordinationException {
        private final String pointer;

        public InvalidInput(String pointer, String problem) {
            super(problem);
            this.pointer = pointer;
        }

        public String pointer() {
            return pointer;
        }
    }

    /** A state change the record's lifecycle does not allow (409), naming both states. */
    public static final class IllegalTransition extends CoordinationException {
        private final String record;
        private final String from;
        private final String to;

        public IllegalTransition(String record, String from, String to, String reason) {
            super(record + " cannot go from '" + from + "' to '" + to + "': " + reason);
            this.record = record;
            this.from = from;
            this.to = to;
        }

        public String record() {
            return record;
        }

        public String from() {
            return from;
        }

        public String to() {
            return to;
        }
    }

    /** An action the record's state or the caller's standing does not allow (409), with the reason. */
    public static final class Conflict extends CoordinationException {
        public Conflict(String reason) {
            super(reason);
        }
    }

    /** The caller sees the record but may not act on it in this way (403), with the reason. */
    public static final class NotAllowed extends CoordinationException {
        public NotAllowed(String reason) {
            super(reason);
        }
    }
}
