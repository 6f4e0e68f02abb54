package org.entente.stream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.TaskForceId;
import org.entente.sharing.Audience;
import org.entente.sharing.SharingLabel;
import org.entente.stix.Tlp;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A sharing label as JSON, so a pending webhook delivery can be decided again at each attempt, after a restart too. */
final class LabelJson {

    private static final JsonMapper JSON = JsonMapper.shared();

    private LabelJson() {
    }

    static String write(SharingLabel label) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("owner", label.owner().value());
        m.put("ownerParticipant", label.ownerParticipant().value());
        m.put("tlp", label.tlp().label());
        m.put("audience", label.audience().code());
        switch (label.audience()) {
            case Audience.TaskForce tf -> m.put("taskForce", tf.taskForce().value());
            case Audience.Named n -> {
                m.put("participants", n.participants().stream().map(ParticipantId::value).sorted().toList());
                m.put("organisations", n.organisations().stream().map(OrganisationId::value).sorted().toList());
            }
            default -> {
            }
        }
        return JSON.writeValueAsString(m);
    }

    static SharingLabel read(String json) {
        JsonNode n = JSON.readTree(json);
        Audience audience = switch (n.path("audience").asString()) {
            case "own-organisation" -> new Audience.OwnOrganisation();
            case "own-participant" -> new Audience.OwnParticipant();
            case "task-force" -> new Audience.TaskForce(new TaskForceId(n.path("taskForce").asLong()));
            case "all-members" -> new Audience.AllMembers();
            case "members-and-observers" -> new Audience.MembersAndObservers();
            case "whole-community" -> new Audience.WholeCommunity();
            case "named" -> new Audience.Named(
                    longs(n.path("participants")).stream().map(ParticipantId::new).collect(Collectors.toSet()),
                    longs(n.path("organisations")).stream().map(OrganisationId::new).collect(Collectors.toSet()));
            default -> throw new IllegalStateException("unknown audience in a stored label: " + n.path("audience").asString());
        };
        return new SharingLabel(new OrganisationId(n.path("owner").asLong()), new ParticipantId(n.path("ownerParticipant").asLong()),
                Tlp.byLabel(n.path("tlp").asString()).orElseThrow(), audience);
    }

    private static Set<Long> longs(JsonNode array) {
        return array.valueStream().map(JsonNode::asLong).collect(Collectors.toSet());
    }
}
