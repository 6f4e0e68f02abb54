package org.entente.stix.pattern;

import java.util.Objects;

/**
 * A parsed STIX 2.1 pattern (specification chapter 9): the tree of observation expressions an
 * indicator's {@code pattern} property describes. Built by {@code PatternParser}, printed back by
 * {@code PatternPrinter}; two patterns that print the same are equal as trees.
 */
public record Pattern(ObservationExpression expression) {

    public Pattern {
        Objects.requireNonNull(expression, "expression");
    }
}
