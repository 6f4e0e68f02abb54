package org.entente.stix.pattern;

import java.util.List;

/**
 * The outcome of {@link PatternMatcher#match}: whether the pattern matched, and the ids of the
 * observations one satisfying assignment used, in the order they were given (empty when it did not match).
 */
public record MatchResult(boolean matched, List<String> observationIds) {

    private static final MatchResult NONE = new MatchResult(false, List.of());

    public MatchResult {
        observationIds = List.copyOf(observationIds);
        if (!matched && !observationIds.isEmpty()) {
            throw new IllegalArgumentException("a failed match uses no observations");
        }
    }

    public static MatchResult noMatch() {
        return NONE;
    }
}
