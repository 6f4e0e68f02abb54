package org.entente.sharing;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.TaskForceId;
import org.entente.node.BadParameterException;

/**
 * An audience as requests spell it ({@code kind} plus a task force or named recipients), one parser
 * for every module that takes one, so that they accept and refuse the same things with the same words.
 */
public final class AudienceRequests {

    private AudienceRequests() {
    }

    /**
     * @param kindField how the request names the kind, for the error (e.g. {@code audience} or a JSON pointer)
     * @throws BadParameterException naming the field that is missing or wrong
     */
    public static Audience audience(String kind, Long taskForce, List<Long> participants, List<Long> organisations,
                                    String kindField) {
        if (kind == null) {
            throw new BadParameterException(kindField, "needs a kind, e.g. own-organisation or task-force");
        }
        return switch (kind) {
            case "own-organisation" -> new Audience.OwnOrganisation();
            case "own-participant" -> new Audience.OwnParticipant();
            case "all-members" -> new Audience.AllMembers();
            case "members-and-observers" -> new Audience.MembersAndObservers();
            case "whole-community" -> new Audience.WholeCommunity();
            case "task-force" -> {
                if (taskForce == null) {
                    throw new BadParameterException("task_force", "is required when the audience is a task force");
                }
                yield new Audience.TaskForce(new TaskForceId(taskForce));
            }
            case "named" -> {
                Set<ParticipantId> ps = participants == null ? Set.of()
                        : participants.stream().map(ParticipantId::new).collect(Collectors.toSet());
                Set<OrganisationId> os = organisations == null ? Set.of()
                        : organisations.stream().map(OrganisationId::new).collect(Collectors.toSet());
                if (ps.isEmpty() && os.isEmpty()) {
                    throw new BadParameterException("participants", "a named audience needs at least one participant or organisation");
                }
                yield new Audience.Named(ps, os);
            }
            default -> throw new BadParameterException(kindField, "must be own-organisation, own-participant, task-force,"
                    + " all-members, members-and-observers, whole-community or named, not '" + kind + "'");
        };
    }
}
