package org.entente.intel;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.TaskForceId;
import org.entente.sharing.Audience;
import org.entente.sharing.SharingLabel;
import org.entente.stix.Tlp;

/** Reads a stored sharing label back into its types. */
final class Labels {

    private Labels() {
    }

    /** Columns in order: owner_org, owner_participant, tlp, audience, audience_task_force, audience_participants, audience_orgs. */
    static SharingLabel read(ResultSet rs) throws SQLException {
        return read(rs, 1);
    }

    /** The same columns starting at column {@code first}. */
    static SharingLabel read(ResultSet rs, int first) throws SQLException {
        int o = first - 1;
        Audience audience = switch (rs.getString(o + 4)) {
            case "own-organisation" -> new Audience.OwnOrganisation();
            case "own-participant" -> new Audience.OwnParticipant();
            case "task-force" -> new Audience.TaskForce(new TaskForceId(rs.getLong(o + 5)));
            case "all-members" -> new Audience.AllMembers();
            case "members-and-observers" -> new Audience.MembersAndObservers();
            case "whole-community" -> new Audience.WholeCommunity();
            case "named" -> new Audience.Named(
                    Arrays.stream((Long[]) rs.getArray(o + 6).getArray()).map(ParticipantId::new).collect(Collectors.toSet()),
                    Arrays.stream((Long[]) rs.getArray(o + 7).getArray()).map(OrganisationId::new).collect(Collectors.toSet()));
            default -> throw new IllegalStateException("unknown audience " + rs.getString(o + 4));
        };
        return new SharingLabel(new OrganisationId(rs.getLong(o + 1)), new ParticipantId(rs.getLong(o + 2)),
                Tlp.values()[rs.getInt(o + 3)], audience);
    }
}
