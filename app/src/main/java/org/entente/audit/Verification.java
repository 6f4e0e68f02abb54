package org.entente.audit;

import java.util.Optional;

/**
 * The result of walking the whole chain.
 *
 * @param intact         whether every entry, every link and the head anchor check out
 * @param entriesChecked how many entries were found sound, in sequence order, before the first
 *                       problem (all of them when intact)
 * @param firstProblem   the first bad entry, when not intact
 */
public record Verification(boolean intact, long entriesChecked, Optional<Problem> firstProblem) {

    public Verification {
        firstProblem = firstProblem == null ? Optional.empty() : firstProblem;
        if (intact == firstProblem.isPresent()) {
            throw new IllegalArgumentException("a verification is intact exactly when it names no problem");
        }
    }

    static Verification intact(long entries) {
        return new Verification(true, entries, Optional.empty());
    }

    static Verification broken(long entriesChecked, Problem problem) {
        return new Verification(false, entriesChecked, Optional.of(problem));
    }

    /**
     * The first bad entry.
     *
     * @param sequence the sequence number where the chain first goes wrong
     * @param kind     {@value #ALTERED}, {@value #MISSING}, {@value #REORDERED} or {@value #ANCHOR}
     * @param detail   what was found, in words
     */
    public record Problem(long sequence, String kind, String detail) {
        /** The entry's content no longer matches its hash (or was rewritten with a recomputed one). */
        public static final String ALTERED = "altered";
        /** Entries were removed: a gap in the sequence, the first ones, or the newest ones. */
        public static final String MISSING = "missing";
        /** The entry is genuine but sits at another entry's place (rows or sequence numbers swapped). */
        public static final String REORDERED = "reordered";
        /** The head anchor is missing or unreadable, so removal of the newest entries cannot be ruled out. */
        public static final String ANCHOR = "anchor";
    }
}
