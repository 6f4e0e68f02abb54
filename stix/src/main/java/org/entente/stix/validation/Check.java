package org.entente.stix.validation;

import java.math.BigDecimal;
import java.util.Map;

import org.entente.stix.ObjectKind;

import tools.jackson.databind.JsonNode;

/**
 * The state of one validation: the object, its type and kind, and the findings so far. Interprets the
 * {@link VType} declarations of {@link TypeSpecs} against JSON values.
 */
final class Check {

    final Findings findings;
    final JsonNode root;
    final String type;
    final ObjectKind kind;
    final TypeSpec spec;

    Check(Findings findings, JsonNode root, String type, ObjectKind kind, TypeSpec spec) {
        this.findings = findings;
        this.root = root;
        this.type = type;
        this.kind = kind;
        this.spec = spec;
    }

    void error(Rule rule, Loc at, String message) {
        findings.error(rule, at, message);
    }

    void warning(Rule rule, Loc at, String message) {
        findings.warning(rule, at, message);
    }

    // ---------------------------------------------------------------- values

    /** Checks {@code v}, the value of {@code property} found at {@code at}, against {@code t}. */
    void value(String property, JsonNode v, VType t, Loc at) {
        if (v.isNull()) {
            error(Rule.PROPERTY_TYPE, at, "'" + property + "' must not be null; omit the property instead");
            return;
        }
        switch (t) {
            case VType.Str s -> {
                if (!v.isString()) {
                    typeError(property, "a string", v, at);
                }
            }
            case VType.Bool b -> {
                if (!v.isBoolean()) {
                    typeError(property, "a boolean (true or false)", v, at);
                }
            }
            case VType.Int i -> integer(property, v, i, at);
            case VType.Flt x -> floating(property, v, x, at);
            case VType.Timestamp ts -> timestamp(property, v, at);
            case VType.Hex h -> hex(property, v, at);
            case VType.Binary b -> binary(property, v, at);
            case VType.LanguageTag l -> languageTag(property, v, at);
            case VType.Hashes h -> Hashes.check(this, property, v, at);
            case VType.IntOrString x -> {
                if (!v.isString() && !isInteger(v)) {
                    typeError(property, "an integer or a string", v, at);
                }
            }
            case VType.Any a -> {
            }
            case VType.Ref r -> reference(property, v, r.targets(), at);
            case VType.ListOf l -> list(property, v, l.item(), at);
            case VType.Vocabulary voc -> vocabulary(property, v, voc.vocab(), at);
            case VType.Dict d -> dictionary(property, v, d.values(), at);
            case VType.Obj o -> struct(property, v, o.struct(), at);
            case VType.Special s -> s.check().check(this, property, v, at);
        }
    }

    void typeError(String property, String expected, JsonNode v, Loc at) {
        error(Rule.PROPERTY_TYPE, at, "'" + property + "' must be " + expected + ", not " + describe(v));
    }

    static String describe(JsonNode v) {
        if (v.isString()) {
            return "a string";
        }
        if (v.isNumber()) {
            return "a number";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isObject()) {
            return "an object";
        }
        return "null";
    }

    static boolean isInteger(JsonNode v) {
        if (v.isIntegralNumber()) {
            return true;
        }
        // JSON does not tell 1 from 1.0; a decimal without fraction is still a whole number.
        if (v.isBigDecimal()) {
            BigDecimal d = v.decimalValue();
            return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
        }
        return false;
    }

    private void integer(String property, JsonNode v, VType.Int range, Loc at) {
        if (!v.isNumber() || !isInteger(v)) {
            typeError(property, "an integer", v, at);
            return;
        }
        if (!v.canConvertToLong() && !(v.isBigDecimal() && fitsLong(v.decimalValue()))) {
            error(Rule.VALUE_RANGE, at, "'" + property + "' must be between " + range.min() + " and " + range.max());
            return;
        }
        long x = v.isBigDecimal() ? v.decimalValue().longValue() : v.longValue();
        if (x < range.min() || x > range.max()) {
            error(Rule.VALUE_RANGE, at, "'" + property + "' must be between " + range.min() + " and " + range.max()
                    + ", not " + x);
        }
    }

    private static boolean fitsLong(BigDecimal d) {
        return d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
    }

    private void floating(String property, JsonNode v, VType.Flt range, Loc at) {
        if (!v.isNumber()) {
            typeError(property, "a number", v, at);
            return;
        }
        double x = v.doubleValue();
        if (!(x >= range.min() && x <= range.max())) {
            error(Rule.VALUE_RANGE, at, "'" + property + "' must be between " + range.min() + " and " + range.max()
                    + ", not " + v);
        }
    }

    /** Checks a timestamp value and returns it, or null when it is malformed (and reported). */
    Time timestamp(String property, JsonNode v, Loc at) {
        Time t = v.isString() ? Time.parse(v.stringValue()) : null;
        if (t == null) {
            error(Rule.TIMESTAMP_FORMAT, at, "'" + property + "' must be an RFC 3339 timestamp in UTC ending in 'Z'"
                    + " (YYYY-MM-DDTHH:mm:ss[.s+]Z, e.g. 2016-05-12T08:17:27.000Z), not "
                    + (v.isString() ? "'" + v.stringValue() + "'" : describe(v)));
        }
        return t;
    }

    /** The timestamp in {@code property} of {@code object}, or null when absent or malformed. */
    static Time time(JsonNode object, String property) {
        JsonNode v = object.get(property);
        return v != null && v.isString() ? Time.parse(v.stringValue()) : null;
    }

    private void hex(String property, JsonNode v, Loc at) {
        if (!v.isString()) {
            typeError(property, "a string of hexadecimal digits", v, at);
            return;
        }
        String s = v.stringValue();
        boolean ok = s.length() % 2 == 0;
        for (int i = 0; ok && i < s.length(); i++) {
            ok = Ids.isLowerHex(s.charAt(i));
        }
        if (!ok) {
            error(Rule.VALUE_FORMAT, at, "'" + property
                    + "' must be an even number of lowercase hexadecimal digits (0-9, a-f), not '" + s + "'");
        }
    }

    private void binary(String property, JsonNode v, Loc at) {
        if (!v.isString()) {
            typeError(property, "a base64-encoded string", v, at);
            return;
        }
        if (!isBase64(v.stringValue())) {
            error(Rule.VALUE_FORMAT, at, "'" + property + "' must be base64-encoded (RFC 4648)");
        }
    }

    static boolean isBase64(String s) {
        int n = s.length();
        if (n % 4 != 0) {
            return false;
        }
        int pad = n > 0 && s.charAt(n - 1) == '=' ? (n > 1 && s.charAt(n - 2) == '=' ? 2 : 1) : 0;
        for (int i = 0; i < n - pad; i++) {
            char c = s.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/')) {
                return false;
            }
        }
        return true;
    }

    void languageTag(String property, JsonNode v, Loc at) {
        if (!v.isString()) {
            typeError(property, "an RFC 5646 language tag", v, at);
        } else if (!isLanguageTag(v.stringValue())) {
            error(Rule.VALUE_FORMAT, at, "'" + property + "' must be an RFC 5646 language tag (e.g. en, de-CH, zh-Hans),"
                    + " not '" + v.stringValue() + "'");
        }
    }

    /**
     * RFC 5646 well-formedness, simplified: subtags of 1-8 ASCII letters or digits separated by hyphens,
     * the first being 2-8 letters or the singletons {@code x} (private use) and {@code i} (grandfathered).
     */
    static boolean isLanguageTag(String s) {
        int n = s.length();
        if (n == 0) {
            return false;
        }
        int start = 0;
        boolean first = true;
        for (int i = 0; i <= n; i++) {
            if (i == n || s.charAt(i) == '-') {
                int len = i - start;
                if (len < 1 || len > 8) {
                    return false;
                }
                if (first) {
                    for (int j = start; j < i; j++) {
                        if (!isAsciiLetter(s.charAt(j))) {
                            return false;
                        }
                    }
                    if (len == 1 && !(s.charAt(start) == 'x' || s.charAt(start) == 'X' || s.charAt(start) == 'i'
                            || s.charAt(start) == 'I')) {
                        return false;
                    }
                    first = false;
                } else {
                    for (int j = start; j < i; j++) {
                        char c = s.charAt(j);
                        if (!isAsciiLetter(c) && !(c >= '0' && c <= '9')) {
                            return false;
                        }
                    }
                }
                start = i + 1;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /**
     * Checks an identifier reference and returns the index of its {@code --} separator, or -1 when the
     * value is not a well-formed identifier (reported).
     */
    int reference(String property, JsonNode v, Targets targets, Loc at) {
        if (!v.isString()) {
            error(Rule.REFERENCE_FORMAT, at, "'" + property + "' must be an identifier (type--UUID), not " + describe(v));
            return -1;
        }
        String id = v.stringValue();
        int sep = Ids.uuidSeparator(id);
        if (sep < 0) {
            error(Rule.REFERENCE_FORMAT, at, "'" + property + "' must be an identifier of the form type--UUID, not '"
                    + id + "'");
            return -1;
        }
        // The type part is only validated when it is not one the reference must have anyway.
        boolean allowed;
        if (targets.single() != null && Ids.hasType(id, sep, targets.single())) {
            allowed = true;
        } else if (Ids.typeNameProblem(id, sep) != null) {
            error(Rule.REFERENCE_FORMAT, at, "'" + property + "' must be an identifier of the form type--UUID, not '"
                    + id + "'");
            return -1;
        } else {
            allowed = targets.anyType() || targets.allows(id.substring(0, sep));
        }
        if (!Ids.isRfc4122(id, sep + 2)) {
            error(Rule.REFERENCE_FORMAT, at, "'" + property + "' holds '" + id + "' whose UUID is not RFC 4122"
                    + " (the first digit of its fourth group must be 8, 9, a or b)");
            return -1;
        }
        if (!allowed) {
            error(Rule.REFERENCE_TYPE, at, "'" + property + "' must reference " + targets.description() + ", not "
                    + id.substring(0, sep) + " (" + id + ")");
        }
        return sep;
    }

    private void list(String property, JsonNode v, VType item, Loc at) {
        if (!v.isArray()) {
            typeError(property, "a list", v, at);
            return;
        }
        int n = v.size();
        if (n == 0) {
            error(Rule.EMPTY_LIST, at, "'" + property + "' must not be an empty list; omit the property instead");
            return;
        }
        for (int i = 0; i < n; i++) {
            value(property, v.get(i), item, at.at(i));
        }
    }

    private void vocabulary(String property, JsonNode v, Vocab vocab, Loc at) {
        if (!v.isString()) {
            typeError(property, "a string", v, at);
            return;
        }
        String s = v.stringValue();
        if (vocab.contains(s)) {
            return;
        }
        if (vocab.closed()) {
            error(Rule.ENUMERATION, at, "'" + property + "' must be one of the " + vocab.name() + " values "
                    + String.join(", ", new java.util.TreeSet<>(vocab.values())) + "; '" + s + "' is not one of them");
        } else {
            warning(Rule.VOCABULARY, at, "'" + property + "' value '" + s + "' is not in the suggested vocabulary "
                    + vocab.name());
        }
    }

    private void dictionary(String property, JsonNode v, VType values, Loc at) {
        if (!v.isObject()) {
            typeError(property, "a dictionary (JSON object)", v, at);
            return;
        }
        if (v.isEmpty()) {
            error(Rule.EMPTY_DICTIONARY, at, "'" + property + "' must not be an empty dictionary; omit the property instead");
            return;
        }
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            String key = e.getKey();
            Loc k = at.child(key);
            String problem = dictionaryKeyProblem(key, 1);
            if (problem != null) {
                error(Rule.DICTIONARY_KEY, k, "key '" + key + "' of '" + property + "' " + problem);
            }
            if (values != null) {
                value(property, e.getValue(), values, k);
            }
        }
    }

    /** Dictionary keys (section 2.3): ASCII letters, digits, hyphen and underscore, at most 250 long. */
    static String dictionaryKeyProblem(String key, int minLength) {
        int n = key.length();
        if (n < minLength || n > 250) {
            return "must be " + minLength + "-250 characters long";
        }
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return "may only contain ASCII letters, digits, hyphens and underscores";
            }
        }
        return null;
    }

    /** Checks an embedded structure; returns false when the value is not even a JSON object. */
    boolean struct(String property, JsonNode v, Struct s, Loc at) {
        if (!v.isObject()) {
            typeError(property, "an object (" + s.name() + ")", v, at);
            return false;
        }
        boolean any = false;
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            VType t = s.propTable().get(e.getKey());
            if (t != null) {
                any = true;
                value(e.getKey(), e.getValue(), t, at.child(e.getKey()));
            }
        }
        for (String r : s.required()) {
            if (!v.has(r)) {
                error(s.rule(), at.child(r), "required property '" + r + "' of the " + s.name() + " is missing");
            }
        }
        if (s.atLeastOneProperty() && !any) {
            error(Rule.AT_LEAST_ONE_OF, at, "the " + s.name() + " must contain at least one of its properties "
                    + String.join(", ", new java.util.TreeSet<>(s.props().keySet())));
        }
        for (Constraint c : s.constraints()) {
            c.check(this, v, at);
        }
        return true;
    }
}
