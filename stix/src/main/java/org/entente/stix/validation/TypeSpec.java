package org.entente.stix.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.entente.stix.ObjectKind;

/**
 * Everything the validator knows about one object type: every property it defines (its own and the
 * common ones of its kind) with value type and presence, the cross-property constraints, the predefined
 * extensions it accepts and, for cyber-observables, the ID contributing properties (section 3.4).
 *
 * @param type the type name, or null for the stand-in used for custom types
 * @param idContributing for SCOs the ID contributing properties (empty: a UUIDv4 must be used); null for
 *        other kinds
 */
record TypeSpec(String type, ObjectKind kind, Map<String, Prop> props, NameTable<Prop> propTable,
        List<String> required, List<Constraint> constraints, List<String> idContributing,
        Map<String, Struct> extensions, boolean atLeastOneSpecificProperty) {

    enum Presence {
        REQUIRED, OPTIONAL, NOT_APPLICABLE, RESERVED
    }

    /** One property of a type. {@code ownProperty} distinguishes type-specific from common properties. */
    record Prop(VType type, Presence presence, boolean ownProperty) {
    }

    static Builder builder(String type, ObjectKind kind) {
        return new Builder(type, kind);
    }

    static final class Builder {
        private final String type;
        private final ObjectKind kind;
        private final Map<String, Prop> own = new LinkedHashMap<>();
        private final List<Constraint> constraints = new ArrayList<>();
        private final Map<String, Struct> extensions = new HashMap<>();
        private List<String> idContributing;
        private boolean atLeastOne;

        private Builder(String type, ObjectKind kind) {
            this.type = type;
            this.kind = kind;
        }

        Builder req(String property, VType t) {
            own.put(property, new Prop(t, Presence.REQUIRED, true));
            return this;
        }

        Builder opt(String property, VType t) {
            own.put(property, new Prop(t, Presence.OPTIONAL, true));
            return this;
        }

        /** A property the type reserves for future use (e.g. course-of-action's action). */
        Builder reserved(String property) {
            own.put(property, new Prop(VType.ANY, Presence.RESERVED, true));
            return this;
        }

        Builder check(Constraint c) {
            constraints.add(c);
            return this;
        }

        Builder extension(String name, Struct struct) {
            extensions.put(name, struct);
            return this;
        }

        Builder idContributing(String... properties) {
            idContributing = List.of(properties);
            return this;
        }

        /** "MUST contain at least one property (other than type) from this object (or its extensions)." */
        Builder atLeastOneSpecificProperty() {
            atLeastOne = true;
            return this;
        }

        TypeSpec build() {
            Map<String, Prop> all = new LinkedHashMap<>(CommonRules.commonProperties(kind));
            all.putAll(own);
            List<String> required = new ArrayList<>();
            for (Map.Entry<String, Prop> e : all.entrySet()) {
                if (e.getValue().presence() == Presence.REQUIRED) {
                    required.add(e.getKey());
                }
            }
            List<Constraint> checks = new ArrayList<>(CommonRules.commonConstraints(kind));
            checks.addAll(constraints);
            return new TypeSpec(type, kind, Map.copyOf(all), new NameTable<>(all), List.copyOf(required),
                    List.copyOf(checks), idContributing, Map.copyOf(extensions), atLeastOne);
        }
    }
}
