package org.entente.stix.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The property table of an embedded structure (external-reference, kill-chain-phase, granular-marking,
 * a predefined extension, ...): value types, required properties and cross-property constraints.
 * Properties not in the table are accepted unchecked (custom properties).
 *
 * @param name what the structure is called in messages, e.g. "external reference"
 * @param rule the rule reported for a missing required property
 * @param atLeastOneProperty whether at least one property of the table must be present
 */
record Struct(String name, Rule rule, Map<String, VType> props, NameTable<VType> propTable,
        List<String> required, List<Constraint> constraints, boolean atLeastOneProperty) {

    static Builder builder(String name, Rule rule) {
        return new Builder(name, rule);
    }

    static final class Builder {
        private final String name;
        private final Rule rule;
        private final Map<String, VType> props = new LinkedHashMap<>();
        private final List<String> required = new ArrayList<>();
        private final List<Constraint> constraints = new ArrayList<>();
        private boolean atLeastOne;

        private Builder(String name, Rule rule) {
            this.name = name;
            this.rule = rule;
        }

        Builder req(String property, VType type) {
            props.put(property, type);
            required.add(property);
            return this;
        }

        Builder opt(String property, VType type) {
            props.put(property, type);
            return this;
        }

        Builder check(Constraint c) {
            constraints.add(c);
            return this;
        }

        /** "An object using this extension MUST contain at least one property from this extension." */
        Builder atLeastOneProperty() {
            atLeastOne = true;
            return this;
        }

        Struct build() {
            return new Struct(name, rule, Map.copyOf(props), new NameTable<>(props), List.copyOf(required),
                    List.copyOf(constraints), atLeastOne);
        }
    }
}
