package org.entente.audit.web;

/** A query parameter with a value the endpoint cannot use. */
class BadParameterException extends RuntimeException {
    final String parameter;

    BadParameterException(String parameter, String problem) {
        super("parameter '" + parameter + "' " + problem);
        this.parameter = parameter;
    }
}
