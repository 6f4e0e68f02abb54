package org.entente.stix.pattern;

/** Comparison operators (section 9.7.1), with the text the pattern language spells them as. */
public enum ComparisonOperator {
    EQ("="), NEQ("!="), GT(">"), LT("<"), GE(">="), LE("<="),
    IN("IN"), LIKE("LIKE"), MATCHES("MATCHES"), ISSUBSET("ISSUBSET"), ISSUPERSET("ISSUPERSET");

    private final String symbol;

    ComparisonOperator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
