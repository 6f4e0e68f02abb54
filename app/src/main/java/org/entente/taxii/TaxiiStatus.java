package org.entente.taxii;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** TAXII 2.1 status resource (section 4.3.1): what became of each object of one POST. */
public record TaxiiStatus(UUID id, String status, Instant requestTimestamp, int totalCount, int successCount,
                          int failureCount, int pendingCount, List<Detail> successes, List<Detail> failures,
                          List<Detail> pendings) {

    /** status-details: an object's id and version, with a message for failures. */
    public record Detail(String id, String version, String message) {
    }
}
