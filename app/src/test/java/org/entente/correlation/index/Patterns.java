package org.entente.correlation.index;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.entente.stix.StixJson;
import org.entente.stix.pattern.ComparisonExpression;
import org.entente.stix.pattern.ComparisonOperator;
import org.entente.stix.pattern.Constant;
import org.entente.stix.pattern.ObjectPath;
import org.entente.stix.pattern.ObjectPath.Step;
import org.entente.stix.pattern.Observation;
import org.entente.stix.pattern.ObservationExpression;
import org.entente.stix.pattern.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Builds pattern trees and observations by hand for the index's tests (no parser needed). */
final class Patterns {

    private Patterns() {
    }

    /** {@code type:a.'b-c'[*].d[0]}. */
    static ObjectPath path(String text) {
        int colon = text.indexOf(':');
        String type = text.substring(0, colon);
        List<Step> steps = new ArrayList<>();
        int i = colon + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '[') {
                int close = text.indexOf(']', i);
                String in = text.substring(i + 1, close);
                steps.add(in.equals("*") ? new Step.AnyIndex() : new Step.Index(Integer.parseInt(in)));
                i = close + 1;
            } else if (c == '\'') {
                int close = text.indexOf('\'', i + 1);
                steps.add(new Step.Property(text.substring(i + 1, close)));
                i = close + 1;
            } else {
                int j = i;
                while (j < text.length() && text.charAt(j) != '.' && text.charAt(j) != '[') {
                    j++;
                }
                steps.add(new Step.Property(text.substring(i, j)));
                i = j;
            }
        }
        return new ObjectPath(type, steps);
    }

    static Constant str(String s) {
        return new Constant.StringConstant(s);
    }

    static Constant set(String... values) {
        return new Constant.SetConstant(Arrays.stream(values).map(Patterns::str).toList());
    }

    static ComparisonExpression.Comparison cmp(String path, ComparisonOperator op, Constant value) {
        return new ComparisonExpression.Comparison(path(path), false, op, value);
    }

    static ComparisonExpression.Comparison not(String path, ComparisonOperator op, Constant value) {
        return new ComparisonExpression.Comparison(path(path), true, op, value);
    }

    static ComparisonExpression.Comparison eq(String path, String value) {
        return cmp(path, ComparisonOperator.EQ, str(value));
    }

    static ComparisonExpression and(ComparisonExpression... c) {
        return new ComparisonExpression.And(List.of(c));
    }

    static ComparisonExpression or(ComparisonExpression... c) {
        return new ComparisonExpression.Or(List.of(c));
    }

    static ObservationExpression obs(ComparisonExpression c) {
        return new ObservationExpression.Observation(c);
    }

    static Pattern pattern(ComparisonExpression c) {
        return new Pattern(obs(c));
    }

    static Pattern pattern(ObservationExpression e) {
        return new Pattern(e);
    }

    /** {@code {"type": type, "k": v, ...}} from alternating keys and values (values may be JsonNode). */
    static ObjectNode sco(String type, Object... kv) {
        ObjectNode n = StixJson.MAPPER.createObjectNode();
        n.put("type", type);
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            switch (v) {
                case String s -> n.put((String) kv[i], s);
                case Integer x -> n.put((String) kv[i], x);
                case Long x -> n.put((String) kv[i], x);
                case JsonNode j -> n.set((String) kv[i], j);
                default -> throw new IllegalArgumentException(String.valueOf(v));
            }
        }
        return n;
    }

    static ObjectNode hashes(String... algAndValue) {
        ObjectNode n = StixJson.MAPPER.createObjectNode();
        for (int i = 0; i < algAndValue.length; i += 2) {
            n.put(algAndValue[i], algAndValue[i + 1]);
        }
        return n;
    }

    /** An observation of the given objects, each keyed by a fresh {@code type--uuid} reference. */
    static Observation observe(JsonNode... objects) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        for (JsonNode o : objects) {
            map.put(o.get("type").stringValue() + "--" + UUID.randomUUID(), o);
        }
        return observe(map);
    }

    static Observation observe(Map<String, JsonNode> objects) {
        Instant t = Instant.parse("2026-11-22T10:00:00Z");
        return new Observation("observed-data--" + UUID.randomUUID(), t, t, 1, objects);
    }
}
