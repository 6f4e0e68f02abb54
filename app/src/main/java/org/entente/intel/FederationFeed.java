package org.entente.intel;

import java.time.Instant;
import java.util.List;

import org.entente.sharing.SharingLabel;

/** The store's change stream as a federation peer pages through it (see {@link StixStore#federationFeed}). */
public final class FederationFeed {

    private FederationFeed() {
    }

    /**
     * One entry at a tick {@code at} of the store clock: a new version ({@code labelChange} false, one
     * body, visible to the recipient), or a change of who may see {@code id} ({@code labelChange} true:
     * the current label, or null when the object was deleted, and every current version's body, which
     * the recipient receives only if the label allows it).
     */
    public record Entry(Instant at, String id, boolean labelChange, SharingLabel label, List<String> bodies) {
        public Entry {
            bodies = List.copyOf(bodies);
        }
    }

    /**
     * @param next where the recipient resumes ({@code added_after} of its next request): the last entry's tick, or,
     *             when the page ends on label changes that do not concern the recipient and were skipped, the last
     *             of those it had to pass (only after {@value StixObjectTable#FEED_SCAN} of them in a row, so that
     *             the cursor does not tell the recipient when objects it never saw changed hands)
     */
    public record Page(List<Entry> entries, boolean more, Instant next) {
        public Page {
            entries = List.copyOf(entries);
            java.util.Objects.requireNonNull(next, "next");
        }
    }
}
