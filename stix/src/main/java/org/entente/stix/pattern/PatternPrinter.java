package org.entente.stix.pattern;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.entente.stix.pattern.ComparisonExpression.Comparison;
import org.entente.stix.pattern.ComparisonExpression.Exists;
import org.entente.stix.pattern.Constant.BinaryConstant;
import org.entente.stix.pattern.Constant.BooleanConstant;
import org.entente.stix.pattern.Constant.FloatConstant;
import org.entente.stix.pattern.Constant.IntegerConstant;
import org.entente.stix.pattern.Constant.SetConstant;
import org.entente.stix.pattern.Constant.StringConstant;
import org.entente.stix.pattern.Constant.TimestampConstant;
import org.entente.stix.pattern.ObservationExpression.Qualified;
import org.entente.stix.pattern.ObservationExpression.Qualifier;

/**
 * Prints a {@link Pattern} as canonical STIX pattern text: single spaces, keywords in capitals,
 * parentheses only where precedence (section 9.5.3) or the tree's shape needs them, strings with
 * {@code '} and {@code \} escaped, hex in lower case, base64 padded. For every valid tree,
 * {@code PatternParser.parse(print(p)).equals(p)}; nested operators of one kind (an AND directly
 * inside an AND) keep their parentheses, so the tree's shape survives.
 */
public final class PatternPrinter {

    private static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "FOLLOWEDBY", "LIKE", "MATCHES",
            "ISSUPERSET", "ISSUBSET", "EXISTS", "IN", "START", "STOP", "SECONDS", "TIMES", "WITHIN", "REPEATS",
            "true", "false");

    private PatternPrinter() {
    }

    public static String print(Pattern pattern) {
        StringBuilder out = new StringBuilder();
        observation(pattern.expression(), out);
        return out.toString();
    }

    /** Prints one comparison expression (what goes between the brackets). */
    public static String print(ComparisonExpression expression) {
        StringBuilder out = new StringBuilder();
        comparison(expression, out);
        return out.toString();
    }

    private static void observation(ObservationExpression e, StringBuilder out) {
        switch (e) {
            case ObservationExpression.Observation o -> {
                out.append('[');
                comparison(o.comparison(), out);
                out.append(']');
            }
            case ObservationExpression.FollowedBy f -> join(f.operands(), " FOLLOWEDBY ", out,
                    op -> op instanceof ObservationExpression.FollowedBy);
            case ObservationExpression.Or or -> join(or.operands(), " OR ", out,
                    op -> op instanceof ObservationExpression.FollowedBy || op instanceof ObservationExpression.Or);
            case ObservationExpression.And and -> join(and.operands(), " AND ", out,
                    op -> !(op instanceof ObservationExpression.Observation || op instanceof Qualified));
            case Qualified q -> {
                ObservationExpression inner = q.expression();
                boolean group = !(inner instanceof ObservationExpression.Observation || inner instanceof Qualified)
                        || repeatsKind(inner, q.qualifier());
                if (group) {
                    out.append('(');
                }
                observation(inner, out);
                if (group) {
                    out.append(')');
                }
                out.append(' ');
                qualifier(q.qualifier(), out);
            }
        }
    }

    /** Whether a chain of qualifiers (without parentheses) already has one of this kind. */
    private static boolean repeatsKind(ObservationExpression e, Qualifier q) {
        for (ObservationExpression x = e; x instanceof Qualified qualified; x = qualified.expression()) {
            if (qualified.qualifier().getClass() == q.getClass()) {
                return true;
            }
        }
        return false;
    }

    private static void join(List<ObservationExpression> operands, String operator, StringBuilder out,
                             java.util.function.Predicate<ObservationExpression> needsParentheses) {
        for (int i = 0; i < operands.size(); i++) {
            if (i > 0) {
                out.append(operator);
            }
            ObservationExpression op = operands.get(i);
            boolean group = needsParentheses.test(op);
            if (group) {
                out.append('(');
            }
            observation(op, out);
            if (group) {
                out.append(')');
            }
        }
    }

    private static void qualifier(Qualifier q, StringBuilder out) {
        switch (q) {
            case Qualifier.Within w -> out.append("WITHIN ").append(number(w.seconds())).append(" SECONDS");
            case Qualifier.Repeats r -> out.append("REPEATS ").append(r.times()).append(" TIMES");
            case Qualifier.StartStop s -> out.append("START t'").append(s.start().text())
                    .append("' STOP t'").append(s.stop().text()).append('\'');
        }
    }

    private static void comparison(ComparisonExpression e, StringBuilder out) {
        switch (e) {
            case ComparisonExpression.Or or -> {
                for (int i = 0; i < or.operands().size(); i++) {
                    if (i > 0) {
                        out.append(" OR ");
                    }
                    grouped(or.operands().get(i), or.operands().get(i) instanceof ComparisonExpression.Or, out);
                }
            }
            case ComparisonExpression.And and -> {
                for (int i = 0; i < and.operands().size(); i++) {
                    if (i > 0) {
                        out.append(" AND ");
                    }
                    ComparisonExpression op = and.operands().get(i);
                    grouped(op, op instanceof ComparisonExpression.Or || op instanceof ComparisonExpression.And, out);
                }
            }
            case Comparison c -> {
                path(c.path(), out);
                out.append(c.negated() ? " NOT " : " ").append(c.operator().symbol()).append(' ');
                constant(c.value(), out);
            }
            case Exists x -> {
                out.append(x.negated() ? "NOT EXISTS " : "EXISTS ");
                path(x.path(), out);
            }
        }
    }

    private static void grouped(ComparisonExpression e, boolean group, StringBuilder out) {
        if (group) {
            out.append('(');
        }
        comparison(e, out);
        if (group) {
            out.append(')');
        }
    }

    /** {@code type:name.'quoted-name'[0][*]}. */
    public static String print(ObjectPath path) {
        StringBuilder out = new StringBuilder();
        path(path, out);
        return out.toString();
    }

    private static void path(ObjectPath path, StringBuilder out) {
        out.append(path.objectType()).append(':');
        boolean first = true;
        for (ObjectPath.Step step : path.steps()) {
            switch (step) {
                case ObjectPath.Step.Property p -> {
                    if (!first) {
                        out.append('.');
                    }
                    if (p.name().matches("[A-Za-z_][A-Za-z0-9_]*") && !KEYWORDS.contains(p.name())) {
                        out.append(p.name());
                    } else {
                        string(p.name(), out);
                    }
                }
                case ObjectPath.Step.Index i -> out.append('[').append(i.index()).append(']');
                case ObjectPath.Step.AnyIndex a -> out.append("[*]");
            }
            first = false;
        }
    }

    /** A constant as pattern text, e.g. {@code 'it\'s'}, {@code 7.0}, {@code h'ffd8'}, {@code ('a', 'b')}. */
    public static String print(Constant constant) {
        StringBuilder out = new StringBuilder();
        constant(constant, out);
        return out.toString();
    }

    private static void constant(Constant c, StringBuilder out) {
        switch (c) {
            case StringConstant s -> string(s.value(), out);
            case IntegerConstant i -> out.append(i.value());
            case FloatConstant f -> out.append(floating(f.value()));
            case BooleanConstant b -> out.append(b.value());
            case BinaryConstant b -> out.append(b.writtenAsHex()
                    ? "h'" + HexFormat.of().formatHex(b.bytes()) + "'"
                    : "b'" + Base64.getEncoder().encodeToString(b.bytes()) + "'");
            case TimestampConstant t -> out.append("t'").append(t.value().text()).append('\'');
            case SetConstant s -> out.append(s.elements().stream().map(PatternPrinter::print)
                    .collect(Collectors.joining(", ", "(", ")")));
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('\'').append(s.replace("\\", "\\\\").replace("'", "\\'")).append('\'');
    }

    /** A float that reads back as the same BigDecimal (same scale), never as an integer. */
    private static String floating(BigDecimal v) {
        String s = v.toString();
        return s.contains(".") || s.contains("E") ? s : s + "E0";
    }

    /** WITHIN's number: integral seconds stay integers, others keep their scale. */
    private static String number(BigDecimal v) {
        return v.toString();
    }
}
