package org.entente.stix.pattern;

import java.util.List;
import java.util.Objects;

/**
 * An object path (section 9.4.2): {@code type:property(.property | [index] | [*])*}, e.g.
 * {@code file:extensions.'windows-pebinary-ext'.sections[*].entropy}. The first step is always a
 * property; property names that are not plain identifiers were written quoted.
 */
public record ObjectPath(String objectType, List<Step> steps) {

    public ObjectPath {
        Objects.requireNonNull(objectType, "objectType");
        steps = List.copyOf(steps);
        if (steps.isEmpty() || !(steps.getFirst() instanceof Step.Property)) {
            throw new IllegalArgumentException("an object path starts with a property name");
        }
    }

    public sealed interface Step {
        /** {@code .name} (or the first {@code name}). */
        record Property(String name) implements Step {
            public Property {
                Objects.requireNonNull(name, "name");
            }
        }

        /** {@code [n]}, zero-based. */
        record Index(int index) implements Step {
            public Index {
                if (index < 0) {
                    throw new IllegalArgumentException("list index must not be negative");
                }
            }
        }

        /** {@code [*]}: any element of the list. */
        record AnyIndex() implements Step {
        }
    }
}
