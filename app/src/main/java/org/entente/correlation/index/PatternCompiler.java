package org.entente.correlation.index;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.entente.stix.pattern.ComparisonExpression;
import org.entente.stix.pattern.Constant;
import org.entente.stix.pattern.ObjectPath;
import org.entente.stix.pattern.ObjectPath.Step;
import org.entente.stix.pattern.ObservationExpression;
import org.entente.stix.pattern.Pattern;

/**
 * Compiles a pattern into its <em>necessary terms</em>: index keys such that any observation that
 * contributes to a match of the pattern yields at least one of them (see {@link IndicatorIndex}).
 * Pure and stateless.
 */
final class PatternCompiler {

    private PatternCompiler() {
    }

    /** How an observed value at a field is turned into keys. */
    enum Kind {
        /** The (case-folded) value itself. */
        EQ,
        /** Each part of the value after a dot: {@code a.b.c} yields {@code b.c} and {@code c}. */
        SUFFIX,
        /** The value parsed as an IPv4 address or block, masked to each indexed prefix length. */
        CIDR4,
        /** The same for IPv6. */
        CIDR6,
        /** Every value of the {@code hashes} dictionary at the path, whatever the algorithm's name. */
        HASHES
    }

    /** How a hit on a term of a confirmable pattern is checked against the observed value. */
    enum Check {
        /** Exact string equality (for HASHES also the algorithm's exact name). */
        EQUALS,
        /** {@code LIKE '%.X'}: the value ends with {@code .X}, case-sensitively. */
        DOT_SUFFIX,
        /** {@code ISSUBSET 'block'}: the value is a plain address inside the block. */
        IN_BLOCK,
        /** Not checkable: the hit only makes the indicator a candidate. */
        NONE
    }

    /**
     * One term: look up {@code kind} keys of the values at {@code path} of objects of {@code type}.
     *
     * @param value the constant (EQ, SUFFIX, HASHES)
     * @param block the constant (CIDR4, CIDR6)
     * @param alg   for HASHES, the algorithm named in the pattern
     */
    record Term(String type, List<Step> path, Kind kind, String value, IpAddresses.Block block, String alg,
                Check check, int cost) {
    }

    /**
     * @param terms       the necessary terms; empty for residue
     * @param residue     no set of necessary terms could be derived: always a candidate
     * @param confirmable the pattern is an OR of checkable comparisons in one observation expression each,
     *                    without qualifiers: a checked hit on any term means the pattern matches
     */
    record Compiled(List<Term> terms, boolean residue, boolean confirmable) {
    }

    static Compiled compile(Pattern pattern) {
        Set<Term> terms = termsOf(pattern.expression());
        if (terms == null || terms.isEmpty()) {
            return new Compiled(List.of(), true, false);
        }
        boolean confirmable = confirmable(pattern.expression());
        return new Compiled(List.copyOf(terms), false, confirmable);
    }

    // ----- necessary terms -----------------------------------------------------------------------------

    /**
     * Observation-level operators take the union of their operands' terms, not just one operand's:
     * the index answers "which indicators may this one observation contribute to", and in
     * {@code [A] AND [B]} or {@code [A] FOLLOWEDBY [B]} the new observation may be the one matching
     * either operand. So any operand without terms makes the whole pattern residue.
     */
    private static Set<Term> termsOf(ObservationExpression e) {
        return switch (e) {
            case ObservationExpression.Observation o -> termsOf(o.comparison());
            case ObservationExpression.And a -> union(a.operands().stream().map(PatternCompiler::termsOf).toList());
            case ObservationExpression.Or o -> union(o.operands().stream().map(PatternCompiler::termsOf).toList());
            case ObservationExpression.FollowedBy f ->
                    union(f.operands().stream().map(PatternCompiler::termsOf).toList());
            case ObservationExpression.Qualified q -> termsOf(q.expression());
        };
    }

    private static Set<Term> termsOf(ComparisonExpression c) {
        return switch (c) {
            case ComparisonExpression.Comparison cmp -> termsOfComparison(cmp);
            case ComparisonExpression.Exists ex -> null;
            case ComparisonExpression.Or o -> union(o.operands().stream().map(PatternCompiler::termsOf).toList());
            case ComparisonExpression.And a -> {
                // Every operand must hold in the same observation: the cheapest operand's terms suffice.
                Set<Term> best = null;
                int bestCost = Integer.MAX_VALUE;
                for (ComparisonExpression operand : a.operands()) {
                    Set<Term> t = termsOf(operand);
                    if (t != null && !t.isEmpty()) {
                        int cost = t.stream().mapToInt(Term::cost).sum();
                        if (cost < bestCost) {
                            best = t;
                            bestCost = cost;
                        }
                    }
                }
                yield best;
            }
        };
    }

    private static Set<Term> union(List<Set<Term>> parts) {
        Set<Term> all = new LinkedHashSet<>();
        for (Set<Term> p : parts) {
            if (p == null || p.isEmpty()) {
                return null;
            }
            all.addAll(p);
        }
        return all;
    }

    private static Set<Term> termsOfComparison(ComparisonExpression.Comparison c) {
        if (c.negated()) {
            return null;
        }
        ObjectPath path = c.path();
        String type = path.objectType();
        List<Step> steps = path.steps();
        boolean plain = isPlain(steps);
        String last = steps.getLast() instanceof Step.Property(String name) ? name : null;
        if (last != null && (last.endsWith("_bin") || last.endsWith("_hex"))) {
            return null; // the matcher compares these as octets (base64 or hex against the constant's text)
        }
        switch (c.operator()) {
            case EQ -> {
                return equality(type, steps, plain, c.value());
            }
            case IN -> {
                Set<Term> all = new LinkedHashSet<>();
                for (Constant k : ((Constant.SetConstant) c.value()).elements()) {
                    Set<Term> t = equality(type, steps, plain, k);
                    if (t == null) {
                        return null;
                    }
                    all.addAll(t);
                }
                return all;
            }
            case LIKE -> {
                if (!(c.value() instanceof Constant.StringConstant(String raw)) || raw.indexOf('\\') >= 0) {
                    return null;
                }
                // The matcher NFC-normalises both sides of LIKE and MATCHES.
                String like = Normalizer.normalize(raw, Normalizer.Form.NFC);
                if (like.indexOf('%') < 0 && like.indexOf('_') < 0) {
                    return Set.of(eqTerm(type, steps, like, plain ? Check.EQUALS : Check.NONE));
                }
                if (like.startsWith("%.") && like.length() > 2) {
                    String x = like.substring(2);
                    if (x.indexOf('%') < 0 && x.indexOf('_') < 0) {
                        return Set.of(suffixTerm(type, steps, x, plain ? Check.DOT_SUFFIX : Check.NONE));
                    }
                }
                return null;
            }
            case MATCHES -> {
                if (!(c.value() instanceof Constant.StringConstant(String regex))) {
                    return null;
                }
                return regexTerms(type, steps, Normalizer.normalize(regex, Normalizer.Form.NFC));
            }
            case ISSUBSET -> {
                if (!(c.value() instanceof Constant.StringConstant(String cidr))) {
                    return null;
                }
                IpAddresses.Block b = IpAddresses.parseBlock(cidr.strip());
                if (b == null) {
                    return null;
                }
                boolean checkable = plain && !b.hostBitsSet() && cidr.equals(cidr.strip());
                int cost = b.v6() ? 2 + Math.max(0, 64 - b.prefix()) / 2 : 2 + Math.max(0, 24 - b.prefix());
                return Set.of(new Term(type, steps, b.v6() ? Kind.CIDR6 : Kind.CIDR4, null, b, null,
                        checkable ? Check.IN_BLOCK : Check.NONE, cost));
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * Equality. Numbers are keyed by their exact decimal value ({@code 443} and {@code 443.0} alike). On
     * the {@code value} of an ipv4-addr/ipv6-addr the matcher compares networks ({@code '1.2.3.4/32'}
     * equals {@code '1.2.3.4'}, host bits ignored), so an address constant there is a block term; through a
     * reference the object reached may be an address or not, so both terms.
     */
    private static Set<Term> equality(String type, List<Step> steps, boolean plain, Constant k) {
        String value;
        boolean checkable = plain;
        switch (k) {
            case Constant.StringConstant s -> value = s.value();
            case Constant.IntegerConstant i -> {
                value = number(BigDecimal.valueOf(i.value()));
                checkable = false;
            }
            case Constant.FloatConstant f -> {
                value = number(f.value());
                checkable = false;
            }
            default -> {
                return null;
            }
        }
        Check check = checkable ? Check.EQUALS : Check.NONE;
        Term text = eqTerm(type, steps, value, check);
        boolean endsInValue = steps.getLast() instanceof Step.Property(String n) && n.equals("value");
        IpAddresses.Block b = endsInValue && k instanceof Constant.StringConstant ? IpAddresses.parseBlock(value) : null;
        if (b == null) {
            return Set.of(text);
        }
        Term block = new Term(type, steps, b.v6() ? Kind.CIDR6 : Kind.CIDR4, value, b, null, check, 1);
        boolean addressType = steps.size() == 1 && (type.equals("ipv4-addr") || type.equals("ipv6-addr"));
        return addressType ? Set.of(block) : new LinkedHashSet<>(List.of(block, text));
    }

    /** The canonical text of a number: exact, without trailing zeros or exponent. */
    static String number(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    private static Term eqTerm(String type, List<Step> steps, String value, Check check) {
        if (steps.size() == 2 && steps.get(0) instanceof Step.Property(String h) && h.equals("hashes")
                && steps.get(1) instanceof Step.Property(String alg)) {
            return new Term(type, List.of(steps.get(0)), Kind.HASHES, value, null, alg, check, 1);
        }
        return new Term(type, steps, Kind.EQ, value, null, null, check, value.length() < 3 ? 4 : 1);
    }

    private static Term suffixTerm(String type, List<Step> steps, String suffix, Check check) {
        int cost = suffix.indexOf('.') < 0 ? 20 : 2;
        return new Term(type, steps, Kind.SUFFIX, suffix, null, null, check, cost);
    }

    /** Plain: property steps only, no references followed, no list steps. */
    static boolean isPlain(List<Step> steps) {
        for (Step s : steps) {
            if (!(s instanceof Step.Property(String name)) || name.endsWith("_ref") || name.endsWith("_refs")) {
                return false;
            }
        }
        return true;
    }

    // ----- regular expressions that are a literal, or a literal domain with its subdomains ------------

    private static final String[] EXACT_OR_SUBDOMAIN = {"^(.*\\.)?", "^(?:.*\\.)?", "^(.+\\.)?", "^(?:.+\\.)?",
        "(^|\\.)", "(?:^|\\.)", "^([a-z0-9-]+\\.)*", "^(?:[a-z0-9-]+\\.)*", "^([a-zA-Z0-9-]+\\.)*",
        "^(?:[a-zA-Z0-9-]+\\.)*", "^([a-z0-9_-]+\\.)*", "^([^.]+\\.)*", "^(?:[^.]+\\.)*"};
    private static final String[] SUBDOMAIN_ONLY = {"\\.", "^.*\\.", ".*\\.", "^.+\\.", ".+\\.",
        "^([a-z0-9-]+\\.)+", "^(?:[a-z0-9-]+\\.)+", "^([a-zA-Z0-9-]+\\.)+", "^(?:[a-zA-Z0-9-]+\\.)+",
        "^([^.]+\\.)+", "^(?:[^.]+\\.)+"};

    /**
     * {@code ^X$} (X literal) is an equality; {@code ^(.*\.)?X$} and similar are X or a subdomain of
     * X; {@code \.X$} and similar are subdomains of X. X is letters, digits, hyphens, underscores and
     * escaped dots. A leading {@code (?i)} is allowed (keys are case-folded anyway). Never checkable:
     * a hit always goes to the matcher.
     */
    static Set<Term> regexTerms(String type, List<Step> steps, String regex) {
        String r = regex.startsWith("(?i)") ? regex.substring(4) : regex;
        if (!r.endsWith("$") || r.endsWith("\\$")) {
            return null;
        }
        r = r.substring(0, r.length() - 1);
        for (String prefix : EXACT_OR_SUBDOMAIN) {
            if (r.startsWith(prefix)) {
                String x = literal(r.substring(prefix.length()));
                return x == null ? null
                        : new LinkedHashSet<>(List.of(eqTerm(type, steps, x, Check.NONE),
                                suffixTerm(type, steps, x, Check.NONE)));
            }
        }
        for (String prefix : SUBDOMAIN_ONLY) {
            if (r.startsWith(prefix)) {
                String x = literal(r.substring(prefix.length()));
                return x == null ? null : Set.of(suffixTerm(type, steps, x, Check.NONE));
            }
        }
        if (r.startsWith("^")) {
            String x = literal(r.substring(1));
            return x == null ? null : Set.of(eqTerm(type, steps, x, Check.NONE));
        }
        return null;
    }

    /** The text a regex fragment matches literally, if it has no metacharacters but {@code \.} and {@code \-}. */
    private static String literal(String fragment) {
        if (fragment.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder(fragment.length());
        for (int i = 0; i < fragment.length(); i++) {
            char c = fragment.charAt(i);
            if (c == '\\') {
                if (i + 1 >= fragment.length()) {
                    return null;
                }
                char n = fragment.charAt(++i);
                if (n != '.' && n != '-' && n != '_') {
                    return null;
                }
                sb.append(n);
            } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
                    || c == '_') {
                sb.append(c);
            } else {
                return null;
            }
        }
        return sb.toString();
    }

    // ----- confirmable patterns ------------------------------------------------------------------------

    private static boolean confirmable(ObservationExpression e) {
        return switch (e) {
            case ObservationExpression.Observation o -> confirmable(o.comparison());
            case ObservationExpression.Or o -> o.operands().stream().allMatch(PatternCompiler::confirmable);
            default -> false;
        };
    }

    private static boolean confirmable(ComparisonExpression c) {
        return switch (c) {
            case ComparisonExpression.Comparison cmp -> {
                Set<Term> t = termsOfComparison(cmp);
                yield t != null && !t.isEmpty() && t.stream().allMatch(x -> x.check() != Check.NONE);
            }
            case ComparisonExpression.Or o -> o.operands().stream().allMatch(PatternCompiler::confirmable);
            default -> false;
        };
    }
}
