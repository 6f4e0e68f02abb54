package org.entente.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Something to put on the record.
 *
 * @param actor   who did it (a username, a participant id, "system"); may be null when unknown
 * @param action  what kind of event; required
 * @param subject what it was done to (a STIX id, a username, a token label); may be null
 * @param details anything else worth keeping, as JSON (values are converted with Jackson: strings,
 *                numbers, booleans, lists, maps, records, java.time values); null means none
 */
public record AuditEvent(String actor, AuditAction action, String subject, Map<String, Object> details) {

    public AuditEvent {
        Objects.requireNonNull(action, "action");
        // A copy (keeping nulls, which Map.copyOf refuses) so the caller cannot change it afterwards.
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public AuditEvent(String actor, AuditAction action, String subject) {
        this(actor, action, subject, Map.of());
    }
}
