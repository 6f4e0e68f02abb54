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

    public record Page(List<Entry> entries, boolean more) {
        public Page {
            entries = List.copyOf(entries);
        }
    }
}
