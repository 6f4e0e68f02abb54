package org.entente.sharing;

import java.util.Set;

import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.TaskForceId;
import org.entente.community.Tier;

/**
 * A participant as a whole as the recipient of intelligence: what a federation peer serving that
 * participant may receive (see {@link SharingPolicy#decide(ParticipantRecipient, SharingLabel)}).
 */
public record ParticipantRecipient(ParticipantId participant, Tier tier, Set<TaskForceId> taskForces,
                                   Set<OrganisationId> organisations) {

    public ParticipantRecipient {
        taskForces = Set.copyOf(taskForces);
        organisations = Set.copyOf(organisations);
    }
}
