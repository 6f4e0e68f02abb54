/**
 * The tamper-evident audit log: an append-only, hash-chained record of releases, disclosures,
 * permission changes, logins and refusals. {@link org.entente.audit.AuditLog} is the module's API
 * ({@code record} to append, {@code verify} to walk the chain); the SQL, the hashing and the head
 * anchor stay package-private. See docs/AUDIT.md.
 */
package org.entente.audit;
