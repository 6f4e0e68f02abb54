package org.entente.stix.validation;

import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Data markings (section 7.2): marking-definition objects, the TLP markings whose identifiers are fixed,
 * and granular markings with their selectors.
 */
final class Markings {

    private Markings() {
    }

    /** The four TLP 1.0 marking definitions of section 7.2.1.4, by id: the only ones permitted. */
    static final Map<String, String> TLP1_LEVEL_BY_ID = Map.of(
            "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", "white",
            "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", "green",
            "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", "amber",
            "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", "red");

    /** The TLP 2.0 extension of the OASIS CTI TC (cti-stix-common-objects). */
    static final String TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

    /** The five TLP 2.0 marking definitions published with that extension, by id. */
    static final Map<String, String> TLP2_LEVEL_BY_ID = Map.of(
            "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", "clear",
            "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", "green",
            "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", "amber",
            "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", "amber+strict",
            "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", "red");

    static final Set<String> TLP2_LEVELS = Set.of("clear", "green", "amber", "amber+strict", "red");

    /** definition_type: "SHOULD be one of the types defined in the subsections below". */
    static final Vocab DEFINITION_TYPE = new Vocab("marking definition types (section 7.2.1)", false,
            Set.of("statement", "tlp"));

    static final Struct STATEMENT = Struct.builder("statement marking", Rule.MARKING)
            .req("statement", VType.STRING)
            .build();

    static final Struct TLP = Struct.builder("TLP marking", Rule.MARKING)
            .req("tlp", VType.STRING)
            .build();

    static final Struct GRANULAR_MARKING = Struct.builder("granular marking", Rule.GRANULAR_MARKING)
            .opt("lang", VType.LANGUAGE_TAG)
            .opt("marking_ref", VType.ref("marking-definition"))
            .req("selectors", VType.list(VType.STRING))
            .check(Constraints.exactlyOne(Rule.GRANULAR_MARKING, "marking_ref", "lang"))
            .check(Markings::selectors)
            .build();

    /** The definition of a marking-definition: a marking object, checked by {@link #markingDefinition}. */
    static final VType DEFINITION = VType.special((c, p, v, at) -> {
        if (!v.isObject()) {
            c.typeError(p, "a marking object (JSON object)", v, at);
        }
    });

    // ---------------------------------------------------------------- granular markings

    static void granularMarkings(Check c, String property, JsonNode v, Loc at) {
        if (!v.isArray()) {
            c.typeError(property, "a list of granular markings", v, at);
            return;
        }
        if (v.isEmpty()) {
            c.error(Rule.EMPTY_LIST, at, "'" + property + "' must not be an empty list; omit the property instead");
            return;
        }
        String self = selfId(c);
        for (int i = 0; i < v.size(); i++) {
            JsonNode marking = v.get(i);
            Loc m = at.at(i);
            if (c.struct(property, marking, GRANULAR_MARKING, m) && self != null) {
                JsonNode ref = marking.get("marking_ref");
                if (ref != null && ref.isString() && ref.stringValue().equals(self)) {
                    c.error(Rule.GRANULAR_MARKING, m.child("marking_ref"),
                            "a marking definition must not mark itself (circular reference)");
                }
            }
        }
    }

    private static String selfId(Check c) {
        if (!"marking-definition".equals(c.type)) {
            return null;
        }
        JsonNode id = c.root.get("id");
        return id != null && id.isString() ? id.stringValue() : null;
    }

    /** Selectors must be well-formed and select content present in the object (section 7.2.3). */
    private static void selectors(Check c, JsonNode marking, Loc at) {
        JsonNode selectors = marking.get("selectors");
        if (selectors == null || !selectors.isArray()) {
            return;
        }
        for (int i = 0; i < selectors.size(); i++) {
            JsonNode s = selectors.get(i);
            if (s.isString()) {
                String problem = selectorProblem(c.root, s.stringValue());
                if (problem != null) {
                    c.error(Rule.GRANULAR_MARKING, at.child("selectors").at(i),
                            "selector '" + s.stringValue() + "' " + problem);
                }
            }
        }
    }

    /** Why {@code selector} does not select content of {@code root}, or null when it does. */
    static String selectorProblem(JsonNode root, String selector) {
        if (selector.isEmpty()) {
            return "is empty";
        }
        JsonNode cur = root;
        int start = 0;
        int n = selector.length();
        for (int i = 0; i <= n; i++) {
            if (i < n && selector.charAt(i) != '.') {
                continue;
            }
            String component = selector.substring(start, i);
            start = i + 1;
            if (component.isEmpty()) {
                return "has an empty component; components are separated by single dots";
            }
            if (component.charAt(0) == '[') {
                int index = listIndex(component);
                if (index < 0) {
                    return "has the malformed component '" + component + "'; a list index is written [n]";
                }
                if (!cur.isArray()) {
                    return "uses the list index " + component + " on content that is not a list";
                }
                if (index >= cur.size()) {
                    return "refers to list item " + component + " which is not present";
                }
                cur = cur.get(index);
            } else {
                if (!cur.isObject()) {
                    return "uses the property name '" + component + "' on content that is not an object";
                }
                JsonNode next = cur.get(component);
                if (next == null) {
                    return "refers to property '" + component + "' which is not present";
                }
                cur = next;
            }
        }
        return null;
    }

    private static int listIndex(String component) {
        int n = component.length();
        if (n < 3 || component.charAt(n - 1) != ']' || n > 12) {
            return -1;
        }
        int v = 0;
        for (int i = 1; i < n - 1; i++) {
            char ch = component.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    // ---------------------------------------------------------------- marking-definition

    /** The rules of section 7.2.1 that span several properties of a marking-definition. */
    static void markingDefinition(Check c, JsonNode o, Loc at) {
        JsonNode idNode = o.get("id");
        String id = idNode != null && idNode.isString() ? idNode.stringValue() : "";
        JsonNode extensions = o.get("extensions");
        JsonNode definitionType = o.get("definition_type");
        JsonNode definition = o.get("definition");
        if (extensions == null) {
            if (definitionType == null) {
                c.error(Rule.REQUIRED_PROPERTY, at.child("definition_type"),
                        "required property 'definition_type' is missing (required when 'extensions' is absent)");
            }
            if (definition == null) {
                c.error(Rule.REQUIRED_PROPERTY, at.child("definition"),
                        "required property 'definition' is missing (required when 'extensions' is absent)");
            }
        }
        if (definition != null && definitionType == null && extensions != null) {
            c.error(Rule.PROPERTY_DEPENDENCY, at.child("definition"), "'definition' requires 'definition_type'");
        }
        String type = definitionType != null && definitionType.isString() ? definitionType.stringValue() : null;
        if (type != null && definition != null && definition.isObject()) {
            if (type.equals("statement")) {
                c.struct("definition", definition, STATEMENT, at.child("definition"));
            } else if (type.equals("tlp")) {
                c.struct("definition", definition, TLP, at.child("definition"));
            }
        }
        String tlp1 = TLP1_LEVEL_BY_ID.get(id);
        if ("tlp".equals(type)) {
            JsonNode level = definition != null && definition.isObject() ? definition.get("tlp") : null;
            if (tlp1 == null) {
                c.error(Rule.MARKING, at.child("id"), "only the four standard TLP marking definitions of section 7.2.1.4"
                        + " may use definition_type 'tlp'; reference the standard TLP:" + (level != null && level
                        .isString() ? level.stringValue().toUpperCase(java.util.Locale.ROOT) : "…")
                        + " marking-definition instead of creating another");
            } else if (level != null && level.isString() && !level.stringValue().equals(tlp1)) {
                c.error(Rule.MARKING, at.child("definition").child("tlp"), id + " is the standard TLP:"
                        + tlp1.toUpperCase(java.util.Locale.ROOT) + " marking; its tlp must be '" + tlp1 + "', not '"
                        + level.stringValue() + "'");
            }
        } else if (tlp1 != null) {
            c.error(Rule.MARKING, at.child("definition_type"), id + " is the standard TLP:"
                    + tlp1.toUpperCase(java.util.Locale.ROOT) + " marking; it must have definition_type 'tlp' and"
                    + " definition {\"tlp\": \"" + tlp1 + "\"}");
        }
        tlp2(c, id, extensions, at);
        JsonNode markingRefs = o.get("object_marking_refs");
        if (markingRefs != null && markingRefs.isArray()) {
            for (int i = 0; i < markingRefs.size(); i++) {
                JsonNode r = markingRefs.get(i);
                if (r.isString() && r.stringValue().equals(id)) {
                    c.error(Rule.MARKING, at.child("object_marking_refs").at(i),
                            "a marking definition must not mark itself (circular reference)");
                }
            }
        }
    }

    private static void tlp2(Check c, String id, JsonNode extensions, Loc at) {
        String expected = TLP2_LEVEL_BY_ID.get(id);
        JsonNode ext = extensions != null && extensions.isObject() ? extensions.get(TLP2_EXTENSION) : null;
        if (ext == null) {
            if (expected != null) {
                c.error(Rule.MARKING, at.child("extensions"), id + " is the TLP 2.0 " + expected.toUpperCase(
                        java.util.Locale.ROOT) + " marking; it must carry the TLP 2.0 extension " + TLP2_EXTENSION);
            }
            return;
        }
        if (!ext.isObject()) {
            return;
        }
        Loc levelAt = at.child("extensions").child(TLP2_EXTENSION).child("tlp_2_0");
        JsonNode level = ext.get("tlp_2_0");
        if (level == null) {
            c.error(Rule.MARKING, levelAt, "the TLP 2.0 extension requires 'tlp_2_0'");
        } else if (!level.isString() || !TLP2_LEVELS.contains(level.stringValue())) {
            c.error(Rule.MARKING, levelAt, "'tlp_2_0' must be one of clear, green, amber, amber+strict, red, not "
                    + (level.isString() ? "'" + level.stringValue() + "'" : Check.describe(level)));
        } else if (expected != null && !expected.equals(level.stringValue())) {
            c.error(Rule.MARKING, levelAt, id + " is the TLP 2.0 " + expected.toUpperCase(java.util.Locale.ROOT)
                    + " marking; its tlp_2_0 must be '" + expected + "', not '" + level.stringValue() + "'");
        }
    }
}
