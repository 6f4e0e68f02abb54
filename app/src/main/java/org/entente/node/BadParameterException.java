package org.entente.node;

/**
 * A request parameter with a value the endpoint cannot use. Every module throws this one type; one
 * handler ({@code node.web.CommonProblems}) answers it as a 400 problem detail naming the parameter.
 */
public class BadParameterException extends RuntimeException {

    private final String parameter;

    public BadParameterException(String parameter, String problem) {
        super("parameter '" + parameter + "' " + problem);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
