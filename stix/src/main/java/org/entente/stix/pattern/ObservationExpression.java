package org.entente.stix.pattern;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

import org.entente.stix.StixTimestamp;

/**
 * An observation expression (section 9.5): one bracketed comparison expression, or observation
 * expressions combined with {@code AND}, {@code OR}, {@code FOLLOWEDBY}, or qualified by
 * {@code WITHIN}, {@code REPEATS} or {@code START ... STOP}. Operator precedence (section 9.5.1),
 * loosest first: FOLLOWEDBY, OR, AND, then qualifiers bind to the expression on their left.
 */
public sealed interface ObservationExpression {

    /** {@code [ comparison ]}: matched by a single observation. */
    record Observation(ComparisonExpression comparison) implements ObservationExpression {
        public Observation {
            Objects.requireNonNull(comparison, "comparison");
        }
    }

    /** {@code a AND b ...}: every operand matched, by observations within the pattern's window. */
    record And(List<ObservationExpression> operands) implements ObservationExpression {
        public And {
            operands = atLeastTwo(operands);
        }
    }

    /** {@code a OR b ...}: any operand matched. */
    record Or(List<ObservationExpression> operands) implements ObservationExpression {
        public Or {
            operands = atLeastTwo(operands);
        }
    }

    /** {@code a FOLLOWEDBY b ...}: each operand matched by observations later than the previous operand's. */
    record FollowedBy(List<ObservationExpression> operands) implements ObservationExpression {
        public FollowedBy {
            operands = atLeastTwo(operands);
        }
    }

    /** An observation expression with one qualifier (section 9.6); qualifiers can be chained by nesting. */
    record Qualified(ObservationExpression expression, Qualifier qualifier) implements ObservationExpression {
        public Qualified {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(qualifier, "qualifier");
        }
    }

    /** Observation expression qualifiers (section 9.6). */
    sealed interface Qualifier {

        /** {@code WITHIN n SECONDS}: all observations matching the expression fall within n seconds. */
        record Within(BigDecimal seconds) implements Qualifier {
            public Within {
                if (seconds == null || seconds.signum() <= 0) {
                    throw new IllegalArgumentException("WITHIN needs a positive number of seconds");
                }
            }
        }

        /** {@code REPEATS n TIMES}: the expression is matched n times, by distinct observations. */
        record Repeats(int times) implements Qualifier {
            public Repeats {
                if (times <= 0) {
                    throw new IllegalArgumentException("REPEATS needs a positive count");
                }
            }
        }

        /** {@code START t'..' STOP t'..'}: observations fall in [start, stop). */
        record StartStop(StixTimestamp start, StixTimestamp stop) implements Qualifier {
            public StartStop {
                Objects.requireNonNull(start, "start");
                Objects.requireNonNull(stop, "stop");
                if (!start.instant().isBefore(stop.instant())) {
                    throw new IllegalArgumentException("START must be before STOP");
                }
            }
        }
    }

    private static <T> List<T> atLeastTwo(List<T> operands) {
        List<T> copy = List.copyOf(operands);
        if (copy.size() < 2) {
            throw new IllegalArgumentException("needs at least two operands, got " + copy.size());
        }
        return copy;
    }
}
