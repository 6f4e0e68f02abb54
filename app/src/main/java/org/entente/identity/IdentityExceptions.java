package org.entente.identity;

/** Client errors of the identity endpoints, answered as problem details by {@link IdentityProblems}. */
final class IdentityExceptions {

    private IdentityExceptions() {
    }

    /** 400: a request field is missing or invalid. */
    static final class BadRequest extends RuntimeException {
        final String parameter;

        BadRequest(String parameter, String message) {
            super(message, null, false, false);
            this.parameter = parameter;
        }
    }

    /** 404: no such thing, or not the caller's (indistinguishable on purpose). */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }

    /** 409: the request conflicts with the current state. */
    static final class Conflict extends RuntimeException {
        Conflict(String message) {
            super(message, null, false, false);
        }
    }
}
