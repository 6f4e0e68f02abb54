package org.entente.correlation.index;

import org.entente.stix.StixId;

/**
 * An index hit that was dropped because the observed value is known benign.
 *
 * @param indicatorId the indicator the value would have matched
 * @param objectType  the type of the observed object holding the value
 * @param value       the observed value
 * @param list        the warninglist that holds it
 * @param reason      the list's reason, to show the analyst
 */
public record WarninglistHit(StixId indicatorId, String objectType, String value, String list, String reason) {
}
