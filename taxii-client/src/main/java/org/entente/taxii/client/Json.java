package org.entente.taxii.client;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** Lenient readers for TAXII resources: unknown properties are ignored, missing ones become defaults. */
final class Json {

    private Json() {
    }

    static String text(JsonNode node, String name) {
        JsonNode v = node.path(name);
        return v.isString() ? v.asString() : v.isNumber() || v.isBoolean() ? v.asString() : null;
    }

    static boolean bool(JsonNode node, String name, boolean otherwise) {
        JsonNode v = node.path(name);
        return v.isBoolean() ? v.asBoolean() : otherwise;
    }

    static long number(JsonNode node, String name, long otherwise) {
        JsonNode v = node.path(name);
        return v.isNumber() ? v.asLong() : v.isString() ? parseLong(v.asString(), otherwise) : otherwise;
    }

    static List<String> texts(JsonNode node, String name) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : node.path(name)) {
            if (v.isString()) {
                out.add(v.asString());
            }
        }
        return List.copyOf(out);
    }

    private static long parseLong(String s, long otherwise) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
