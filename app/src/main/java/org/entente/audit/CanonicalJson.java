package org.entente.audit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one text form of an entry's details that is hashed, stored and recomputed. Stable through a
 * round trip via PostgreSQL's jsonb (which reorders keys, drops whitespace and keeps numbers as
 * numeric), so the hash computed at append time is the hash recomputed from the table:
 *
 * <ul>
 *   <li>object keys sorted by UTF-16 code units (as RFC 8785), no whitespace;</li>
 *   <li>numbers by value, in plain decimal without exponent or trailing zeros ({@code 1.50} and
 *       {@code 15e-1} are both {@code 1.5}; {@code 1.0} is {@code 1}); non-finite doubles become strings;</li>
 *   <li>strings escaped minimally ({@code "}, {@code \}, and control characters as {@code \n},
 *       {@code \t}, ... or {@code \}{@code u00XX}); NUL and unpaired surrogates, which jsonb cannot hold, become U+FFFD.</li>
 * </ul>
 */
final class CanonicalJson {

    /** Reads stored details exactly: decimals as BigDecimal, never through a double. */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private CanonicalJson() {
    }

    /** Canonical text of an event's details (an empty map is {@code {}}). */
    static String ofDetails(Map<String, Object> details) {
        return of(MAPPER.valueToTree(details == null ? Map.of() : details));
    }

    /** Canonical text of details as the table returns them ({@code details::text}). */
    static String ofStored(String json) {
        return of(MAPPER.readTree(json));
    }

    static String of(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode n, StringBuilder out) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            out.append("null");
        } else if (n.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(n.properties());
            fields.sort(Map.Entry.comparingByKey());
            out.append('{');
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(fields.get(i).getKey(), out);
                out.append(':');
                write(fields.get(i).getValue(), out);
            }
            out.append('}');
        } else if (n.isArray()) {
            out.append('[');
            int i = 0;
            for (JsonNode v : n.values()) {
                if (i++ > 0) {
                    out.append(',');
                }
                write(v, out);
            }
            out.append(']');
        } else if (n.isBoolean()) {
            out.append(n.booleanValue());
        } else if (n.isNumber()) {
            number(n, out);
        } else if (n.isString()) {
            string(n.stringValue(), out);
        } else {
            string(n.asString(), out); // binary (base64) or an opaque POJO: its text form
        }
    }

    private static void number(JsonNode n, StringBuilder out) {
        if (n.isIntegralNumber()) {
            out.append(n.bigIntegerValue());
            return;
        }
        if ((n.isDouble() || n.isFloat()) && !Double.isFinite(n.doubleValue())) {
            string(Double.toString(n.doubleValue()), out); // JSON has no NaN or Infinity
            return;
        }
        BigDecimal d = n.decimalValue().stripTrailingZeros();
        out.append(d.signum() == 0 ? "0" : d.toPlainString());
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\0' -> out.append('\uFFFD');
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** The same replacement for plain text columns (actor, subject), which PostgreSQL cannot store with NUL. */
    static String text(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = c == '\0' || Character.isSurrogate(c)
                    && !(Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
                    && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)));
            if (bad && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null) {
                out.append(bad ? '\uFFFD' : c);
            }
        }
        return out == null ? s : out.toString();
    }
}
