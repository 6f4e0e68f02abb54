package org.entente.stix.validation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * The JSON Canonicalization Scheme of RFC 8785, which STIX uses to name the ID contributing properties
 * of a cyber-observable (section 2.9): object members sorted by the UTF-16 code units of their names,
 * no insignificant white space, strings escaped as ECMAScript's {@code JSON.stringify} does and numbers
 * serialized as ECMAScript's {@code Number.prototype.toString} serializes IEEE 754 doubles.
 */
public final class Jcs {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final BigInteger MAX_SAFE = BigInteger.valueOf(1L << 53);
    private static final MathContext ONE_DIGIT = new MathContext(1, RoundingMode.HALF_EVEN);

    private Jcs() {
    }

    /** The canonical serialization of {@code node}. */
    public static String canonicalize(JsonNode node) {
        StringBuilder sb = new StringBuilder(64);
        write(node, sb);
        return sb.toString();
    }

    static void write(JsonNode node, StringBuilder sb) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
            // String.compareTo compares UTF-16 code units, exactly the order RFC 8785 section 3.2.3 asks for.
            members.sort(Map.Entry.comparingByKey());
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> m : members) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                string(m.getKey(), sb);
                sb.append(':');
                write(m.getValue(), sb);
            }
            sb.append('}');
        } else if (node.isArray()) {
            sb.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(node.get(i), sb);
            }
            sb.append(']');
        } else if (node.isString()) {
            string(node.stringValue(), sb);
        } else if (node.isNumber()) {
            number(node, sb);
        } else if (node.isBoolean()) {
            sb.append(node.booleanValue() ? "true" : "false");
        } else {
            sb.append("null");
        }
    }

    private static void number(JsonNode node, StringBuilder sb) {
        if (node.isIntegralNumber()) {
            BigInteger v = node.bigIntegerValue();
            if (v.abs().compareTo(MAX_SAFE) <= 0) {
                sb.append(v.toString());
                return;
            }
            sb.append(number(v.doubleValue()));
            return;
        }
        sb.append(number(node.doubleValue()));
    }

    /** ECMAScript Number::toString of a finite double (ECMA-262 section 7.1.12.1). */
    static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("JSON cannot represent " + d);
        }
        if (d == 0) {
            return "0"; // also -0
        }
        StringBuilder out = new StringBuilder(24);
        if (d < 0) {
            out.append('-');
            d = -d;
        }
        // Since JDK 19 Double.toString yields the shortest decimal that rounds to d, as ECMAScript requires.
        String s = Double.toString(d);
        int e = s.indexOf('E');
        String mantissa = e < 0 ? s : s.substring(0, e);
        int exponent = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
        int dot = mantissa.indexOf('.');
        String digits = dot < 0 ? mantissa : mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        int point = (dot < 0 ? mantissa.length() : dot) + exponent; // value = 0.digits * 10^point
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
            lead++;
        }
        digits = digits.substring(lead);
        point -= lead;
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        digits = digits.substring(0, end);
        if (digits.length() == 2) {
            // Java prints at least two significant digits (4.9E-324); ECMAScript wants the shortest
            // decimal that rounds to d (5e-324) when a single digit is enough.
            BigDecimal one = new BigDecimal(new BigInteger(digits), 2 - point).round(ONE_DIGIT);
            if (one.doubleValue() == d) {
                digits = one.unscaledValue().toString();
                point = digits.length() - one.scale();
                end = digits.length();
                while (end > 1 && digits.charAt(end - 1) == '0') {
                    end--;
                }
                digits = digits.substring(0, end);
            }
        }
        int k = digits.length();
        int n = point;
        if (k <= n && n <= 21) {
            out.append(digits);
            for (int i = 0; i < n - k; i++) {
                out.append('0');
            }
        } else if (0 < n && n <= 21) {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.");
            for (int i = 0; i < -n; i++) {
                out.append('0');
            }
            out.append(digits);
        } else {
            int exp = n - 1;
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            out.append('e').append(exp < 0 ? '-' : '+').append(Math.abs(exp));
        }
        return out.toString();
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
