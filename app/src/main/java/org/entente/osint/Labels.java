package org.entente.osint;

import java.util.ArrayList;
import java.util.List;

import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.sharing.Audience;
import org.entente.sharing.SharingLabel;

/** A sharing label in the columns osint tables share with stix_object, and as a key for "written under this label". */
final class Labels {

    static final String COLUMNS = "owner_org, owner_participant, tlp, audience, audience_task_force, audience_participants, audience_orgs";
    static final String VALUES = "?, ?, ?, ?, ?, ?, ?";
    static final String ASSIGN = "owner_org = ?, owner_participant = ?, tlp = ?, audience = ?, audience_task_force = ?,"
            + " audience_participants = ?, audience_orgs = ?";

    private Labels() {
    }

    static List<Object> params(SharingLabel label) {
        Audience a = label.audience();
        List<Object> out = new ArrayList<>(7);
        out.add(label.owner().value());
        out.add(label.ownerParticipant().value());
        out.add(label.tlp().ordinal());
        out.add(a.code());
        out.add(a instanceof Audience.TaskForce tf ? tf.taskForce().value() : null);
        out.add(a instanceof Audience.Named n ? n.participants().stream().map(ParticipantId::value).sorted().toArray(Long[]::new) : new Long[0]);
        out.add(a instanceof Audience.Named n ? n.organisations().stream().map(OrganisationId::value).sorted().toArray(Long[]::new) : new Long[0]);
        return out;
    }

    /** The label as one string: two uploads with the same key reach exactly the same readers. */
    static String key(SharingLabel label) {
        Audience a = label.audience();
        String audience = switch (a) {
            case Audience.TaskForce tf -> "task-force:" + tf.taskForce().value();
            case Audience.Named n -> "named:" + n.participants().stream().map(ParticipantId::value).sorted().toList()
                    + n.organisations().stream().map(OrganisationId::value).sorted().toList();
            default -> a.code();
        };
        return label.owner().value() + "/" + label.ownerParticipant().value() + "/" + label.tlp().label() + "/" + audience;
    }

    static List<Object> concat(List<?>... parts) {
        List<Object> out = new ArrayList<>();
        for (List<?> p : parts) {
            out.addAll(p);
        }
        return out;
    }
}
