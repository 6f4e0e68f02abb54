package org.entente.community;

import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.TaskForceId;

/** A participant joined or left a task force: who receives what is shared with it changed. Audited. */
public record TaskForceMembershipChanged(String actor, TaskForceId taskForce, ParticipantId participant, boolean member) {
}
