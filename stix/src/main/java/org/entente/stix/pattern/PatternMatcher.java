package org.entente.stix.pattern;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.text.Normalizer;

import org.entente.stix.StixTimestamp;
import org.entente.stix.pattern.ComparisonExpression.Comparison;
import org.entente.stix.pattern.ComparisonExpression.Exists;
import org.entente.stix.pattern.Constant.BinaryConstant;
import org.entente.stix.pattern.Constant.BooleanConstant;
import org.entente.stix.pattern.Constant.FloatConstant;
import org.entente.stix.pattern.Constant.IntegerConstant;
import org.entente.stix.pattern.Constant.SetConstant;
import org.entente.stix.pattern.Constant.StringConstant;
import org.entente.stix.pattern.Constant.TimestampConstant;
import org.entente.stix.pattern.ObservationExpression.Qualifier;

import tools.jackson.databind.JsonNode;

/**
 * Matches STIX 2.1 patterns against observations (Level 3 conformance, section 12.7.3).
 *
 * <p><b>Inside brackets</b> (sections 9.5, 9.6, 9.7) a comparison expression is evaluated against one
 * observation: all its comparisons start from one and the same SCO of that observation, and
 * {@code *_ref} / {@code *_refs} are followed to other objects of the same observation only (an id
 * that is not there is "not present"). {@code [n]} out of range and {@code [*]} over an empty list
 * find nothing. A comparison whose path finds nothing is false whatever the operator, also with NOT and
 * {@code !=} (9.6); {@code EXISTS} is true when the path finds something and {@code NOT EXISTS} when it
 * finds nothing. With {@code [*]} the comparison (NOT included) holds if it holds for any element.
 * Incompatible types make a comparison false, except {@code !=} which is then true (9.6.1). Integers and
 * floats compare exactly; {@code t''} compares with timestamp strings as instants; {@code b''}/{@code h''}
 * compare as unsigned octets with {@code *_bin} (base64) and {@code *_hex} properties and with strings
 * whose code points are all below U+0100; a string constant against a binary property is converted the
 * same way (9.6.3, 9.6.4). Other strings compare by code point, not normalised (9.6.2). {@code =},
 * {@code !=} and {@code IN} on the {@code value} of an ipv4-addr/ipv6-addr compare addresses as networks
 * ({@code '198.51.100.1/32'} equals {@code '198.51.100.1'}). LIKE ({@code %}, {@code _}; no escape
 * character) and MATCHES (search, DOTALL; Unicode character classes for strings, none for binary
 * properties, which are matched as ISO-8859-1 text) NFC-normalise strings; ISSUBSET/ISSUPERSET compare
 * IPv4/IPv6 CIDR blocks.
 *
 * <p><b>Between observations</b> (9.5.1, 9.5.2): AND, FOLLOWEDBY and REPEATS need different
 * observations, where an observed-data with {@code number_observed} n counts as n observations of the
 * same objects. An observation's time is its whole window [first_observed, last_observed]: FOLLOWEDBY
 * needs the later side's first_observed at or after the earlier side's last_observed; WITHIN x needs the
 * latest last_observed minus the earliest first_observed of all observations used to be less than x
 * seconds; START x STOP y needs every observation used to have first_observed ≥ x and last_observed < y.
 *
 * <p>The search enumerates candidate sets of observations per sub-expression, deduplicated and capped
 * at {@value #MAX_CANDIDATES} per sub-expression; beyond that, matches may be missed (never invented).
 * Stateless and thread-safe.
 */
public final class PatternMatcher {

    /** At most this many candidate observation sets are kept per sub-expression. */
    public static final int MAX_CANDIDATES = 20_000;

    private static final Map<String, java.util.regex.Pattern> REGEX_CACHE = new ConcurrentHashMap<>();

    public PatternMatcher() {
    }

    /** Whether the observations match the pattern, and which of them one match used. */
    public static MatchResult match(Pattern pattern, List<Observation> observations) {
        Objects.requireNonNull(pattern, "pattern");
        List<Observation> all = List.copyOf(observations);
        List<Candidate> found = new Search(all).evaluate(pattern.expression());
        if (found.isEmpty()) {
            return MatchResult.noMatch();
        }
        return new MatchResult(true, Arrays.stream(found.getFirst().uses).distinct().mapToObj(i -> all.get(i).id()).toList());
    }

    /** Whether one observation satisfies a comparison expression (what is between the brackets). */
    public static boolean matches(ComparisonExpression expression, Observation observation) {
        for (JsonNode root : observation.objects().values()) {
            if (holds(expression, root, observation)) {
                return true;
            }
        }
        return false;
    }

    // ---- between observations ------------------------------------------------------------------

    /** A set of observations (indexes, repeated up to number_observed) that satisfies an expression. */
    private record Candidate(int[] uses, Instant first, Instant last) {
        Key key() {
            return new Key(uses);
        }
    }

    private record Key(int[] uses) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(k.uses, uses);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(uses);
        }
    }

    private static final class Search {
        private final List<Observation> observations;

        Search(List<Observation> observations) {
            this.observations = observations;
        }

        List<Candidate> evaluate(ObservationExpression e) {
            return switch (e) {
                case ObservationExpression.Observation o -> {
                    List<Candidate> out = new ArrayList<>();
                    for (int i = 0; i < observations.size(); i++) {
                        Observation obs = observations.get(i);
                        if (matches(o.comparison(), obs)) {
                            out.add(new Candidate(new int[] {i}, obs.firstObserved(), obs.lastObserved()));
                        }
                    }
                    yield out;
                }
                case ObservationExpression.Or or -> {
                    Map<Key, Candidate> out = new LinkedHashMap<>();
                    for (ObservationExpression op : or.operands()) {
                        for (Candidate c : evaluate(op)) {
                            if (out.size() >= MAX_CANDIDATES) {
                                break;
                            }
                            out.putIfAbsent(c.key(), c);
                        }
                    }
                    yield new ArrayList<>(out.values());
                }
                case ObservationExpression.And and -> fold(and.operands(), (a, b) -> true);
                case ObservationExpression.FollowedBy f -> fold(f.operands(), (a, b) -> !b.first().isBefore(a.last()));
                case ObservationExpression.Qualified q -> qualify(q.qualifier(), evaluate(q.expression()));
            };
        }

        private List<Candidate> fold(List<ObservationExpression> operands, BiPredicate<Candidate, Candidate> order) {
            List<Candidate> acc = evaluate(operands.getFirst());
            for (ObservationExpression op : operands.subList(1, operands.size())) {
                if (acc.isEmpty()) {
                    return acc;
                }
                List<Candidate> next = evaluate(op);
                Map<Key, Candidate> out = new LinkedHashMap<>();
                outer:
                for (Candidate a : acc) {
                    for (Candidate b : next) {
                        if (out.size() >= MAX_CANDIDATES) {
                            break outer;
                        }
                        if (order.test(a, b)) {
                            Candidate both = merge(a, b);
                            if (both != null) {
                                out.putIfAbsent(both.key(), both);
                            }
                        }
                    }
                }
                acc = new ArrayList<>(out.values());
            }
            return acc;
        }

        private List<Candidate> qualify(Qualifier q, List<Candidate> candidates) {
            return switch (q) {
                case Qualifier.Within w -> candidates.stream().filter(c -> seconds(Duration.between(c.first(), c.last()))
                        .compareTo(w.seconds()) < 0).toList();
                case Qualifier.StartStop s -> candidates.stream().filter(c -> !c.first().isBefore(s.start().instant())
                        && c.last().isBefore(s.stop().instant())).toList();
                case Qualifier.Repeats r -> repeats(candidates, r.times());
            };
        }

        private static BigDecimal seconds(Duration d) {
            return BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
        }

        /** Combinations of n candidates (one may be taken again while number_observed allows) on distinct observations. */
        private List<Candidate> repeats(List<Candidate> candidates, int n) {
            Map<Key, Candidate> out = new LinkedHashMap<>();
            repeat(candidates, n, 0, null, out);
            return new ArrayList<>(out.values());
        }

        private void repeat(List<Candidate> candidates, int left, int from, Candidate acc, Map<Key, Candidate> out) {
            if (left == 0) {
                out.putIfAbsent(acc.key(), acc);
                return;
            }
            for (int i = from; i < candidates.size() && out.size() < MAX_CANDIDATES; i++) {
                Candidate next = acc == null ? candidates.get(i) : merge(acc, candidates.get(i));
                if (next != null) {
                    repeat(candidates, left - 1, i, next, out);
                }
            }
        }

        /** The union of two candidates, or null if it would use an observation more often than it was observed. */
        private Candidate merge(Candidate a, Candidate b) {
            int[] uses = new int[a.uses().length + b.uses().length];
            int i = 0;
            int j = 0;
            int k = 0;
            while (i < a.uses().length || j < b.uses().length) {
                uses[k++] = j >= b.uses().length || (i < a.uses().length && a.uses()[i] <= b.uses()[j]) ? a.uses()[i++] : b.uses()[j++];
            }
            for (int s = 0; s < uses.length; ) {
                int e = s;
                while (e < uses.length && uses[e] == uses[s]) {
                    e++;
                }
                if (e - s > observations.get(uses[s]).numberObserved()) {
                    return null;
                }
                s = e;
            }
            Instant first = a.first().isBefore(b.first()) ? a.first() : b.first();
            Instant last = a.last().isAfter(b.last()) ? a.last() : b.last();
            return new Candidate(uses, first, last);
        }
    }

    // ---- inside one observation ----------------------------------------------------------------

    private static boolean holds(ComparisonExpression e, JsonNode root, Observation observation) {
        return switch (e) {
            case ComparisonExpression.And and -> and.operands().stream().allMatch(o -> holds(o, root, observation));
            case ComparisonExpression.Or or -> or.operands().stream().anyMatch(o -> holds(o, root, observation));
            case Exists x -> isType(root, x.path()) && (resolve(x.path(), root, observation).isEmpty() == x.negated());
            case Comparison c -> isType(root, c.path()) && resolve(c.path(), root, observation).stream()
                    .anyMatch(v -> c.negated() != compare(c.operator(), v, c.value()));
        };
    }

    private static boolean isType(JsonNode root, ObjectPath path) {
        return root.isObject() && path.objectType().equals(root.path("type").asString(""));
    }

    /** A value an object path found: the JSON, the property it came from, and the object holding that property. */
    private record Value(JsonNode node, String property, JsonNode owner, boolean reference) {
    }

    private static List<Value> resolve(ObjectPath path, JsonNode root, Observation observation) {
        List<Value> current = List.of(new Value(root, null, root, false));
        for (ObjectPath.Step step : path.steps()) {
            List<Value> next = new ArrayList<>();
            for (Value v : current) {
                switch (step) {
                    case ObjectPath.Step.Property p -> {
                        JsonNode object = v.node();
                        if (v.reference() && object.isString()) {
                            object = observation.objects().get(object.asString());
                        }
                        if (object != null && object.isObject()) {
                            JsonNode child = object.get(p.name());
                            if (child != null && !child.isNull()) {
                                next.add(new Value(child, p.name(), object, p.name().endsWith("_ref")));
                            }
                        }
                    }
                    case ObjectPath.Step.Index i -> {
                        if (v.node().isArray() && i.index() < v.node().size()) {
                            next.add(element(v, v.node().get(i.index())));
                        }
                    }
                    case ObjectPath.Step.AnyIndex any -> {
                        if (v.node().isArray()) {
                            for (JsonNode element : v.node()) {
                                next.add(element(v, element));
                            }
                        }
                    }
                }
            }
            current = next;
        }
        return current;
    }

    private static Value element(Value list, JsonNode element) {
        return new Value(element, list.property(), list.owner(), list.property() != null && list.property().endsWith("_refs"));
    }

    private static boolean compare(ComparisonOperator op, Value v, Constant c) {
        return switch (op) {
            case EQ -> order(v, c, true).map(x -> x == 0).orElse(false);
            case NEQ -> order(v, c, true).map(x -> x != 0).orElse(true);
            case LT -> order(v, c, false).map(x -> x < 0).orElse(false);
            case LE -> order(v, c, false).map(x -> x <= 0).orElse(false);
            case GT -> order(v, c, false).map(x -> x > 0).orElse(false);
            case GE -> order(v, c, false).map(x -> x >= 0).orElse(false);
            case IN -> c instanceof SetConstant set
                    && set.elements().stream().anyMatch(e -> order(v, e, true).map(x -> x == 0).orElse(false));
            case LIKE -> text(v).map(s -> like(s, ((StringConstant) c).value(), isBinary(v))).orElse(false);
            case MATCHES -> text(v).map(s -> boundedFind(regex(((StringConstant) c).value(), isBinary(v)),
                    isBinary(v) ? s : Normalizer.normalize(s, Normalizer.Form.NFC))).orElse(false);
            case ISSUBSET, ISSUPERSET -> {
                if (!v.node().isString() || !(c instanceof StringConstant s)) {
                    yield false;
                }
                Optional<IpNetwork> value = IpNetwork.parse(v.node().asString());
                Optional<IpNetwork> constant = IpNetwork.parse(s.value());
                yield value.isPresent() && constant.isPresent() && (op == ComparisonOperator.ISSUBSET
                        ? constant.get().contains(value.get()) : value.get().contains(constant.get()));
            }
        };
    }

    private static boolean isBinary(Value v) {
        return v.property() != null && (v.property().endsWith("_bin") || v.property().endsWith("_hex"));
    }

    private static boolean isAddress(Value v) {
        String type = v.owner().path("type").asString("");
        return "value".equals(v.property()) && (type.equals("ipv4-addr") || type.equals("ipv6-addr"));
    }

    /** The property as text for LIKE/MATCHES: binary properties as ISO-8859-1 of their octets. */
    private static Optional<String> text(Value v) {
        if (!v.node().isString()) {
            return Optional.empty();
        }
        if (isBinary(v)) {
            return Optional.ofNullable(propertyBytes(v)).map(b -> new String(b, StandardCharsets.ISO_8859_1));
        }
        return Optional.of(v.node().asString());
    }

    /**
     * The order of the property against a constant (negative, zero, positive), or empty when the two
     * cannot be compared. {@code equality}: only whether they are equal matters (allows booleans and
     * network equality of addresses).
     */
    private static Optional<Integer> order(Value v, Constant c, boolean equality) {
        JsonNode n = v.node();
        return switch (c) {
            case StringConstant s -> {
                if (!n.isString()) {
                    yield Optional.empty();
                }
                if (isBinary(v)) {
                    byte[] a = propertyBytes(v);
                    byte[] b = latin1(s.value());
                    yield a == null || b == null ? Optional.empty() : Optional.of(Arrays.compareUnsigned(a, b));
                }
                if (equality && isAddress(v)) {
                    Optional<IpNetwork> a = IpNetwork.parse(n.asString());
                    Optional<IpNetwork> b = IpNetwork.parse(s.value());
                    if (a.isPresent() && b.isPresent()) {
                        yield Optional.of(a.get().sameNetwork(b.get()) ? 0 : 1);
                    }
                }
                yield Optional.of(compareCodePoints(n.asString(), s.value()));
            }
            case IntegerConstant i -> n.isNumber() ? Optional.of(n.decimalValue().compareTo(BigDecimal.valueOf(i.value())))
                    : Optional.empty();
            case FloatConstant f -> n.isNumber() ? Optional.of(n.decimalValue().compareTo(f.value())) : Optional.empty();
            case BooleanConstant b -> equality && n.isBoolean() ? Optional.of(n.booleanValue() == b.value() ? 0 : 1)
                    : Optional.empty();
            case BinaryConstant b -> {
                if (!n.isString()) {
                    yield Optional.empty();
                }
                byte[] a = isBinary(v) ? propertyBytes(v) : latin1(n.asString());
                yield a == null ? Optional.empty() : Optional.of(Arrays.compareUnsigned(a, b.bytes()));
            }
            case TimestampConstant t -> n.isString()
                    ? StixTimestamp.tryParse(n.asString()).map(x -> x.instant().compareTo(t.value().instant()))
                    : Optional.empty();
            case SetConstant s -> Optional.empty();
        };
    }

    private static byte[] propertyBytes(Value v) {
        String text = v.node().asString();
        try {
            return v.property().endsWith("_hex") ? HexFormat.of().parseHex(text) : Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A string as octets if every code point is below U+0100 (section 9.2), else null. */
    private static byte[] latin1(String s) {
        if (s.codePoints().anyMatch(cp -> cp > 0xff)) {
            return null;
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Keeps the compiled-expression cache bounded in a long-running process. */
    private static void trimCache() {
        if (REGEX_CACHE.size() > 10_000) {
            REGEX_CACHE.clear();
        }
    }

    private static boolean like(String value, String pattern, boolean binary) {
        String v = binary ? value : Normalizer.normalize(value, Normalizer.Form.NFC);
        String p = Normalizer.normalize(pattern, Normalizer.Form.NFC);
        return likeMatches(v.codePoints().toArray(), p.codePoints().toArray(),
                REGEX_MIN_STEPS + REGEX_STEPS_PER_CHAR * v.length());
    }

    /**
     * LIKE without a regular expression: {@code %} any run of characters, {@code _} one character (code points, as
     * {@code .} with DOTALL), anything else itself. A LIKE pattern comes from whoever wrote the indicator, and as a
     * regular expression {@code %a%a%a…%b} backtracks polynomially on a long value of {@code a}s (found by fuzzing:
     * it stalled the matcher for minutes). Two pointers with a return to the last {@code %}: at most
     * (value length × pattern length) steps, never more than {@code budget} (false past it, like MATCHES; the budget
     * is 1,000 steps a character, more than any pattern of up to 1,000 characters needs).
     */
    static boolean likeMatches(int[] v, int[] p, long budget) {
        int i = 0;
        int j = 0;
        int star = -1; // the last % seen in p
        int resume = 0; // where in v that % would take one more character
        long steps = 0;
        while (i < v.length) {
            if (++steps > budget) {
                return false;
            }
            if (j < p.length && p[j] == '%') {
                star = j++;
                resume = i;
            } else if (j < p.length && (p[j] == '_' || p[j] == v[i])) {
                i++;
                j++;
            } else if (star >= 0) {
                j = star + 1;
                i = ++resume;
            } else {
                return false;
            }
        }
        while (j < p.length && p[j] == '%') {
            j++;
        }
        return j == p.length;
    }

    /**
     * Steps a regular expression may take over one value: a MATCHES expression comes from whoever wrote
     * the indicator (another organisation, a federation peer), and a backtracking expression such as
     * {@code (a+)+$} would otherwise take exponential time on a crafted value and stall correlation for
     * everyone. Past the budget the comparison is false (no match), like any comparison that cannot be
     * decided. Found by fuzzing (StixFuzzTest).
     */
    static final long REGEX_STEPS_PER_CHAR = 1_000;
    static final long REGEX_MIN_STEPS = 100_000;

    static boolean boundedFind(java.util.regex.Pattern regex, String value) {
        try {
            return regex.matcher(new BudgetedChars(value, REGEX_MIN_STEPS + REGEX_STEPS_PER_CHAR * value.length())).find();
        } catch (BudgetedChars.Exhausted e) {
            return false;
        }
    }

    /** A CharSequence that allows only so many character reads: the regex engine reads one per step. */
    private static final class BudgetedChars implements CharSequence {
        static final class Exhausted extends RuntimeException {
            Exhausted() {
                super(null, null, false, false);
            }
        }

        private final String value;
        private final long[] budget;

        BudgetedChars(String value, long budget) {
            this(value, new long[] {budget});
        }

        private BudgetedChars(String value, long[] budget) {
            this.value = value;
            this.budget = budget;
        }

        @Override
        public char charAt(int index) {
            if (--budget[0] < 0) {
                throw new Exhausted();
            }
            return value.charAt(index);
        }

        @Override
        public int length() {
            return value.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BudgetedChars(value.substring(start, end), budget);
        }

        @Override
        public String toString() {
            return value;
        }
    }

    private static java.util.regex.Pattern regex(String expression, boolean binary) {
        trimCache();
        return REGEX_CACHE.computeIfAbsent((binary ? "BIN\u0000" : "STR\u0000") + expression, k ->
                java.util.regex.Pattern.compile(expression, binary ? java.util.regex.Pattern.DOTALL
                        : java.util.regex.Pattern.DOTALL | java.util.regex.Pattern.UNICODE_CHARACTER_CLASS));
    }
}
