package org.entente.stix.validation;

import java.util.Map;

import org.entente.stix.ObjectKind;
import org.entente.stix.validation.TypeSpec.Prop;

import tools.jackson.databind.JsonNode;

/**
 * Applies a {@link TypeSpec} to an object: one pass over its properties (value types, properties not
 * applicable to its kind, reserved and malformed names), then required properties and the cross-property
 * constraints of its type (chapters 3 to 7 of the specification).
 */
final class TypeRules {

    private TypeRules() {
    }

    static void check(Check c) {
        JsonNode o = c.root;
        TypeSpec spec = c.spec;
        NameTable<Prop> props = spec.propTable();
        boolean anySpecific = false;
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            String name = e.getKey();
            JsonNode value = e.getValue();
            // NUL characters are looked for here, while the value is in the cache anyway.
            if (name.indexOf('\0') >= 0 || CommonRules.containsNul(value)) {
                CommonRules.reportNul(name, value, c.findings);
            }
            Prop p = props.get(name);
            if (p == null) {
                // A custom property: only its name is checked (sections 3.1 and 11.1).
                String problem = Ids.propertyNameProblem(name);
                if (problem != null) {
                    c.error(Rule.PROPERTY_NAME, Loc.ROOT.child(name), "property name '" + name + "' " + problem);
                }
                continue;
            }
            switch (p.presence()) {
                case NOT_APPLICABLE -> c.error(Rule.NOT_ALLOWED_PROPERTY, Loc.ROOT.child(name), "'" + name
                        + "' is not applicable to " + plural(c.kind) + " (section 3.2) and must not be present");
                case RESERVED -> c.error(Rule.RESERVED_PROPERTY, Loc.ROOT.child(name), "'" + name
                        + "' is a reserved property name (section 3.8) and must not be used");
                default -> {
                    anySpecific |= p.ownProperty();
                    c.value(name, value, p.type(), Loc.ROOT.child(name));
                }
            }
        }
        for (String r : spec.required()) {
            if (!o.has(r)) {
                c.error(Rule.REQUIRED_PROPERTY, Loc.ROOT.child(r), "required property '" + r + "' is missing"
                        + (spec.type() != null ? " from the " + spec.type() : ""));
            }
        }
        if (spec.atLeastOneSpecificProperty() && !anySpecific && !o.has("extensions")) {
            c.error(Rule.AT_LEAST_ONE_OF, Loc.ROOT, "a " + spec.type() + " must contain at least one property"
                    + " specific to " + spec.type() + " (or an extension)");
        }
        for (Constraint k : spec.constraints()) {
            k.check(c, o, Loc.ROOT);
        }
    }

    static String plural(ObjectKind kind) {
        return switch (kind) {
            case DOMAIN -> "SDOs";
            case RELATIONSHIP -> "SROs";
            case OBSERVABLE -> "SCOs";
            case MARKING_DEFINITION -> "marking definitions";
            case LANGUAGE_CONTENT -> "language content objects";
            case EXTENSION_DEFINITION -> "extension definitions";
            case CUSTOM -> "custom objects";
        };
    }
}
