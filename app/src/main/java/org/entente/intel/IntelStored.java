package org.entente.intel;

import java.util.List;

import org.entente.community.Caller;

/**
 * Versions were committed to the store: new objects or versions (by an import, whatever its channel:
 * API, CLI, TAXII), or new labels (a share). Published after the commit, once per batch, in commit
 * order. {@code actor} is who stored them; {@code relabel} is true for a change of label only (the
 * bodies were stored before).
 */
public record IntelStored(Caller actor, List<StoredVersion> versions, boolean relabel) {

    public IntelStored {
        versions = List.copyOf(versions);
    }
}
