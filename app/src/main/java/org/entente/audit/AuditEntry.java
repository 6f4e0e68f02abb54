package org.entente.audit;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * One entry as stored. {@code action} is text, not {@link AuditAction}: a listing shows what the
 * table holds, even if it was tampered with.
 *
 * @param prevHash hex SHA-256 of the previous entry (64 zeros for the first)
 * @param hash     hex SHA-256 of this entry (see docs/AUDIT.md for what it covers)
 */
public record AuditEntry(long sequence, Instant at, String actor, String action, String subject, JsonNode details,
                         String prevHash, String hash) {
}
