package org.entente.stix.pattern;

import java.util.List;
import java.util.Objects;

/**
 * A comparison expression (section 9.7): inside one pair of brackets, comparisons of one
 * observation's object properties against constants, combined with {@code AND} (binds tighter) and
 * {@code OR}.
 */
public sealed interface ComparisonExpression {

    /** {@code path [NOT] operator constant}. */
    record Comparison(ObjectPath path, boolean negated, ComparisonOperator operator, Constant value)
            implements ComparisonExpression {
        public Comparison {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(value, "value");
            if ((operator == ComparisonOperator.IN) != (value instanceof Constant.SetConstant)) {
                throw new IllegalArgumentException("IN, and only IN, takes a set constant");
            }
        }
    }

    /** {@code [NOT] EXISTS path}. */
    record Exists(ObjectPath path, boolean negated) implements ComparisonExpression {
        public Exists {
            Objects.requireNonNull(path, "path");
        }
    }

    /** {@code a AND b ...}: all hold for the same object graph of one observation. */
    record And(List<ComparisonExpression> operands) implements ComparisonExpression {
        public And {
            operands = List.copyOf(operands);
            if (operands.size() < 2) {
                throw new IllegalArgumentException("AND needs at least two operands");
            }
        }
    }

    /** {@code a OR b ...}: any holds. */
    record Or(List<ComparisonExpression> operands) implements ComparisonExpression {
        public Or {
            operands = List.copyOf(operands);
            if (operands.size() < 2) {
                throw new IllegalArgumentException("OR needs at least two operands");
            }
        }
    }
}
