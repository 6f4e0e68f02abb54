package org.entente.intel;

import java.time.Instant;
import java.util.Optional;

import org.entente.sharing.SharingLabel;

import tools.jackson.databind.JsonNode;

/**
 * One version as it was just stored (or relabelled): enough for a listener to keep an index of it
 * without reading it back. Indicator properties are filled for indicators only; {@code json} only for
 * observed-data and cyber-observables (what correlation matches), and only when the body was stored
 * (not for a relabel).
 *
 * @param id          the object's id
 * @param type        its STIX type
 * @param version     the version key (see {@code StixTimestamp.versionKey}); empty for SCOs
 * @param revoked     whether this version revokes the object
 * @param name        the object's {@code name}, if any
 * @param pattern     an indicator's {@code pattern}
 * @param patternType an indicator's {@code pattern_type}
 * @param validUntil  an indicator's {@code valid_until}
 * @param label       the version's sharing label
 * @param json        the body, for observed-data and cyber-observables; otherwise null
 */
public record StoredVersion(String id, String type, String version, boolean revoked, Optional<String> name,
                            Optional<String> pattern, Optional<String> patternType, Optional<Instant> validUntil,
                            SharingLabel label, JsonNode json) {
}
