package org.entente.correlation;

import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

import org.entente.stix.StixJson;
import org.entente.stix.StixTimestamp;
import org.entente.stix.pattern.Observation;

import tools.jackson.databind.node.ObjectNode;

/** The STIX objects correlation writes: sightings (section 5.2) and the identity of the organisation that sighted. */
final class Sightings {

    /** Fixed, so that the identity of an organisation is one version however often it sights something. */
    private static final String IDENTITY_VERSION = "2020-01-01T00:00:00.000Z";

    private Sightings() {
    }

    /**
     * The identity standing for an organisation in {@code where_sighted_refs} and {@code created_by_ref}:
     * its id derives from the participant's and the organisation's names, so it is the same on every node.
     */
    static ObjectNode organisationIdentity(String participantName, String organisationName) {
        ObjectNode identity = StixJson.MAPPER.createObjectNode();
        String key = StixJson.MAPPER.createObjectNode().put("entente-organisation", participantName + "/" + organisationName)
                .toString();
        identity.put("type", "identity");
        identity.put("spec_version", "2.1");
        identity.put("id", "identity--" + ObservedValue.uuid5(key));
        identity.put("created", IDENTITY_VERSION);
        identity.put("modified", IDENTITY_VERSION);
        identity.put("name", organisationName);
        identity.put("identity_class", "organization");
        return identity;
    }

    /** A sighting of {@code indicatorId} in the given observations, by {@code identityId} (may be null). */
    static ObjectNode sighting(String indicatorId, Collection<Observation> observed, String identityId, Instant now) {
        ObjectNode s = StixJson.MAPPER.createObjectNode();
        String created = StixTimestamp.of(now).text();
        s.put("type", "sighting");
        s.put("spec_version", "2.1");
        s.put("id", "sighting--" + UUID.randomUUID());
        s.put("created", created);
        s.put("modified", created);
        if (identityId != null) {
            s.put("created_by_ref", identityId);
        }
        Instant first = observed.stream().map(Observation::firstObserved).min(Instant::compareTo).orElse(now);
        Instant last = observed.stream().map(Observation::lastObserved).max(Instant::compareTo).orElse(now);
        s.put("first_seen", StixTimestamp.of(first).text());
        s.put("last_seen", StixTimestamp.of(last).text());
        s.put("count", (int) Math.min(999_999_999L, observed.stream().mapToLong(Observation::numberObserved).sum()));
        s.put("sighting_of_ref", indicatorId);
        var refs = s.putArray("observed_data_refs");
        observed.stream().map(Observation::id).filter(id -> id.startsWith("observed-data--")).distinct().forEach(refs::add);
        if (refs.isEmpty()) {
            s.remove("observed_data_refs");
        }
        if (identityId != null) {
            s.putArray("where_sighted_refs").add(identityId);
        }
        return s;
    }
}
