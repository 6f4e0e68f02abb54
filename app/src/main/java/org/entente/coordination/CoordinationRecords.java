package org.entente.coordination;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.entente.audit.AuditAction;
import org.entente.audit.AuditEvent;
import org.entente.audit.AuditLog;
import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.TaskForceId;
import org.entente.community.Permission;
import org.entente.sharing.Audience;
import org.entente.sharing.SharingLabel;
import org.entente.sharing.SharingPolicy;
import org.entente.sharing.SqlFilter;
import org.entente.stix.Tlp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * What every coordination record shares: its sharing label (parsed from a request's {@code sharing},
 * stored in the same columns as intelligence, filtered by the same policy), its history and its audit.
 */
@Component
class CoordinationRecords {

    static final String LABEL_COLUMNS = "owner_org, owner_participant, tlp, audience, audience_task_force, audience_participants, audience_orgs";
    static final String LABEL_VALUES = "?, ?, ?, ?, ?, ?, ?";

    final JdbcClient jdbc;
    final Community community;
    private final SharingPolicy policy;
    private final AuditLog audit;

    CoordinationRecords(JdbcClient jdbc, Community community, SharingPolicy policy, AuditLog audit) {
        this.jdbc = jdbc;
        this.community = community;
        this.policy = policy;
        this.audit = audit;
    }

    /**
     * The caller as a reader of coordination records: the endpoint checked coordination.read, and the
     * record's audience, marking and tier ceiling are then decided exactly as for intelligence. Only for
     * coordination records: STIX objects a record links to are read as the caller is (intel.read its own,
     * a token's scopes included), never as this reader.
     */
    static Caller reader(Caller caller) {
        Set<Permission> permissions = new java.util.HashSet<>(caller.permissions());
        if (caller.has(Permission.COORDINATION_READ)) {
            permissions.add(Permission.INTEL_READ);
        } else {
            permissions.remove(Permission.INTEL_READ);
        }
        return new Caller(caller.user(), caller.username(), caller.organisation(), caller.participant(), caller.tier(),
                caller.taskForces(), permissions);
    }

    /** The policy as SQL over the label columns of {@code alias} (e.g. "c."). */
    SqlFilter visible(Caller caller, String alias) {
        return policy.filter(reader(caller), alias);
    }

    /** The label a request asks for in {@code /sharing}, or the default; its task force and participants must exist. */
    SharingLabel label(Caller caller, JsonNode body, Tlp defaultTlp, Audience defaultAudience) {
        JsonNode sharing = body.path("sharing");
        Tlp tlp = defaultTlp;
        Audience audience = defaultAudience;
        if (!sharing.isMissingNode() && !sharing.isNull()) {
            if (!sharing.isObject()) {
                throw new CoordinationException.InvalidInput("/sharing", "'sharing' must be an object with tlp and audience");
            }
            if (sharing.has("tlp")) {
                tlp = Tlp.byLabel(sharing.path("tlp").asString("")).orElseThrow(() -> new CoordinationException.InvalidInput(
                        "/sharing/tlp", "must be clear, green, amber, amber+strict or red"));
            }
            if (sharing.has("audience")) {
                audience = audience(sharing.path("audience"));
            }
        }
        requireKnown(audience);
        return new SharingLabel(caller.organisation(), caller.participant(), tlp, audience);
    }

    private Audience audience(JsonNode a) {
        String kind = a.isObject() ? a.path("kind").asString(null) : a.asString(null);
        if (kind == null) {
            throw new CoordinationException.InvalidInput("/sharing/audience", "must be an object with a 'kind'");
        }
        return switch (kind) {
            case "own-organisation" -> new Audience.OwnOrganisation();
            case "own-participant" -> new Audience.OwnParticipant();
            case "all-members" -> new Audience.AllMembers();
            case "members-and-observers" -> new Audience.MembersAndObservers();
            case "whole-community" -> new Audience.WholeCommunity();
            case "task-force" -> {
                JsonNode tf = a.path("task_force");
                if (!tf.isIntegralNumber()) {
                    throw new CoordinationException.InvalidInput("/sharing/audience/task_force", "is required for a task-force audience");
                }
                yield new Audience.TaskForce(new TaskForceId(tf.longValue()));
            }
            case "named" -> {
                List<Long> ps = Json.ids(a, "participants", false);
                List<Long> os = Json.ids(a, "organisations", false);
                if (ps.isEmpty() && os.isEmpty()) {
                    throw new CoordinationException.InvalidInput("/sharing/audience/participants",
                            "a named audience needs at least one participant or organisation");
                }
                yield new Audience.Named(ps.stream().map(ParticipantId::new).collect(Collectors.toSet()),
                        os.stream().map(OrganisationId::new).collect(Collectors.toSet()));
            }
            default -> throw new CoordinationException.InvalidInput("/sharing/audience/kind", "must be own-organisation,"
                    + " own-participant, task-force, all-members, members-and-observers, whole-community or named");
        };
    }

    private void requireKnown(Audience audience) {
        if (audience instanceof Audience.TaskForce tf && community.taskForce(tf.taskForce()).isEmpty()) {
            throw new CoordinationException.InvalidInput("/sharing/audience/task_force", "is not a task force of this community");
        }
        if (audience instanceof Audience.Named n) {
            requireParticipants(n.participants().stream().map(ParticipantId::value).toList(), "/sharing/audience/participants");
            Set<OrganisationId> known = community.organisations().stream().map(Community.Organisation::id).collect(Collectors.toSet());
            if (!known.containsAll(n.organisations())) {
                throw new CoordinationException.InvalidInput("/sharing/audience/organisations", "names an unknown organisation");
            }
        }
    }

    /** Each id must be a participant of the community. */
    Map<Long, Community.Participant> requireParticipants(Collection<Long> ids, String pointer) {
        Map<Long, Community.Participant> all = participants();
        for (Long id : ids) {
            if (!all.containsKey(id)) {
                throw new CoordinationException.InvalidInput(pointer, "participant " + id + " is not a participant of this community");
            }
        }
        return all;
    }

    Map<Long, Community.Participant> participants() {
        Map<Long, Community.Participant> out = new LinkedHashMap<>();
        community.participants().forEach(p -> out.put(p.id().value(), p));
        return out;
    }

    String participantName(long id) {
        Community.Participant p = participants().get(id);
        return p == null ? String.valueOf(id) : p.name();
    }

    /** The label as parameters for {@link #LABEL_COLUMNS}. */
    static List<Object> labelParams(SharingLabel label) {
        Audience a = label.audience();
        List<Object> out = new ArrayList<>();
        out.add(label.owner().value());
        out.add(label.ownerParticipant().value());
        out.add(label.tlp().ordinal());
        out.add(a.code());
        out.add(a instanceof Audience.TaskForce tf ? tf.taskForce().value() : null);
        out.add(a instanceof Audience.Named n ? n.participants().stream().map(ParticipantId::value).sorted().toArray(Long[]::new) : new Long[0]);
        out.add(a instanceof Audience.Named n ? n.organisations().stream().map(OrganisationId::value).sorted().toArray(Long[]::new) : new Long[0]);
        return out;
    }

    /** The label as the API shows it. */
    static Map<String, Object> labelView(java.sql.ResultSet rs) throws java.sql.SQLException {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("kind", rs.getString("audience"));
        long tf = rs.getLong("audience_task_force");
        if (!rs.wasNull()) {
            a.put("task_force", tf);
        }
        if ("named".equals(rs.getString("audience"))) {
            a.put("participants", List.of((Long[]) rs.getArray("audience_participants").getArray()));
            a.put("organisations", List.of((Long[]) rs.getArray("audience_orgs").getArray()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("owner_organisation", rs.getLong("owner_org"));
        out.put("tlp", Tlp.values()[rs.getInt("tlp")].label());
        out.put("audience", a);
        return out;
    }

    /** Appends to a record's history (part of the caller's transaction). */
    void history(String kind, Object id, Caller actor, String action, String from, String to, String note) {
        jdbc.sql("insert into coordination_event (record_kind, record_id, actor, action, from_state, to_state, note)"
                        + " values (?, ?, ?, ?, ?, ?, ?)")
                .params(kind, String.valueOf(id), actor.username(), action, from, to, note).update();
    }

    List<Map<String, Object>> historyOf(String kind, Object id) {
        return jdbc.sql("select at, actor, action, from_state, to_state, note from coordination_event"
                        + " where record_kind = ? and record_id = ? order by id")
                .params(kind, String.valueOf(id))
                .query((rs, n) -> {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("at", rs.getTimestamp(1).toInstant().toString());
                    e.put("actor", rs.getString(2));
                    e.put("action", rs.getString(3));
                    e.put("from", rs.getString(4));
                    e.put("to", rs.getString(5));
                    e.put("note", rs.getString(6));
                    return e;
                }).list();
    }

    /** Records on the audit log: call last in the transaction (see docs/AUDIT.md). */
    void audit(Caller actor, AuditAction action, String subject, Map<String, Object> details) {
        audit.record(new AuditEvent(actor.username(), action, subject, details));
    }

    void audit(Caller actor, String subject, String change, Map<String, Object> details) {
        Map<String, Object> all = new LinkedHashMap<>(details);
        all.put("change", change);
        audit.record(new AuditEvent(actor.username(), AuditAction.COORDINATION_CHANGE, subject, all));
    }

    /** Whether the caller sees row {@code id} of a labelled coordination table. */
    boolean visibleRow(String table, Caller caller, Object id) {
        SqlFilter visible = visible(caller, "t.");
        return jdbc.sql("select count(*) from " + table + " t where t.id = ? and " + visible.sql())
                .params(concat(params(id), visible.params())).query(Long.class).single() > 0;
    }

    static List<Object> params(Object... leading) {
        return new ArrayList<>(java.util.Arrays.asList(leading));
    }

    static List<Object> concat(List<Object> a, List<Object> b) {
        List<Object> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
