package org.entente.coordination;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.entente.community.Caller;
import org.entente.community.Ids.TaskForceId;
import org.entente.sharing.Audience;
import org.entente.sharing.SharingLabel;
import org.entente.sharing.SqlFilter;
import org.entente.stix.Tlp;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.JsonNode;

/**
 * Meetings (e.g. the 22nd meeting of defence ministers, Qingdao, 2025-06-26): participants, agenda items
 * and outcomes, each outcome optionally linked to a commitment, a declaration or a task force. Default
 * label: members and observers, TLP:AMBER. Outcomes link only to records the caller sees, and are
 * listed only while the reader sees what they link to.
 */
@Service
public class Meetings {

    static final String KIND = "meeting";

    private final CoordinationRecords records;
    private final Commitments commitments;
    private final Declarations declarations;

    Meetings(CoordinationRecords records, Commitments commitments, Declarations declarations) {
        this.records = records;
        this.commitments = commitments;
        this.declarations = declarations;
    }

    static boolean visible(CoordinationRecords records, Caller caller, long id) {
        return records.visibleRow("meeting", caller, id);
    }

    @Transactional
    public long create(Caller caller, JsonNode body) {
        Json.object(body);
        String title = Json.text(body, "title");
        String place = Json.text(body, "place");
        LocalDate date = Json.date(body, "date");
        List<Long> participants = Json.ids(body, "participants", false);
        records.requireParticipants(participants, "/participants");
        List<String> agenda = Json.texts(body, "agenda");
        SharingLabel label = records.label(caller, body, Tlp.AMBER, new Audience.MembersAndObservers());
        long id = records.jdbc.sql("insert into meeting (title, place, held_on, created_by, " + CoordinationRecords.LABEL_COLUMNS
                        + ") values (?, ?, ?, ?, " + CoordinationRecords.LABEL_VALUES + ") returning id")
                .params(CoordinationRecords.concat(CoordinationRecords.params(title, place, date, caller.username()),
                        CoordinationRecords.labelParams(label)))
                .query(Long.class).single();
        for (Long p : participants) {
            records.jdbc.sql("insert into meeting_participant values (?, ?) on conflict do nothing").params(id, p).update();
        }
        for (int i = 0; i < agenda.size(); i++) {
            records.jdbc.sql("insert into meeting_agenda_item values (?, ?, ?)").params(id, i + 1, agenda.get(i)).update();
        }
        records.history(KIND, id, caller, "created", null, null, null);
        records.audit(caller, "meeting:" + id, "created", Map.of("title", title, "audience", label.audience().code()));
        return id;
    }

    /** An outcome: {@code text} and optionally {@code commitment}, {@code declaration} or {@code task_force}. */
    @Transactional
    public Map<String, Object> addOutcome(Caller caller, long id, JsonNode body) {
        Json.object(body);
        if (!visible(records, caller, id)) {
            throw new CoordinationException.NotFound("meeting " + id);
        }
        String text = Json.text(body, "text");
        String kind = "note";
        String ref = null;
        if (body.has("commitment")) {
            long c = Json.id(body, "commitment");
            if (!commitments.visible(caller, c)) {
                throw new CoordinationException.InvalidInput("/commitment", "is not a commitment you can see");
            }
            kind = "commitment";
            ref = String.valueOf(c);
        } else if (body.has("declaration")) {
            String d = Json.text(body, "declaration");
            try {
                declarations.view(caller, d);
            } catch (CoordinationException.NotFound e) {
                throw new CoordinationException.InvalidInput("/declaration", "is not a declaration you can see");
            }
            kind = "declaration";
            ref = d;
        } else if (body.has("task_force")) {
            long t = Json.id(body, "task_force");
            if (records.community.taskForce(new TaskForceId(t)).isEmpty()) {
                throw new CoordinationException.InvalidInput("/task_force", "is not a task force of this community");
            }
            kind = "task-force";
            ref = String.valueOf(t);
        }
        records.jdbc.sql("insert into meeting_outcome (meeting_id, text, kind, ref) values (?, ?, ?, ?)").params(id, text, kind, ref).update();
        records.history(KIND, id, caller, "outcome", null, null, text);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", kind);
        details.put("ref", ref);
        records.audit(caller, "meeting:" + id, "outcome", details);
        return view(caller, id);
    }

    public Map<String, Object> view(Caller caller, long id) {
        SqlFilter visible = records.visible(caller, "m.");
        Map<String, Object> out = records.jdbc.sql("select m.* from meeting m where m.id = ? and " + visible.sql())
                .params(CoordinationRecords.concat(CoordinationRecords.params(id), visible.params()))
                .query((rs, n) -> summary(rs)).optional()
                .orElseThrow(() -> new CoordinationException.NotFound("meeting " + id));
        out.put("participants", records.jdbc.sql("select p.id, p.name, p.tier from meeting_participant mp join participant p"
                        + " on p.id = mp.participant_id where mp.meeting_id = ? order by p.id").param(id)
                .query((rs, n) -> Map.of("id", rs.getLong(1), "name", rs.getString(2), "tier", rs.getString(3))).list());
        out.put("agenda", records.jdbc.sql("select text from meeting_agenda_item where meeting_id = ? order by position").param(id)
                .query(String.class).list());
        out.put("outcomes", records.jdbc.sql("select text, kind, ref from meeting_outcome where meeting_id = ? order by id").param(id)
                .query((rs, n) -> {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("text", rs.getString(1));
                    o.put("kind", rs.getString(2));
                    o.put("ref", rs.getString(3));
                    return o;
                }).list().stream().filter(o -> linkVisible(caller, (String) o.get("kind"), (String) o.get("ref"))).toList());
        return out;
    }

    private boolean linkVisible(Caller caller, String kind, String ref) {
        return switch (kind) {
            case "commitment" -> commitments.visible(caller, Long.parseLong(ref));
            case "declaration" -> {
                try {
                    declarations.view(caller, ref);
                    yield true;
                } catch (CoordinationException.NotFound e) {
                    yield false;
                }
            }
            default -> true;
        };
    }

    private static Map<String, Object> summary(java.sql.ResultSet rs) throws java.sql.SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getLong("id"));
        m.put("title", rs.getString("title"));
        m.put("place", rs.getString("place"));
        m.put("date", rs.getObject("held_on", LocalDate.class).toString());
        m.put("sharing", CoordinationRecords.labelView(rs));
        return m;
    }

    public List<Map<String, Object>> list(Caller caller) {
        SqlFilter visible = records.visible(caller, "m.");
        return records.jdbc.sql("select m.* from meeting m where " + visible.sql() + " order by m.held_on, m.id")
                .params(visible.params()).query((rs, n) -> summary(rs)).list();
    }
}
