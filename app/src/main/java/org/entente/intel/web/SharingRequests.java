package org.entente.intel.web;

import org.entente.node.BadParameterException;
import java.util.List;

import org.entente.sharing.Audience;
import org.entente.sharing.AudienceRequests;
import org.entente.stix.Tlp;

/** Parsing of TLP and audience as clients send them, with errors that name the field. */
final class SharingRequests {

    private SharingRequests() {
    }

    /** Body of PUT /objects/{id}/sharing. */
    record Share(String tlp, AudienceRequest audience) {
        Share {
            if (tlp == null) {
                throw new BadParameterException("tlp", "is required: clear, green, amber, amber+strict or red");
            }
            if (audience == null) {
                throw new BadParameterException("audience", "is required, e.g. {\"kind\":\"all-members\"}");
            }
        }
    }

    record AudienceRequest(String kind, Long taskForce, List<Long> participants, List<Long> organisations) {
        Audience toAudience() {
            return audience(kind, taskForce, participants, organisations);
        }
    }

    static Tlp tlp(String value) {
        return Tlp.byLabel(value).orElseThrow(() ->
                new BadParameterException("tlp", "must be clear, green, amber, amber+strict or red, not '" + value + "'"));
    }

    static Audience audience(String kind, Long taskForce, List<Long> participants, List<Long> organisations) {
        return AudienceRequests.audience(kind, taskForce, participants, organisations, "audience");
    }
}
