package org.entente.correlation.index;

import java.util.List;
import java.util.Set;

import org.entente.stix.StixId;

/**
 * What {@link IndicatorIndex#candidates} found for one observation.
 *
 * @param confirmed  indicators whose whole pattern is decided by the index hit alone (checked against the
 *                   exact stored value): they match, no matcher call is needed
 * @param toVerify   indicators with an index hit whose pattern needs the full matcher, plus every indicator
 *                   the index cannot rule out (the residue: patterns without an indexable necessary term)
 * @param suppressed hits dropped because the observed value is on a warninglist (only for indicators that
 *                   are neither confirmed nor to verify through another value)
 */
public record Candidates(Set<StixId> confirmed, Set<StixId> toVerify, List<WarninglistHit> suppressed) {

    public Candidates {
        confirmed = Set.copyOf(confirmed);
        // The index's union of the residue and a few more ids is immutable already: not copied per answer.
        toVerify = toVerify instanceof IndicatorIndex.ResidueAndMore ? toVerify : Set.copyOf(toVerify);
        suppressed = List.copyOf(suppressed);
    }

    /** True if no indicator needs attention (nothing confirmed, nothing to verify). */
    public boolean isEmpty() {
        return confirmed.isEmpty() && toVerify.isEmpty();
    }
}
