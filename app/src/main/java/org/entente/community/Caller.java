package org.entente.community;

import java.util.Set;

import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.TaskForceId;
import org.entente.community.Ids.UserId;

/**
 * Who is asking: a user of an organisation of a participant, with the permissions its roles grant and
 * the task forces its participant belongs to. This is what the sharing policy decides for.
 */
public record Caller(UserId user, String username, OrganisationId organisation, ParticipantId participant,
                     Tier tier, Set<TaskForceId> taskForces, Set<Permission> permissions) {

    public Caller {
        taskForces = Set.copyOf(taskForces);
        permissions = Set.copyOf(permissions);
    }

    public boolean has(Permission permission) {
        return permissions.contains(permission);
    }
}
