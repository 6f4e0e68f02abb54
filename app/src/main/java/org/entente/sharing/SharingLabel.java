package org.entente.sharing;

import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.stix.Tlp;

/** What every stored version carries: who owns it, its TLP and its audience. */
public record SharingLabel(OrganisationId owner, ParticipantId ownerParticipant, Tlp tlp, Audience audience) {

    public SharingLabel {
        if (owner == null || ownerParticipant == null || tlp == null || audience == null) {
            throw new IllegalArgumentException("owner, owner participant, TLP and audience are all required");
        }
    }
}
