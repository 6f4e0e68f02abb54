package org.entente.intel;

import java.util.List;
import java.util.Optional;

/**
 * What an import did. Every object received is counted exactly once: stored (a new object or a new
 * version), already present (the same id and version was stored before, so nothing changed), or
 * rejected (with its reasons). {@code failure} is set when the input stopped being readable (e.g.
 * malformed JSON); everything counted before that point is final.
 */
public record ImportSummary(long received, long stored, long alreadyPresent, List<Rejection> rejected,
                            Optional<InputFailure> failure) {

    public ImportSummary {
        rejected = List.copyOf(rejected);
    }

    /** Where and why the input could not be read any further. */
    public record InputFailure(String message, long line, long column) {
    }
}
