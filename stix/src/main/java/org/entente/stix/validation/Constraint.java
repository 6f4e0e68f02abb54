package org.entente.stix.validation;

import tools.jackson.databind.JsonNode;

/** A rule over several properties of one object or embedded structure (co-occurrence, order, ...). */
@FunctionalInterface
interface Constraint {

    /** {@code object} is the JSON object the constraint applies to, found at {@code at}. */
    void check(Check c, JsonNode object, Loc at);
}
