package org.entente.taxii.client;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A status resource (section 4.3): the outcome of adding objects. {@code status} is {@code pending} or
 * {@code complete}; the counts are the server's.
 */
public record Status(String id, String status, String requestTimestamp, long totalCount, long successCount,
                     List<StatusDetail> successes, long failureCount, List<StatusDetail> failures, long pendingCount,
                     List<StatusDetail> pendings) {

    static Status from(JsonNode b) {
        List<StatusDetail> successes = StatusDetail.listFrom(b.path("successes"));
        List<StatusDetail> failures = StatusDetail.listFrom(b.path("failures"));
        List<StatusDetail> pendings = StatusDetail.listFrom(b.path("pendings"));
        return new Status(Json.text(b, "id"), Json.text(b, "status"), Json.text(b, "request_timestamp"),
                Json.number(b, "total_count", 0),
                Json.number(b, "success_count", successes.size()), successes,
                Json.number(b, "failure_count", failures.size()), failures,
                Json.number(b, "pending_count", pendings.size()), pendings);
    }

    public boolean isComplete() {
        return "complete".equalsIgnoreCase(status);
    }
}
