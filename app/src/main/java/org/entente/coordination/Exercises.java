package org.entente.coordination;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.entente.community.Caller;
import org.entente.community.Ids.ParticipantId;
import org.entente.sharing.Audience;
import org.entente.sharing.SharingLabel;
import org.entente.sharing.SqlFilter;
import org.entente.stix.Tlp;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.JsonNode;

/**
 * Joint exercises: scenario, dates, participants and an after-action report. Default label: the
 * exercise's participants (named), TLP:AMBER.
 */
@Service
public class Exercises {

    static final String KIND = "exercise";

    private final CoordinationRecords records;

    Exercises(CoordinationRecords records) {
        this.records = records;
    }

    static boolean visible(CoordinationRecords records, Caller caller, long id) {
        return records.visibleRow("exercise", caller, id);
    }

    @Transactional
    public long create(Caller caller, JsonNode body) {
        Json.object(body);
        String name = Json.text(body, "name");
        String scenario = Json.text(body, "scenario");
        LocalDate starts = Json.date(body, "starts");
        LocalDate ends = Json.date(body, "ends");
        if (ends.isBefore(starts)) {
            throw new CoordinationException.InvalidInput("/ends", "'ends' is before 'starts'");
        }
        List<Long> participants = Json.ids(body, "participants", true);
        records.requireParticipants(participants, "/participants");
        Set<ParticipantId> named = participants.stream().map(ParticipantId::new).collect(Collectors.toSet());
        named.add(caller.participant());
        SharingLabel label = records.label(caller, body, Tlp.AMBER, new Audience.Named(named, Set.of()));
        long id = records.jdbc.sql("insert into exercise (name, scenario, starts_on, ends_on, created_by, " + CoordinationRecords.LABEL_COLUMNS
                        + ") values (?, ?, ?, ?, ?, " + CoordinationRecords.LABEL_VALUES + ") returning id")
                .params(CoordinationRecords.concat(CoordinationRecords.params(name, scenario, starts, ends, caller.username()),
                        CoordinationRecords.labelParams(label)))
                .query(Long.class).single();
        for (Long p : participants) {
            records.jdbc.sql("insert into exercise_participant values (?, ?) on conflict do nothing").params(id, p).update();
        }
        records.history(KIND, id, caller, "created", null, null, null);
        records.audit(caller, "exercise:" + id, "created", Map.of("name", name, "audience", label.audience().code()));
        return id;
    }

    @Transactional
    public Map<String, Object> report(Caller caller, long id, JsonNode body) {
        Json.object(body);
        String report = Json.text(body, "after_action_report");
        if (!visible(records, caller, id)) {
            throw new CoordinationException.NotFound("exercise " + id);
        }
        records.jdbc.sql("update exercise set after_action_report = ? where id = ?").params(report, id).update();
        records.history(KIND, id, caller, "after-action-report", null, null, null);
        records.audit(caller, "exercise:" + id, "after-action-report", Map.of());
        return view(caller, id);
    }

    public Map<String, Object> view(Caller caller, long id) {
        SqlFilter visible = records.visible(caller, "e.");
        Map<String, Object> out = records.jdbc.sql("select e.* from exercise e where e.id = ? and " + visible.sql())
                .params(CoordinationRecords.concat(CoordinationRecords.params(id), visible.params()))
                .query((rs, n) -> summary(rs)).optional()
                .orElseThrow(() -> new CoordinationException.NotFound("exercise " + id));
        out.put("participants", records.jdbc.sql("select p.id, p.name from exercise_participant ep join participant p"
                        + " on p.id = ep.participant_id where ep.exercise_id = ? order by p.id").param(id)
                .query((rs, n) -> Map.of("id", rs.getLong(1), "name", rs.getString(2))).list());
        out.put("history", records.historyOf(KIND, id));
        return out;
    }

    private static Map<String, Object> summary(java.sql.ResultSet rs) throws java.sql.SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getLong("id"));
        m.put("name", rs.getString("name"));
        m.put("scenario", rs.getString("scenario"));
        m.put("starts", rs.getObject("starts_on", LocalDate.class).toString());
        m.put("ends", rs.getObject("ends_on", LocalDate.class).toString());
        m.put("after_action_report", rs.getString("after_action_report"));
        m.put("sharing", CoordinationRecords.labelView(rs));
        return m;
    }

    public List<Map<String, Object>> list(Caller caller) {
        SqlFilter visible = records.visible(caller, "e.");
        return records.jdbc.sql("select e.* from exercise e where " + visible.sql() + " order by e.starts_on, e.id")
                .params(visible.params()).query((rs, n) -> summary(rs)).list();
    }
}
