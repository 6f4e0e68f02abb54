package org.entente.osint;

import java.util.List;
import java.util.UUID;

/** What became of an uploaded page. */
public sealed interface IngestResult {

    /**
     * A new article: its report, the event it joined (or started) and the conflicts it is part of that the uploader
     * can see in full (see {@link Osint#conflicts}).
     */
    record Created(UUID article, String report, UUID event, int entities, List<ConflictView> newConflicts)
            implements IngestResult {
        public Created {
            newConflicts = List.copyOf(newConflicts);
        }
    }

    /** A near-duplicate of an article the uploader can see: linked to it, not stored as new intelligence. */
    record Duplicate(UUID article, UUID duplicateOf, double containment) implements IngestResult {
    }
}
