package org.entente.stix.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.entente.stix.StixJson;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A strict textual form of a JSON tree for equality checks: property order is normalised (sorted), and
 * everything else is exact. Unlike {@code JsonNode.equals}, numbers compare by their text, so {@code 1.10}
 * differs from {@code 1.1} and {@code 1} from {@code 1.0}; strings such as timestamps compare verbatim.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    public static String of(JsonNode node) {
        return StixJson.MAPPER.writeValueAsString(sorted(node));
    }

    private static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(object.properties());
            entries.sort(Map.Entry.comparingByKey());
            ObjectNode out = StixJson.MAPPER.createObjectNode();
            entries.forEach(e -> out.set(e.getKey(), sorted(e.getValue())));
            return out;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode out = StixJson.MAPPER.createArrayNode();
            array.forEach(e -> out.add(sorted(e)));
            return out;
        }
        return node;
    }
}
