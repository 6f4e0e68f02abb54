package org.entente.stix.pattern;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import tools.jackson.databind.JsonNode;

/**
 * What a pattern is matched against (section 9.2): one observed-data's window and count, and the
 * cyber-observable objects it observed keyed by their reference (an SCO id such as
 * {@code ipv4-addr--...}, or the key of the deprecated {@code objects} dictionary). References
 * between them ({@code *_ref}, {@code *_refs}) are followed within this map.
 *
 * @param id             the observed-data's id, or a synthetic id for bare SCOs and value lists
 * @param firstObserved  start of the window (inclusive)
 * @param lastObserved   end of the window (inclusive)
 * @param numberObserved how many times this was observed (counts toward {@code REPEATS})
 * @param objects        the observed objects by reference
 */
public record Observation(String id, Instant firstObserved, Instant lastObserved, int numberObserved,
                          Map<String, JsonNode> objects) {

    public Observation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(firstObserved, "firstObserved");
        Objects.requireNonNull(lastObserved, "lastObserved");
        if (lastObserved.isBefore(firstObserved)) {
            throw new IllegalArgumentException("last_observed is before first_observed");
        }
        if (numberObserved < 1) {
            throw new IllegalArgumentException("number_observed must be at least 1");
        }
        objects = Map.copyOf(objects);
    }
}
