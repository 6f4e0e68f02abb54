package org.entente.sharing;

import java.util.Set;

import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.TaskForceId;

/** Who an object is shared with, as its owner chose. Each kind is its own type. */
public sealed interface Audience {

    /** The stable name stored with the object and used in the API. */
    String code();

    /** Only the owner's organisation. */
    record OwnOrganisation() implements Audience {
        public String code() { return "own-organisation"; }
    }

    /** Every organisation of the owner's participant. */
    record OwnParticipant() implements Audience {
        public String code() { return "own-participant"; }
    }

    /** The participants of one task force. */
    record TaskForce(TaskForceId taskForce) implements Audience {
        public String code() { return "task-force"; }
    }

    /** Every full member state. */
    record AllMembers() implements Audience {
        public String code() { return "all-members"; }
    }

    /** Members and observers, not dialogue partners. */
    record MembersAndObservers() implements Audience {
        public String code() { return "members-and-observers"; }
    }

    /** Every participant of the community. */
    record WholeCommunity() implements Audience {
        public String code() { return "whole-community"; }
    }

    /** Exactly these participants and organisations. */
    record Named(Set<ParticipantId> participants, Set<OrganisationId> organisations) implements Audience {
        public Named {
            participants = Set.copyOf(participants);
            organisations = Set.copyOf(organisations);
            if (participants.isEmpty() && organisations.isEmpty()) {
                // An empty named list must never mean "everyone" (a known leak in other platforms).
                throw new IllegalArgumentException("a named audience needs at least one participant or organisation");
            }
        }

        public String code() { return "named"; }
    }
}
