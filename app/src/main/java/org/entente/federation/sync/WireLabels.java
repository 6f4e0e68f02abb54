package org.entente.federation.sync;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.TaskForceId;
import org.entente.sharing.Audience;
import org.entente.sharing.SharingLabel;
import org.entente.stix.StixJson;
import org.entente.stix.Tlp;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Labels on the wire use community-wide names, never node-local ids: a participant by its name (the
 * name in its certificate), an organisation by participant and organisation name, a task force by its
 * name. Receiving maps names to this node's ids and fails closed: an unknown owner rejects the entry
 * (quarantine); an unknown task force or named recipient is dropped, and an audience left with no one
 * becomes the owner's organisation only (which has no users on this node). A mapping never widens.
 */
final class WireLabels {

    /** This node's community, read once for a page. */
    private final Map<Long, String> participantNames;
    private final Map<String, ParticipantId> participantsByName;
    private final Map<Long, Community.Organisation> organisations;
    private final Map<String, OrganisationId> organisationsByName;
    private final Map<Long, String> taskForceNames;
    private final Map<String, TaskForceId> taskForcesByName;

    WireLabels(Community community) {
        var ps = community.participants();
        participantNames = ps.stream().collect(Collectors.toMap(p -> p.id().value(), Community.Participant::name));
        participantsByName = ps.stream().collect(Collectors.toMap(Community.Participant::name, Community.Participant::id));
        var os = community.organisations();
        organisations = os.stream().collect(Collectors.toMap(o -> o.id().value(), Function.identity()));
        organisationsByName = os.stream().collect(Collectors.toMap(
                o -> key(participantNames.get(o.participant().value()), o.name()), Community.Organisation::id));
        var tfs = community.taskForces();
        taskForceNames = tfs.stream().collect(Collectors.toMap(t -> t.id().value(), Community.TaskForce::name));
        taskForcesByName = tfs.stream().collect(Collectors.toMap(Community.TaskForce::name, Community.TaskForce::id));
    }

    private static String key(String participant, String organisation) {
        return participant + "\u0000" + organisation;
    }

    ObjectNode toWire(SharingLabel label) {
        ObjectNode out = StixJson.MAPPER.createObjectNode();
        out.set("owner", organisation(label.owner()));
        out.put("tlp", label.tlp().label());
        out.put("audience", label.audience().code());
        switch (label.audience()) {
            case Audience.TaskForce tf -> out.put("task_force", taskForceNames.get(tf.taskForce().value()));
            case Audience.Named n -> {
                ArrayNode ps = out.putArray("participants");
                n.participants().stream().map(p -> participantNames.get(p.value())).sorted().forEach(ps::add);
                ArrayNode os = out.putArray("organisations");
                n.organisations().forEach(o -> os.add(organisation(o)));
            }
            default -> {
            }
        }
        return out;
    }

    private ObjectNode organisation(OrganisationId id) {
        Community.Organisation o = organisations.get(id.value());
        ObjectNode out = StixJson.MAPPER.createObjectNode();
        out.put("participant", participantNames.get(o.participant().value()));
        out.put("organisation", o.name());
        return out;
    }

    /** A received label mapped to this node's ids, or why it cannot be. */
    sealed interface Mapped {
        record Label(SharingLabel label) implements Mapped {
        }

        record Unmappable(String reason) implements Mapped {
        }
    }

    Mapped fromWire(JsonNode wire) {
        if (wire == null || !wire.isObject()) {
            return new Mapped.Unmappable("the entry has no label");
        }
        Optional<OrganisationId> owner = organisation(wire.path("owner"));
        if (owner.isEmpty()) {
            return new Mapped.Unmappable("unknown owner organisation " + wire.path("owner"));
        }
        ParticipantId ownerParticipant = organisations.get(owner.get().value()).participant();
        Optional<Tlp> tlp = Tlp.byLabel(wire.path("tlp").asString(""));
        if (tlp.isEmpty()) {
            return new Mapped.Unmappable("unknown TLP " + wire.path("tlp"));
        }
        Audience own = new Audience.OwnOrganisation();
        Audience audience = switch (wire.path("audience").asString("")) {
            case "own-organisation" -> own;
            case "own-participant" -> new Audience.OwnParticipant();
            case "all-members" -> new Audience.AllMembers();
            case "members-and-observers" -> new Audience.MembersAndObservers();
            case "whole-community" -> new Audience.WholeCommunity();
            case "task-force" -> Optional.ofNullable(taskForcesByName.get(wire.path("task_force").asString("")))
                    .<Audience>map(Audience.TaskForce::new).orElse(own);
            case "named" -> {
                Set<ParticipantId> ps = new HashSet<>();
                for (JsonNode p : wire.path("participants")) {
                    Optional.ofNullable(participantsByName.get(p.asString(""))).ifPresent(ps::add);
                }
                Set<OrganisationId> os = new HashSet<>();
                for (JsonNode o : wire.path("organisations")) {
                    organisation(o).ifPresent(os::add);
                }
                yield ps.isEmpty() && os.isEmpty() ? own : new Audience.Named(ps, os);
            }
            default -> null;
        };
        if (audience == null) {
            return new Mapped.Unmappable("unknown audience " + wire.path("audience"));
        }
        return new Mapped.Label(new SharingLabel(owner.get(), ownerParticipant, tlp.get(), audience));
    }

    private Optional<OrganisationId> organisation(JsonNode wire) {
        if (!wire.isObject()) {
            return Optional.empty();
        }
        return Optional.ofNullable(organisationsByName.get(key(wire.path("participant").asString(""),
                wire.path("organisation").asString(""))));
    }

    /** The owner of a label on the wire ({@code {"participant": …, "organisation": …}}), for a revocation. */
    ObjectNode owner(SharingLabel label) {
        return organisation(label.owner());
    }

    /** A wire owner mapped to this node's organisation, if it knows it. */
    Optional<OrganisationId> ownerFromWire(JsonNode wire) {
        return wire == null ? Optional.empty() : organisation(wire);
    }

    /** The participant of one of this node's organisations. */
    ParticipantId participantOf(OrganisationId organisation) {
        return organisations.get(organisation.value()).participant();
    }

    Optional<ParticipantId> participant(String name) {
        return Optional.ofNullable(participantsByName.get(name));
    }

    static List<String> names(Community community) {
        return community.participants().stream().map(Community.Participant::name).toList();
    }
}
