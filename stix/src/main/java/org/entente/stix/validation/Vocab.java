package org.entente.stix.validation;

import java.util.Set;

/**
 * A STIX vocabulary (section 2.14, open: other values are allowed but reported) or enumeration
 * (section 2.4, closed: other values are errors).
 */
record Vocab(String name, boolean closed, Set<String> values) {

    boolean contains(String value) {
        return values.contains(value);
    }
}
