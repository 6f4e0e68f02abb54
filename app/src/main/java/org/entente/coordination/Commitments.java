package org.entente.coordination;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.intel.StixStore;
import org.entente.sharing.Audience;
import org.entente.sharing.SharingLabel;
import org.entente.sharing.SqlFilter;
import org.entente.stix.StixId;
import org.entente.stix.Tlp;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.JsonNode;

/**
 * Commitments a participant made (e.g. at a meeting): text, responsible organisation, due date, a
 * status with a state machine ({@link CommitmentStatus}) and its full history, and evidence (an
 * exercise held, intelligence shared). Default label: all members, TLP:AMBER.
 */
@Service
public class Commitments {

    static final String KIND = "commitment";

    private final CoordinationRecords records;
    private final StixStore store;
    private final Clock clock;

    Commitments(CoordinationRecords records, StixStore store) {
        this.records = records;
        this.store = store;
        this.clock = Clock.systemUTC();
    }

    @Transactional
    public long create(Caller caller, JsonNode body) {
        Json.object(body);
        long participant = Json.id(body, "participant");
        Map<Long, Community.Participant> participants = records.requireParticipants(List.of(participant), "/participant");
        String text = Json.text(body, "text");
        long org = Json.id(body, "responsible_organisation");
        if (records.community.organisations().stream().noneMatch(o -> o.id().value() == org && o.participant().value() == participant)) {
            throw new CoordinationException.InvalidInput("/responsible_organisation",
                    "must be an organisation of participant " + participants.get(participant).name());
        }
        LocalDate due = Json.date(body, "due");
        Long meeting = Json.optionalId(body, "meeting");
        if (meeting != null && !Meetings.visible(records, caller, meeting)) {
            throw new CoordinationException.InvalidInput("/meeting", "is not a meeting you can see");
        }
        SharingLabel label = records.label(caller, body, Tlp.AMBER, new Audience.AllMembers());
        long id = records.jdbc.sql("insert into commitment (participant_id, text, responsible_org, due, status, meeting_id, created_by, "
                        + CoordinationRecords.LABEL_COLUMNS + ") values (?, ?, ?, ?, 'proposed', ?, ?, " + CoordinationRecords.LABEL_VALUES
                        + ") returning id")
                .params(CoordinationRecords.concat(CoordinationRecords.params(participant, text, org, due, meeting, caller.username()),
                        CoordinationRecords.labelParams(label)))
                .query(Long.class).single();
        records.history(KIND, id, caller, "created", null, CommitmentStatus.PROPOSED.code(), null);
        records.audit(caller, "commitment:" + id, "created", Map.of("participant", participant, "status", "proposed",
                "audience", label.audience().code()));
        return id;
    }

    private record Row(long id, long participant, long ownerOrg, LocalDate due, CommitmentStatus status) {
    }

    private Optional<Row> row(Caller caller, long id, boolean lock) {
        SqlFilter visible = records.visible(caller, "c.");
        return records.jdbc.sql("select c.id, c.participant_id, c.owner_org, c.due, c.status from commitment c where c.id = ? and "
                        + visible.sql() + (lock ? " for update" : ""))
                .params(CoordinationRecords.concat(CoordinationRecords.params(id), visible.params()))
                .query((rs, n) -> new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getObject(4, LocalDate.class),
                        CommitmentStatus.byCode(rs.getString(5)).orElseThrow()))
                .optional();
    }

    /** Whether the caller sees commitment {@code id}. */
    boolean visible(Caller caller, long id) {
        return row(caller, id, false).isPresent();
    }

    /**
     * Moves a commitment to {@code to}. Only its participant's users or the organisation that recorded it
     * may; illegal transitions are refused naming from, to and why.
     */
    @Transactional
    public Map<String, Object> transition(Caller caller, long id, String to, String note) {
        Row row = row(caller, id, true).orElseThrow(() -> new CoordinationException.NotFound("commitment " + id));
        CommitmentStatus target = CommitmentStatus.byCode(to == null ? "" : to).orElseThrow(() -> new CoordinationException.InvalidInput(
                "/status", "must be proposed, accepted, in-progress, done or lapsed"));
        if (caller.participant().value() != row.participant() && caller.organisation().value() != row.ownerOrg()) {
            throw new CoordinationException.NotAllowed("only the committed participant (or the organisation that recorded the"
                    + " commitment) changes its status");
        }
        row.status().to(target, row.due(), LocalDate.now(clock), note).orThrow("commitment " + id);
        records.jdbc.sql("update commitment set status = ? where id = ?").params(target.code(), id).update();
        records.history(KIND, id, caller, "status", row.status().code(), target.code(), note);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", row.status().code());
        details.put("to", target.code());
        if (note != null) {
            details.put("note", note);
        }
        records.audit(caller, "commitment:" + id, "status", details);
        return view(caller, id);
    }

    /** Evidence of progress: an exercise held ({@code exercise}, its id) or intelligence shared ({@code intelligence}, a STIX id). */
    @Transactional
    public Map<String, Object> addEvidence(Caller caller, long id, JsonNode body) {
        Json.object(body);
        row(caller, id, true).orElseThrow(() -> new CoordinationException.NotFound("commitment " + id));
        String kind = Json.text(body, "kind");
        String ref;
        switch (kind) {
            case "exercise" -> {
                long exercise = Json.id(body, "ref");
                if (!Exercises.visible(records, caller, exercise)) {
                    throw new CoordinationException.InvalidInput("/ref", "is not an exercise you can see");
                }
                ref = String.valueOf(exercise);
            }
            case "intelligence" -> {
                ref = Json.text(body, "ref");
                StixId stix = StixId.tryParse(ref).orElseThrow(() -> new CoordinationException.InvalidInput("/ref", "is not a STIX id"));
                if (store.latest(caller, stix).isEmpty()) {
                    throw new CoordinationException.InvalidInput("/ref", "is not an object you can see");
                }
            }
            default -> throw new CoordinationException.InvalidInput("/kind", "must be exercise or intelligence");
        }
        String note = Json.optionalText(body, "note");
        records.jdbc.sql("insert into commitment_evidence (commitment_id, kind, ref, note, added_by) values (?, ?, ?, ?, ?)"
                        + " on conflict do nothing")
                .params(id, kind, ref, note, caller.username()).update();
        // The history is shown to everyone who may see the commitment, who may not all see the evidence:
        // it says that evidence was added and of which kind, never which (the evidence list is filtered per reader).
        records.history(KIND, id, caller, "evidence", null, null, kind + " evidence added");
        records.audit(caller, "commitment:" + id, "evidence", Map.of("kind", kind, "ref", ref));
        return view(caller, id);
    }

    public Map<String, Object> view(Caller caller, long id) {
        SqlFilter visible = records.visible(caller, "c.");
        Map<String, Object> out = records.jdbc.sql("select c.*, p.name as participant_name from commitment c"
                        + " join participant p on p.id = c.participant_id where c.id = ? and " + visible.sql())
                .params(CoordinationRecords.concat(CoordinationRecords.params(id), visible.params()))
                .query((rs, n) -> summary(rs)).optional()
                .orElseThrow(() -> new CoordinationException.NotFound("commitment " + id));
        out.put("history", records.historyOf(KIND, id));
        out.put("evidence", evidence(caller, id));
        return out;
    }

    /** Evidence the caller may see: an exercise outside their audience, or intelligence they may not read, is left out. */
    private List<Map<String, Object>> evidence(Caller caller, long id) {
        return records.jdbc.sql("select kind, ref, note, added_by, added_at from commitment_evidence where commitment_id = ? order by id")
                .param(id)
                .query((rs, n) -> {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("kind", rs.getString(1));
                    e.put("ref", rs.getString(2));
                    e.put("note", rs.getString(3));
                    e.put("added_by", rs.getString(4));
                    e.put("added_at", rs.getTimestamp(5).toInstant().toString());
                    return e;
                }).list().stream()
                .filter(e -> "exercise".equals(e.get("kind"))
                        ? Exercises.visible(records, caller, Long.parseLong((String) e.get("ref")))
                        : StixId.tryParse((String) e.get("ref")).flatMap(s -> store.latest(caller, s)).isPresent())
                .toList();
    }

    private Map<String, Object> summary(java.sql.ResultSet rs) throws java.sql.SQLException {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", rs.getLong("id"));
        c.put("participant", Map.of("id", rs.getLong("participant_id"), "name", rs.getString("participant_name")));
        c.put("text", rs.getString("text"));
        c.put("responsible_organisation", rs.getLong("responsible_org"));
        LocalDate due = rs.getObject("due", LocalDate.class);
        c.put("due", due.toString());
        String status = rs.getString("status");
        c.put("status", status);
        c.put("overdue", overdue(status, due));
        long meeting = rs.getLong("meeting_id");
        c.put("meeting", rs.wasNull() ? null : meeting);
        c.put("sharing", CoordinationRecords.labelView(rs));
        return c;
    }

    private boolean overdue(String status, LocalDate due) {
        return !CommitmentStatus.byCode(status).orElseThrow().isFinal() && LocalDate.now(clock).isAfter(due);
    }

    /** The commitments the caller may see, optionally of one participant and/or in one status. */
    public List<Map<String, Object>> list(Caller caller, Long participant, String status) {
        SqlFilter visible = records.visible(caller, "c.");
        StringBuilder sql = new StringBuilder("select c.*, p.name as participant_name from commitment c join participant p"
                + " on p.id = c.participant_id where " + visible.sql());
        List<Object> params = CoordinationRecords.concat(List.of(), visible.params());
        if (participant != null) {
            sql.append(" and c.participant_id = ?");
            params.add(participant);
        }
        if (status != null) {
            CommitmentStatus.byCode(status).orElseThrow(() -> new CoordinationException.InvalidInput("status",
                    "must be proposed, accepted, in-progress, done or lapsed"));
            sql.append(" and c.status = ?");
            params.add(status);
        }
        sql.append(" order by c.id");
        return records.jdbc.sql(sql.toString()).params(params).query((rs, n) -> summary(rs)).list();
    }

    /** Progress by participant over the commitments the caller may see: counts by status, and how many are overdue. */
    public Map<String, Object> board(Caller caller) {
        SqlFilter visible = records.visible(caller, "c.");
        Map<Long, Map<String, Object>> rows = new TreeMap<>();
        records.jdbc.sql("select c.participant_id, p.name, c.status, count(*),"
                        + " count(*) filter (where c.status not in ('done', 'lapsed') and c.due < ?)"
                        + " from commitment c join participant p on p.id = c.participant_id where " + visible.sql()
                        + " group by c.participant_id, p.name, c.status")
                .params(CoordinationRecords.concat(CoordinationRecords.params(LocalDate.now(clock)), visible.params()))
                .query((rs, n) -> {
                    Map<String, Object> r = rows.computeIfAbsent(rs.getLong(1), k -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("participant", k);
                        m.put("name", "");
                        Map<String, Object> counts = new LinkedHashMap<>();
                        for (CommitmentStatus s : CommitmentStatus.values()) {
                            counts.put(s.code(), 0L);
                        }
                        m.put("by_status", counts);
                        m.put("total", 0L);
                        m.put("overdue", 0L);
                        return m;
                    });
                    r.put("name", rs.getString(2));
                    @SuppressWarnings("unchecked")
                    Map<String, Object> counts = (Map<String, Object>) r.get("by_status");
                    counts.put(rs.getString(3), rs.getLong(4));
                    r.put("total", (Long) r.get("total") + rs.getLong(4));
                    r.put("overdue", (Long) r.get("overdue") + rs.getLong(5));
                    return null;
                }).list();
        return Map.of("as_of", LocalDate.now(clock).toString(), "participants", List.copyOf(rows.values()));
    }
}
