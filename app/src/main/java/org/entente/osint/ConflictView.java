package org.entente.osint;

import java.util.List;
import java.util.UUID;

/**
 * A conflict as one caller sees it: only the claims of articles they can read. It is shown only while those claims
 * still disagree (two values, and for a conflict across sources two sources); otherwise it does not exist for them.
 * It carries no time of its own: when the node first found it may predate every article the caller can read.
 */
public record ConflictView(UUID id, UUID event, String subject, String subjectName, String predicate, boolean internal,
                           List<ClaimView> claims) {

    public ConflictView {
        claims = List.copyOf(claims);
    }

    /** One claim: the value, how it was obtained, and where the article makes it. */
    public record ClaimView(UUID article, String source, String value, String comparable, String basis, String quote,
                            int start, int end) {
    }
}
