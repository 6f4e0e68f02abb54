package org.entente.intel.web;

import org.entente.node.BadParameterException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.TaskForceId;
import org.entente.sharing.Audience;
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
        if (kind == null) {
            throw new BadParameterException("audience", "is required");
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
            default -> throw new BadParameterException("audience", "must be own-organisation, own-participant, task-force,"
                    + " all-members, members-and-observers, whole-community or named, not '" + kind + "'");
        };
    }
}
