package org.entente.stix.validation;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Factories for the cross-property rules the per-type tables declare. */
final class Constraints {

    private Constraints() {
    }

    /** "At least one of ... MUST be present." */
    static Constraint atLeastOne(String... properties) {
        return atLeastOne(Rule.AT_LEAST_ONE_OF, properties);
    }

    static Constraint atLeastOne(Rule rule, String... properties) {
        String names = quoted(properties);
        return (c, o, at) -> {
            for (String p : properties) {
                if (o.has(p)) {
                    return;
                }
            }
            c.error(rule, at, "at least one of " + names + " must be present");
        };
    }

    /**
     * "One of a and b MUST be present, but both MUST NOT": both present is a property-dependency error
     * (reported at b), neither an at-least-one-of error.
     */
    static Constraint exactlyOne(String a, String b) {
        return (c, o, at) -> {
            boolean hasA = o.has(a);
            boolean hasB = o.has(b);
            if (hasA && hasB) {
                c.error(Rule.PROPERTY_DEPENDENCY, at.child(b), "'" + b + "' must not be present when '" + a + "' is");
            } else if (!hasA && !hasB) {
                c.error(Rule.AT_LEAST_ONE_OF, at, "one of '" + a + "' and '" + b + "' must be present");
            }
        };
    }

    /** {@link #exactlyOne(String, String)} reporting both cases under {@code rule}. */
    static Constraint exactlyOne(Rule rule, String a, String b) {
        return (c, o, at) -> {
            boolean hasA = o.has(a);
            boolean hasB = o.has(b);
            if (hasA && hasB) {
                c.error(rule, at.child(b), "'" + a + "' and '" + b + "' must not both be present");
            } else if (!hasA && !hasB) {
                c.error(rule, at, "one of '" + a + "' and '" + b + "' must be present");
            }
        };
    }

    /** "If {@code property} is present, {@code needed} MUST be present." */
    static Constraint requires(String property, String needed) {
        return (c, o, at) -> {
            if (o.has(property) && !o.has(needed)) {
                c.error(Rule.PROPERTY_DEPENDENCY, at.child(property),
                        "'" + property + "' requires '" + needed + "' to be present");
            }
        };
    }

    /** {@code later} MUST be greater than ({@code strict}) or equal to {@code earlier} when both are present. */
    static Constraint order(String earlier, String later, boolean strict) {
        return (c, o, at) -> {
            Time a = Check.time(o, earlier);
            Time b = Check.time(o, later);
            if (a == null || b == null) {
                return;
            }
            int cmp = b.compareTo(a);
            if (strict ? cmp <= 0 : cmp < 0) {
                c.error(Rule.TIMESTAMP_ORDER, at.child(later), "'" + later + "' (" + o.get(later).stringValue()
                        + ") must be " + (strict ? "later than" : "later than or equal to") + " '" + earlier + "' ("
                        + o.get(earlier).stringValue() + ")");
            }
        };
    }

    private static String quoted(String... names) {
        return Arrays.stream(names).map(n -> "'" + n + "'").collect(Collectors.joining(", "));
    }
}
