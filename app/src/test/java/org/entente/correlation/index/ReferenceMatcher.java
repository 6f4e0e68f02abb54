package org.entente.correlation.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

import org.entente.stix.pattern.ComparisonExpression;
import org.entente.stix.pattern.ComparisonOperator;
import org.entente.stix.pattern.Constant;
import org.entente.stix.pattern.ObjectPath.Step;
import org.entente.stix.pattern.Observation;
import org.entente.stix.pattern.ObservationExpression;
import org.entente.stix.pattern.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * A test-only reference evaluator of STIX patterns against a list of one observation, written
 * plainly from the specification (section 9) while {@code PatternMatcher} (branch
 * {@code pattern-language}) did not exist yet. It follows object paths strictly (property steps on
 * objects, list steps on lists, references into the observation's objects), compares strings
 * case-sensitively, reads {@code LIKE} as SQL LIKE over the whole value and {@code MATCHES} as a
 * Java regular expression found anywhere in the value. With one observation, observation-level
 * {@code AND} and {@code FOLLOWEDBY} hold if every operand holds for it, {@code REPEATS n} only for
 * n = 1, {@code WITHIN} if its operand holds.
 */
final class ReferenceMatcher {

    private ReferenceMatcher() {
    }

    static boolean matches(Pattern pattern, Observation o) {
        return eval(pattern.expression(), o);
    }

    private static boolean eval(ObservationExpression e, Observation o) {
        return switch (e) {
            case ObservationExpression.Observation ob -> eval(ob.comparison(), o.objects());
            case ObservationExpression.And a -> a.operands().stream().allMatch(x -> eval(x, o));
            case ObservationExpression.Or or -> or.operands().stream().anyMatch(x -> eval(x, o));
            case ObservationExpression.FollowedBy f -> f.operands().stream().allMatch(x -> eval(x, o));
            case ObservationExpression.Qualified q -> switch (q.qualifier()) {
                case ObservationExpression.Qualifier.Repeats r -> r.times() == 1 && eval(q.expression(), o);
                default -> eval(q.expression(), o);
            };
        };
    }

    private static boolean eval(ComparisonExpression c, Map<String, JsonNode> objects) {
        return switch (c) {
            case ComparisonExpression.And a -> a.operands().stream().allMatch(x -> eval(x, objects));
            case ComparisonExpression.Or or -> or.operands().stream().anyMatch(x -> eval(x, objects));
            case ComparisonExpression.Exists ex -> !values(ex.path().objectType(), ex.path().steps(), objects, true)
                    .isEmpty() != ex.negated();
            case ComparisonExpression.Comparison cmp -> {
                List<JsonNode> values = values(cmp.path().objectType(), cmp.path().steps(), objects, false);
                yield values.stream().anyMatch(v -> test(cmp.operator(), v, cmp.value()) != cmp.negated());
            }
        };
    }

    private static List<JsonNode> values(String type, List<Step> steps, Map<String, JsonNode> objects, boolean any) {
        List<JsonNode> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : objects.entrySet()) {
            JsonNode t = e.getValue().get("type");
            if (t != null && t.isString() && t.stringValue().equals(type)) {
                walk(e.getValue(), steps, 0, objects, out, any);
            }
        }
        return out;
    }

    private static void walk(JsonNode node, List<Step> steps, int i, Map<String, JsonNode> objects,
                             List<JsonNode> out, boolean any) {
        if (node == null) {
            return;
        }
        if (i == steps.size()) {
            if (any || node.isString() || node.isNumber() || node.isBoolean()) {
                out.add(node);
            }
            return;
        }
        Step s = steps.get(i);
        if (s instanceof Step.Property(String name)) {
            if (node.isObject()) {
                walk(node.get(name), steps, i + 1, objects, out, any);
            } else if (node.isString() && i > 0 && steps.get(i - 1) instanceof Step.Property(String prev)
                    && prev.endsWith("_ref")) {
                walk(objects.get(node.stringValue()), steps, i, objects, out, any);
            } else if (node.isString() && i > 1 && steps.get(i - 2) instanceof Step.Property(String prev)
                    && prev.endsWith("_refs")) {
                walk(objects.get(node.stringValue()), steps, i, objects, out, any);
            }
        } else if (node.isArray()) {
            if (s instanceof Step.Index(int n)) {
                walk(node.get(n), steps, i + 1, objects, out, any);
            } else {
                for (JsonNode el : node.values()) {
                    walk(el, steps, i + 1, objects, out, any);
                }
            }
        }
    }

    private static boolean test(ComparisonOperator op, JsonNode v, Constant k) {
        return switch (op) {
            case EQ -> equal(v, k);
            case NEQ -> comparable(v, k) && !equal(v, k);
            case IN -> ((Constant.SetConstant) k).elements().stream().anyMatch(e -> equal(v, e));
            case LIKE -> v.isString() && k instanceof Constant.StringConstant(String like)
                    && java.util.regex.Pattern.compile(likeToRegex(like), java.util.regex.Pattern.DOTALL)
                    .matcher(v.stringValue()).matches();
            case MATCHES -> v.isString() && k instanceof Constant.StringConstant(String re) && find(re, v.stringValue());
            case ISSUBSET -> v.isString() && k instanceof Constant.StringConstant(String block)
                    && subset(v.stringValue(), block);
            case ISSUPERSET -> v.isString() && k instanceof Constant.StringConstant(String block)
                    && subset(block, v.stringValue());
            case GT, LT, GE, LE -> {
                if (!v.isIntegralNumber() || !(k instanceof Constant.IntegerConstant(long n))) {
                    yield false;
                }
                long x = v.longValue();
                yield switch (op) {
                    case GT -> x > n;
                    case LT -> x < n;
                    case GE -> x >= n;
                    default -> x <= n;
                };
            }
        };
    }

    private static boolean comparable(JsonNode v, Constant k) {
        return v.isString() && k instanceof Constant.StringConstant || v.isIntegralNumber() && k instanceof Constant.IntegerConstant;
    }

    private static boolean equal(JsonNode v, Constant k) {
        return switch (k) {
            case Constant.StringConstant(String s) -> v.isString() && v.stringValue().equals(s);
            case Constant.IntegerConstant(long n) -> v.isIntegralNumber() && v.longValue() == n;
            case Constant.BooleanConstant(boolean b) -> v.isBoolean() && v.booleanValue() == b;
            default -> false;
        };
    }

    private static boolean find(String regex, String value) {
        try {
            return java.util.regex.Pattern.compile(regex).matcher(value).find();
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    static String likeToRegex(String like) {
        StringBuilder sb = new StringBuilder();
        StringBuilder lit = new StringBuilder();
        for (char c : like.toCharArray()) {
            if (c == '%' || c == '_') {
                if (!lit.isEmpty()) {
                    sb.append(java.util.regex.Pattern.quote(lit.toString()));
                    lit.setLength(0);
                }
                sb.append(c == '%' ? ".*" : ".");
            } else {
                lit.append(c);
            }
        }
        if (!lit.isEmpty()) {
            sb.append(java.util.regex.Pattern.quote(lit.toString()));
        }
        return sb.toString();
    }

    /** Whether address or block {@code inner} lies inside block {@code outer} (same family). */
    private static boolean subset(String inner, String outer) {
        IpAddresses.Block a = IpAddresses.parseBlock(inner);
        IpAddresses.Block b = IpAddresses.parseBlock(outer);
        if (a == null || b == null || a.v6() != b.v6() || a.prefix() < b.prefix()) {
            return false;
        }
        if (!a.v6()) {
            long m = b.prefix() == 0 ? 0 : (0xFFFFFFFFL << (32 - b.prefix())) & 0xFFFFFFFFL;
            return (a.lo() & m) == b.lo();
        }
        return (a.hi() & IpAddresses.netMaskHi(b.prefix())) == b.hi()
                && (a.lo() & IpAddresses.netMaskLo(b.prefix())) == b.lo();
    }
}
