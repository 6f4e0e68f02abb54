package org.entente.sharing;

import java.util.List;
import java.util.TreeSet;

/**
 * A caller's visibility class: the whole sharing rule the policy built for them (owner, audience,
 * marking and ceiling, with the ceilings read when it was built), as a value. Two callers with equal
 * visibilities get identical answers from every filter of the policy, because the filter is rendered
 * from this very rule and from nothing else; so a cache of filtered answers may be shared by exactly
 * the callers whose visibilities are equal (see docs/adr/0007-taxii-page-cache.md).
 *
 * <p>Equality is the rule's structural equality (records all the way down). {@link #fingerprint()}
 * is the same rule as canonical text (sets sorted), stable across processes, for digests such as ETags.
 */
public final class Visibility {

    private final Rule rule;
    private final int hash;
    /** Built when first asked for (a cache hit never needs it). */
    private volatile String fingerprint;

    Visibility(Rule rule) {
        this.rule = rule;
        this.hash = rule.hashCode();
    }

    Rule rule() {
        return rule;
    }

    /** The rule as canonical text: equal for equal rules, different for different ones, in every process. */
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            StringBuilder out = new StringBuilder();
            canonical(rule, out);
            fingerprint = f = out.toString();
        }
        return f;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Visibility v && v.hash == hash && v.rule.equals(rule);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return fingerprint();
    }

    private static void canonical(Rule rule, StringBuilder out) {
        switch (rule) {
            case Rule.Const c -> out.append(c.value());
            case Rule.Is is -> out.append(is.column().name).append('=').append(quote(is.value()));
            case Rule.OneOf o -> out.append(o.column().name).append(" in ").append(new TreeSet<>(o.values()));
            case Rule.Contains c -> out.append(c.value()).append(" in ").append(c.column().name);
            case Rule.AtMost a -> out.append(a.column().name).append("<=").append(a.bound());
            case Rule.And and -> join("and", and.all(), out);
            case Rule.Or or -> join("or", or.any(), out);
        }
    }

    private static String quote(Object value) {
        return value instanceof String s ? '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : String.valueOf(value);
    }

    private static void join(String op, List<Rule> rules, StringBuilder out) {
        out.append(op).append('(');
        for (int i = 0; i < rules.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            canonical(rules.get(i), out);
        }
        out.append(')');
    }
}
