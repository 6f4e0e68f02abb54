package org.entente.correlation;

import java.time.Instant;

import org.entente.sharing.SharingLabel;

/** What correlation announces (kind "alert", "sighting" or "intel"), labelled for delivery. */
public record CorrelationNotice(String kind, String subjectId, String subjectType, SharingLabel label, String payloadJson,
                                Instant at) {
}
