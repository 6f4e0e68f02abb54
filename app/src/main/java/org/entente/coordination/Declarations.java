package org.entente.coordination;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.entente.audit.AuditAction;
import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Tier;
import org.entente.sharing.Audience;
import org.entente.sharing.SharingLabel;
import org.entente.sharing.SqlFilter;
import org.entente.stix.Tlp;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.JsonNode;

/**
 * Joint declarations: drafting (numbered, immutable revisions, comments per version), circulation,
 * signed endorsements by the full members, support by observers and dialogue partners, adoption by
 * consensus, and the chair's statement when consensus fails. The rules are {@link Declaration}'s; this
 * class loads a declaration's state, asks it, and stores the answer. Default label: all members,
 * TLP:AMBER; while drafting only full members (and the owner's organisation) see it, whatever its label.
 */
@Service
public class Declarations {

    static final String KIND = "declaration";

    private final CoordinationRecords records;
    private final SigningKeys keys;

    Declarations(CoordinationRecords records, SigningKeys keys) {
        this.records = records;
        this.keys = keys;
    }

    private record Row(UUID id, String title, long chair, List<Long> signatories, Declaration state) {
    }

    /** The policy's filter plus the drafting rule: a draft is for full members only. */
    private SqlFilter visible(Caller caller) {
        SqlFilter policy = records.visible(caller, "d.");
        List<Object> params = CoordinationRecords.concat(policy.params(),
                CoordinationRecords.params(caller.tier() == Tier.MEMBER, caller.organisation().value()));
        return new SqlFilter("(" + policy.sql() + ") and (d.state <> 'drafting' or ? or d.owner_org = ?)", params);
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new CoordinationException.NotFound("declaration " + id);
        }
    }

    private Optional<Row> row(Caller caller, String id, boolean lock) {
        UUID uuid = uuid(id);
        SqlFilter visible = visible(caller);
        Optional<Object[]> raw = records.jdbc.sql("select d.id, d.title, d.chair_participant, d.signatories, d.state, d.circulated_version,"
                        + " d.circulated_members, d.chair_statement, (select coalesce(max(version), 0) from declaration_revision r"
                        + " where r.declaration_id = d.id) from declaration d where d.id = ? and " + visible.sql() + (lock ? " for update" : ""))
                .params(CoordinationRecords.concat(CoordinationRecords.params(uuid), visible.params()))
                .query((rs, n) -> new Object[]{rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3), longs(rs, 4), rs.getString(5),
                        rs.getObject(6), longs(rs, 7), rs.getString(8), rs.getInt(9)})
                .optional();
        return raw.map(r -> new Row((UUID) r[0], (String) r[1], (Long) r[2], (List<Long>) r[3], state(r)));
    }

    @SuppressWarnings("unchecked")
    private Declaration state(Object[] r) {
        UUID id = (UUID) r[0];
        String code = (String) r[4];
        Integer version = (Integer) r[5];
        Set<Long> members = new TreeSet<>((List<Long>) r[6]);
        return switch (code) {
            case "drafting" -> new Declaration.Drafting((Integer) r[8]);
            case "circulating" -> new Declaration.Circulating(version, members, decisions(id, version));
            case "adopted" -> new Declaration.Adopted(version, members);
            case "not-adopted" -> {
                Set<Long> withheld = new TreeSet<>();
                decisions(id, version).forEach((p, d) -> {
                    if (d == Declaration.Decision.WITHHOLD) {
                        withheld.add(p);
                    }
                });
                yield new Declaration.NotAdopted(version, members, withheld);
            }
            case "chair-statement" -> new Declaration.ChairStatement(version, (String) r[7]);
            default -> throw new IllegalStateException("unknown declaration state " + code);
        };
    }

    private Map<Long, Declaration.Decision> decisions(UUID id, int version) {
        Map<Long, Declaration.Decision> out = new LinkedHashMap<>();
        records.jdbc.sql("select participant_id, decision from declaration_endorsement where declaration_id = ? and version = ?")
                .params(id, version)
                .query((rs, n) -> out.put(rs.getLong(1), Declaration.Decision.byCode(rs.getString(2)).orElseThrow())).list();
        return out;
    }

    private static List<Long> longs(ResultSet rs, int column) throws SQLException {
        java.sql.Array a = rs.getArray(column);
        return a == null ? List.of() : Arrays.asList((Long[]) a.getArray());
    }

    private void save(UUID id, Declaration next) {
        Integer version = next instanceof Declaration.Drafting ? null : next.latestVersion();
        Long[] members = switch (next) {
            case Declaration.Circulating c -> c.members().toArray(Long[]::new);
            case Declaration.Adopted a -> a.members().toArray(Long[]::new);
            case Declaration.NotAdopted n -> n.members().toArray(Long[]::new);
            default -> null;
        };
        String statement = next instanceof Declaration.ChairStatement s ? s.statement() : null;
        if (next instanceof Declaration.ChairStatement) {
            records.jdbc.sql("update declaration set state = ?, chair_statement = ? where id = ?")
                    .params(next.code(), statement, id).update();
        } else {
            records.jdbc.sql("update declaration set state = ?, circulated_version = ?, circulated_members = ? where id = ?")
                    .params(next.code(), version, members, id).update();
        }
    }

    /**
     * A new declaration, drafting, with its first revision when {@code text} is given. {@code signatories}
     * (participant ids) default to every full member; {@code chair} defaults to the caller's participant.
     */
    @Transactional
    public String create(Caller caller, JsonNode body) {
        Json.object(body);
        String title = Json.text(body, "title");
        String text = Json.optionalText(body, "text");
        List<Long> signatories = Json.ids(body, "signatories", false);
        Map<Long, Community.Participant> participants = records.requireParticipants(signatories, "/signatories");
        if (signatories.isEmpty()) {
            signatories = participants.values().stream().filter(p -> p.tier() == Tier.MEMBER).map(p -> p.id().value()).toList();
        }
        Long chair = Json.optionalId(body, "chair");
        if (chair == null) {
            chair = caller.participant().value();
        } else {
            records.requireParticipants(List.of(chair), "/chair");
        }
        Long meeting = Json.optionalId(body, "meeting");
        if (meeting != null && !Meetings.visible(records, caller, meeting)) {
            throw new CoordinationException.InvalidInput("/meeting", "is not a meeting you can see");
        }
        SharingLabel label = records.label(caller, body, Tlp.AMBER, new Audience.AllMembers());
        UUID id = UUID.randomUUID();
        records.jdbc.sql("insert into declaration (id, title, chair_participant, signatories, state, meeting_id, created_by, "
                        + CoordinationRecords.LABEL_COLUMNS + ") values (?, ?, ?, ?, 'drafting', ?, ?, " + CoordinationRecords.LABEL_VALUES + ")")
                .params(CoordinationRecords.concat(CoordinationRecords.params(id, title, chair, signatories.toArray(Long[]::new), meeting,
                        caller.username()), CoordinationRecords.labelParams(label)))
                .update();
        records.history(KIND, id, caller, "created", null, "drafting", null);
        int version = 0;
        if (text != null) {
            version = 1;
            insertRevision(caller, id, 1, text);
        }
        records.audit(caller, "declaration:" + id, "created", Map.of("title", title, "version", version,
                "audience", label.audience().code()));
        return id.toString();
    }

    private void insertRevision(Caller caller, UUID id, int version, String text) {
        records.jdbc.sql("insert into declaration_revision (declaration_id, version, text, text_sha256, author) values (?, ?, ?, ?, ?)")
                .params(id, version, text, EndorsementSignatures.sha256Hex(text), caller.username()).update();
        records.history(KIND, id, caller, "revised", null, null, "version " + version);
    }

    private Row require(Caller caller, String id) {
        return row(caller, id, true).orElseThrow(() -> new CoordinationException.NotFound("declaration " + id));
    }

    /** A new revision (immutable, numbered); voids a circulation: endorsements of the old version no longer count. */
    @Transactional
    public Map<String, Object> revise(Caller caller, String id, JsonNode body) {
        Json.object(body);
        String text = Json.text(body, "text");
        Row row = require(caller, id);
        Declaration next = row.state().revise().orThrow();
        insertRevision(caller, row.id(), next.latestVersion(), text);
        save(row.id(), next);
        records.audit(caller, "declaration:" + row.id(), "revised", Map.of("version", next.latestVersion(), "from", row.state().code(),
                "to", next.code()));
        return view(caller, id);
    }

    @Transactional
    public Map<String, Object> comment(Caller caller, String id, int version, JsonNode body) {
        Json.object(body);
        String text = Json.text(body, "text");
        Row row = require(caller, id);
        if (version < 1 || version > row.state().latestVersion()) {
            throw new CoordinationException.NotFound("version " + version + " of declaration " + id);
        }
        records.jdbc.sql("insert into declaration_comment (declaration_id, version, author, participant_id, text) values (?, ?, ?, ?, ?)")
                .params(row.id(), version, caller.username(), caller.participant().value(), text).update();
        records.audit(caller, "declaration:" + row.id(), "commented", Map.of("version", version));
        return view(caller, id);
    }

    /** Freezes the newest revision for endorsement by the full members among the signatories. */
    @Transactional
    public Map<String, Object> circulate(Caller caller, String id) {
        Row row = require(caller, id);
        Map<Long, Community.Participant> participants = records.participants();
        Set<Long> fullMembers = new TreeSet<>();
        for (Long s : row.signatories()) {
            Community.Participant p = participants.get(s);
            if (p != null && p.tier() == Tier.MEMBER) {
                fullMembers.add(s);
            }
        }
        Declaration next = row.state().circulate(fullMembers).orThrow();
        save(row.id(), next);
        records.history(KIND, row.id(), caller, "circulated", row.state().code(), next.code(), "version " + next.latestVersion());
        records.audit(caller, "declaration:" + row.id(), "circulated", Map.of("version", next.latestVersion(),
                "members", List.copyOf(fullMembers)));
        return view(caller, id);
    }

    /**
     * The caller's participant endorses or withholds {@code version}, signed with the participant's key.
     * A later decision of the same participant on the same version replaces its earlier one.
     */
    @Transactional
    public Map<String, Object> decide(Caller caller, String id, JsonNode body) {
        Json.object(body);
        int version = Json.integer(body, "version", 1);
        String decisionCode = Json.text(body, "decision");
        Declaration.Decision decision = Declaration.Decision.byCode(decisionCode).orElseThrow(() ->
                new CoordinationException.InvalidInput("/decision", "must be endorse or withhold"));
        String reason = Json.optionalText(body, "reason");
        Row row = require(caller, id);
        long participant = caller.participant().value();
        Declaration next = row.state().decide(participant, caller.tier(), version, decision, reason).orThrow();
        String text = records.jdbc.sql("select text_sha256 from declaration_revision where declaration_id = ? and version = ?")
                .params(row.id(), version).query(String.class).single();
        String name = records.participantName(participant);
        SigningKeys.Key key = keys.of(caller.participant());
        String jws = EndorsementSignatures.sign(key.privateKey(), key.keyId(), name,
                EndorsementSignatures.payload(row.id().toString(), version, text, name, decision.code()));
        records.jdbc.sql("""
                        insert into declaration_endorsement (declaration_id, version, participant_id, decision, reason, key_id, jws, signed_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (declaration_id, version, participant_id) do update set decision = excluded.decision,
                          reason = excluded.reason, key_id = excluded.key_id, jws = excluded.jws, signed_by = excluded.signed_by, at = now()""")
                .params(row.id(), version, participant, decision.code(), reason, key.keyId(), jws, caller.username()).update();
        save(row.id(), next);
        records.history(KIND, row.id(), caller, decision.code(), row.state().code(), next.code(),
                name + (reason == null ? "" : ": " + reason));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", version);
        details.put("participant", name);
        details.put("decision", decision.code());
        details.put("key_id", key.keyId());
        if (reason != null) {
            details.put("reason", reason);
        }
        if (next instanceof Declaration.Adopted) {
            details.put("adopted", true);
        }
        records.audit(caller, AuditAction.DECLARATION, "declaration:" + row.id(), details);
        return view(caller, id);
    }

    /** An observer's or dialogue partner's support of {@code version}: recorded and shown, never counted. */
    @Transactional
    public Map<String, Object> support(Caller caller, String id, JsonNode body) {
        Json.object(body);
        int version = Json.integer(body, "version", 1);
        Row row = require(caller, id);
        row.state().support(caller.tier(), version).orThrow();
        records.jdbc.sql("insert into declaration_support (declaration_id, version, participant_id, supported_by) values (?, ?, ?, ?)"
                        + " on conflict do nothing")
                .params(row.id(), version, caller.participant().value(), caller.username()).update();
        records.history(KIND, row.id(), caller, "supported", null, null, records.participantName(caller.participant().value()));
        records.audit(caller, AuditAction.DECLARATION, "declaration:" + row.id(), Map.of("version", version,
                "participant", records.participantName(caller.participant().value()), "decision", "support"));
        return view(caller, id);
    }

    /** The chair closes the circulation: without consensus the declaration is not adopted. */
    @Transactional
    public Map<String, Object> close(Caller caller, String id) {
        Row row = require(caller, id);
        Declaration next = row.state().closeCirculation(caller.participant().value() == row.chair()).orThrow();
        save(row.id(), next);
        records.history(KIND, row.id(), caller, "closed", row.state().code(), next.code(), null);
        records.audit(caller, "declaration:" + row.id(), "closed", Map.of("from", row.state().code(), "to", next.code()));
        return view(caller, id);
    }

    /** After a failed consensus, the chair's statement: recorded as such, never as an adoption. */
    @Transactional
    public Map<String, Object> chairStatement(Caller caller, String id, JsonNode body) {
        Json.object(body);
        String text = Json.text(body, "text");
        Row row = require(caller, id);
        Declaration next = row.state().issueChairStatement(caller.participant().value() == row.chair(), text).orThrow();
        save(row.id(), next);
        records.history(KIND, row.id(), caller, "chair-statement", row.state().code(), next.code(), null);
        records.audit(caller, "declaration:" + row.id(), "chair-statement", Map.of("from", row.state().code(), "to", next.code()));
        return view(caller, id);
    }

    public List<Map<String, Object>> list(Caller caller) {
        SqlFilter visible = visible(caller);
        return records.jdbc.sql("select d.id, d.title, d.state, d.circulated_version, (select coalesce(max(version), 0)"
                        + " from declaration_revision r where r.declaration_id = d.id) from declaration d where " + visible.sql()
                        + " order by d.created_at, d.id")
                .params(visible.params())
                .query((rs, n) -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("id", rs.getString(1));
                    d.put("title", rs.getString(2));
                    d.put("state", rs.getString(3));
                    d.put("circulated_version", rs.getObject(4));
                    d.put("latest_version", rs.getInt(5));
                    return d;
                }).list();
    }

    public Map<String, Object> view(Caller caller, String id) {
        Row row = row(caller, id, false).orElseThrow(() -> new CoordinationException.NotFound("declaration " + id));
        Map<Long, Community.Participant> participants = records.participants();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", row.id().toString());
        out.put("title", row.title());
        out.put("state", row.state().code());
        out.put("chair", Map.of("id", row.chair(), "name", name(participants, row.chair())));
        out.put("signatories", row.signatories().stream().map(p -> Map.of("id", p, "name", name(participants, p))).toList());
        List<Map<String, Object>> revisions = records.jdbc.sql("select version, text, text_sha256, author, at from declaration_revision"
                        + " where declaration_id = ? order by version")
                .param(row.id())
                .query((rs, n) -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("version", rs.getInt(1));
                    r.put("text", rs.getString(2));
                    r.put("text_sha256", rs.getString(3));
                    r.put("author", rs.getString(4));
                    r.put("at", rs.getTimestamp(5).toInstant().toString());
                    r.put("comments", new ArrayList<>());
                    return r;
                }).list();
        records.jdbc.sql("select version, author, participant_id, text, at from declaration_comment where declaration_id = ? order by id")
                .param(row.id())
                .query((rs, n) -> {
                    @SuppressWarnings("unchecked")
                    List<Object> comments = (List<Object>) revisions.get(rs.getInt(1) - 1).get("comments");
                    comments.add(Map.of("author", rs.getString(2), "participant", name(participants, rs.getLong(3)),
                            "text", rs.getString(4), "at", rs.getTimestamp(5).toInstant().toString()));
                    return null;
                }).list();
        out.put("revisions", revisions);
        switch (row.state()) {
            case Declaration.Circulating c -> {
                out.put("circulated_version", c.version());
                out.put("members", c.members().stream().map(p -> name(participants, p)).toList());
                out.put("awaiting", c.awaiting().stream().map(p -> name(participants, p)).toList());
            }
            case Declaration.Adopted a -> {
                out.put("adopted_version", a.version());
                out.put("members", a.members().stream().map(p -> name(participants, p)).toList());
            }
            case Declaration.NotAdopted n -> {
                out.put("circulated_version", n.version());
                out.put("members", n.members().stream().map(p -> name(participants, p)).toList());
                out.put("withheld_by", n.withheldBy().stream().map(p -> name(participants, p)).toList());
            }
            case Declaration.ChairStatement s -> {
                out.put("circulated_version", s.version());
                out.put("chair_statement", s.statement());
            }
            case Declaration.Drafting d -> {
            }
        }
        out.put("endorsements", records.jdbc.sql("select version, participant_id, decision, reason, signed_by, at, key_id, jws"
                        + " from declaration_endorsement where declaration_id = ? order by version, participant_id")
                .param(row.id())
                .query((rs, n) -> {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("version", rs.getInt(1));
                    e.put("participant", name(participants, rs.getLong(2)));
                    e.put("decision", rs.getString(3));
                    e.put("reason", rs.getString(4));
                    e.put("signed_by", rs.getString(5));
                    e.put("at", rs.getTimestamp(6).toInstant().toString());
                    e.put("key_id", rs.getString(7));
                    e.put("jws", rs.getString(8));
                    return e;
                }).list());
        out.put("support", support(row.id(), null, participants));
        out.put("history", records.historyOf(KIND, row.id()));
        return out;
    }

    private List<Map<String, Object>> support(UUID id, Integer version, Map<Long, Community.Participant> participants) {
        return records.jdbc.sql("select version, participant_id, supported_by, at from declaration_support where declaration_id = ?"
                        + (version == null ? "" : " and version = " + version.intValue()) + " order by version, participant_id")
                .param(id)
                .query((rs, n) -> {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("version", rs.getInt(1));
                    s.put("participant", name(participants, rs.getLong(2)));
                    Community.Participant p = participants.get(rs.getLong(2));
                    s.put("tier", p == null ? null : p.tier().code());
                    s.put("supported_by", rs.getString(3));
                    s.put("at", rs.getTimestamp(4).toInstant().toString());
                    return s;
                }).list();
    }

    private static String name(Map<Long, Community.Participant> participants, long id) {
        Community.Participant p = participants.get(id);
        return p == null ? String.valueOf(id) : p.name();
    }

    /**
     * The adopted declaration as a self-contained document: text, its hash, the full members, every
     * endorsement's signature and the public keys (see {@link DeclarationDocument}).
     */
    public Map<String, Object> document(Caller caller, String id) {
        Row row = row(caller, id, false).orElseThrow(() -> new CoordinationException.NotFound("declaration " + id));
        if (!(row.state() instanceof Declaration.Adopted adopted)) {
            throw new CoordinationException.Conflict("only an adopted declaration has a signed document; this one is " + row.state().code());
        }
        Map<Long, Community.Participant> participants = records.participants();
        int version = adopted.version();
        Map<String, Object> rev = records.jdbc.sql("select text, text_sha256 from declaration_revision where declaration_id = ? and version = ?")
                .params(row.id(), version).query((rs, n) -> Map.<String, Object>of("text", rs.getString(1), "sha", rs.getString(2))).single();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", DeclarationDocument.FORMAT);
        doc.put("declaration", row.id().toString());
        doc.put("title", row.title());
        doc.put("state", "adopted");
        doc.put("version", version);
        doc.put("text", rev.get("text"));
        doc.put("text_sha256", rev.get("sha"));
        doc.put("members", adopted.members().stream().map(p -> name(participants, p)).toList());
        Set<String> keyIds = new LinkedHashSet<>();
        doc.put("endorsements", records.jdbc.sql("select participant_id, decision, key_id, jws, at from declaration_endorsement"
                        + " where declaration_id = ? and version = ? order by participant_id")
                .params(row.id(), version)
                .query((rs, n) -> {
                    keyIds.add(rs.getString(3));
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("participant", name(participants, rs.getLong(1)));
                    e.put("decision", rs.getString(2));
                    e.put("key_id", rs.getString(3));
                    e.put("jws", rs.getString(4));
                    e.put("at", rs.getTimestamp(5).toInstant().toString());
                    return e;
                }).list());
        doc.put("support", support(row.id(), version, participants).stream()
                .map(s -> Map.of("participant", s.get("participant"), "tier", String.valueOf(s.get("tier")))).toList());
        doc.put("keys", records.jdbc.sql("select key_id, participant_id, algorithm, public_key from participant_signing_key"
                        + " where key_id = any (?) order by participant_id")
                .param(keyIds.toArray(String[]::new))
                .query((rs, n) -> Map.of("key_id", rs.getString(1), "participant", name(participants, rs.getLong(2)),
                        "algorithm", rs.getString(3), "public_key", rs.getString(4))).list());
        return doc;
    }
}
