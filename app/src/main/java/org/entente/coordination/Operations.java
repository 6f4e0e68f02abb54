package org.entente.coordination;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.entente.community.Caller;
import org.entente.community.Ids.ParticipantId;
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
 * Joint cyber operations: participants, links to incidents and indicators by STIX id (only ids are
 * stored; a link is listed only to readers who may read the object through the store), tasks with
 * owners, deadlines and states, the agreed protocol (the checklist of the operation's type, copied at
 * creation, items checked with who and when) and a timeline of everything that happened. State machine:
 * {@link OperationState}. Default label: the operation's participants (named), TLP:AMBER.
 */
@Service
public class Operations {

    static final String KIND = "operation";

    private final CoordinationRecords records;
    private final StixStore store;

    Operations(CoordinationRecords records, StixStore store) {
        this.records = records;
        this.store = store;
    }

    private record Row(long id, OperationState state) {
    }

    private Row require(Caller caller, long id, boolean lock) {
        SqlFilter visible = records.visible(caller, "o.");
        return records.jdbc.sql("select o.id, o.state from operation o where o.id = ? and " + visible.sql() + (lock ? " for update" : ""))
                .params(CoordinationRecords.concat(CoordinationRecords.params(id), visible.params()))
                .query((rs, n) -> new Row(rs.getLong(1), OperationState.byCode(rs.getString(2)).orElseThrow()))
                .optional().orElseThrow(() -> new CoordinationException.NotFound("operation " + id));
    }

    @Transactional
    public long create(Caller caller, JsonNode body) {
        Json.object(body);
        String name = Json.text(body, "name");
        String type = body.has("type") ? Json.text(body, "type") : "general";
        List<String> protocol = records.jdbc.sql("select text from protocol_template_item where operation_type = ? order by position")
                .param(type).query(String.class).list();
        if (protocol.isEmpty()) {
            throw new CoordinationException.InvalidInput("/type", "must be an operation type with an agreed protocol: "
                    + records.jdbc.sql("select distinct operation_type from protocol_template_item order by 1").query(String.class).list());
        }
        String description = body.has("description") ? Json.text(body, "description") : "";
        List<Long> participants = Json.ids(body, "participants", true);
        records.requireParticipants(participants, "/participants");
        Set<ParticipantId> named = participants.stream().map(ParticipantId::new).collect(Collectors.toSet());
        named.add(caller.participant());
        SharingLabel label = records.label(caller, body, Tlp.AMBER, new Audience.Named(named, Set.of()));
        long id = records.jdbc.sql("insert into operation (name, operation_type, description, state, created_by, "
                        + CoordinationRecords.LABEL_COLUMNS + ") values (?, ?, ?, 'proposed', ?, " + CoordinationRecords.LABEL_VALUES
                        + ") returning id")
                .params(CoordinationRecords.concat(CoordinationRecords.params(name, type, description, caller.username()),
                        CoordinationRecords.labelParams(label)))
                .query(Long.class).single();
        for (Long p : participants) {
            records.jdbc.sql("insert into operation_participant values (?, ?) on conflict do nothing").params(id, p).update();
        }
        for (int i = 0; i < protocol.size(); i++) {
            records.jdbc.sql("insert into operation_checklist_item (operation_id, position, text) values (?, ?, ?)")
                    .params(id, i + 1, protocol.get(i)).update();
        }
        records.history(KIND, id, caller, "created", null, OperationState.PROPOSED.code(), name);
        records.audit(caller, "operation:" + id, "created", Map.of("name", name, "type", type, "audience", label.audience().code()));
        return id;
    }

    @Transactional
    public Map<String, Object> transition(Caller caller, long id, String to, String note) {
        Row row = require(caller, id, true);
        OperationState target = OperationState.byCode(to == null ? "" : to).orElseThrow(() ->
                new CoordinationException.InvalidInput("/state", "must be proposed, active, concluded or aborted"));
        row.state().to(target).orThrow("operation " + id);
        records.jdbc.sql("update operation set state = ? where id = ?").params(target.code(), id).update();
        records.history(KIND, id, caller, "state", row.state().code(), target.code(), note);
        records.audit(caller, "operation:" + id, "state", Map.of("from", row.state().code(), "to", target.code()));
        return view(caller, id);
    }

    private void requireOpen(Row row) {
        if (row.state().isFinal()) {
            throw new CoordinationException.Conflict("operation " + row.id() + " is " + row.state().code() + ": it changes no more");
        }
    }

    /** Links an incident or indicator by STIX id; the caller must be able to read it. */
    @Transactional
    public Map<String, Object> link(Caller caller, long id, JsonNode body) {
        Json.object(body);
        Row row = require(caller, id, true);
        requireOpen(row);
        String ref = Json.text(body, "stix_id");
        StixId stix = StixId.tryParse(ref).orElseThrow(() -> new CoordinationException.InvalidInput("/stix_id", "is not a STIX id"));
        if (store.latest(caller, stix).isEmpty()) {
            throw new CoordinationException.InvalidInput("/stix_id", "is not an object you can read");
        }
        String kind = switch (stix.type()) {
            case "incident" -> "incident";
            case "indicator" -> "indicator";
            default -> "other";
        };
        records.jdbc.sql("insert into operation_link (operation_id, stix_id, kind, added_by) values (?, ?, ?, ?) on conflict do nothing")
                .params(id, stix.toString(), kind, caller.username()).update();
        records.history(KIND, id, caller, "linked", null, null, stix.toString());
        records.audit(caller, "operation:" + id, "linked", Map.of("stix_id", stix.toString()));
        return view(caller, id);
    }

    @Transactional
    public Map<String, Object> addTask(Caller caller, long id, JsonNode body) {
        Json.object(body);
        Row row = require(caller, id, true);
        requireOpen(row);
        String title = Json.text(body, "title");
        long owner = Json.id(body, "owner_organisation");
        if (records.community.organisations().stream().noneMatch(o -> o.id().value() == owner)) {
            throw new CoordinationException.InvalidInput("/owner_organisation", "is not an organisation of this community");
        }
        LocalDate deadline = Json.date(body, "deadline");
        long task = records.jdbc.sql("insert into operation_task (operation_id, title, owner_org, deadline, state, created_by)"
                        + " values (?, ?, ?, ?, 'open', ?) returning id")
                .params(id, title, owner, deadline, caller.username()).query(Long.class).single();
        records.history(KIND, id, caller, "task", null, "open", "task " + task + ": " + title);
        records.audit(caller, "operation:" + id, "task", Map.of("task", task, "owner_organisation", owner));
        return view(caller, id);
    }

    @Transactional
    public Map<String, Object> moveTask(Caller caller, long id, long task, String to) {
        Row row = require(caller, id, true);
        requireOpen(row);
        String current = records.jdbc.sql("select state from operation_task where id = ? and operation_id = ?").params(task, id)
                .query(String.class).optional().orElseThrow(() -> new CoordinationException.NotFound("task " + task));
        TaskState target = TaskState.byCode(to == null ? "" : to).orElseThrow(() ->
                new CoordinationException.InvalidInput("/state", "must be open, in-progress, done or cancelled"));
        TaskState from = TaskState.byCode(current).orElseThrow();
        from.to(target).orThrow("task " + task);
        records.jdbc.sql("update operation_task set state = ? where id = ?").params(target.code(), task).update();
        records.history(KIND, id, caller, "task-state", from.code(), target.code(), "task " + task);
        records.audit(caller, "operation:" + id, "task-state", Map.of("task", task, "from", from.code(), "to", target.code()));
        return view(caller, id);
    }

    /** Checks item {@code position} of the operation's protocol checklist (who and when are recorded). */
    @Transactional
    public Map<String, Object> check(Caller caller, long id, int position) {
        Row row = require(caller, id, true);
        requireOpen(row);
        int updated = records.jdbc.sql("update operation_checklist_item set checked_by = ?, checked_at = now()"
                        + " where operation_id = ? and position = ? and checked_by is null")
                .params(caller.username(), id, position).update();
        if (updated == 0) {
            boolean exists = records.jdbc.sql("select count(*) from operation_checklist_item where operation_id = ? and position = ?")
                    .params(id, position).query(Long.class).single() > 0;
            if (!exists) {
                throw new CoordinationException.NotFound("protocol item " + position);
            }
            throw new CoordinationException.Conflict("protocol item " + position + " is checked already");
        }
        records.history(KIND, id, caller, "checked", null, null, "protocol item " + position);
        records.audit(caller, "operation:" + id, "checked", Map.of("item", position));
        return view(caller, id);
    }

    public Map<String, Object> view(Caller caller, long id) {
        SqlFilter visible = records.visible(caller, "o.");
        Map<String, Object> out = records.jdbc.sql("select o.* from operation o where o.id = ? and " + visible.sql())
                .params(CoordinationRecords.concat(CoordinationRecords.params(id), visible.params()))
                .query((rs, n) -> summary(rs)).optional()
                .orElseThrow(() -> new CoordinationException.NotFound("operation " + id));
        out.put("participants", records.jdbc.sql("select p.id, p.name from operation_participant op join participant p"
                        + " on p.id = op.participant_id where op.operation_id = ? order by p.id").param(id)
                .query((rs, n) -> Map.of("id", rs.getLong(1), "name", rs.getString(2))).list());
        out.put("links", links(caller, id));
        out.put("tasks", records.jdbc.sql("select id, title, owner_org, deadline, state from operation_task where operation_id = ? order by id")
                .param(id).query((rs, n) -> Map.of("id", rs.getLong(1), "title", rs.getString(2), "owner_organisation", rs.getLong(3),
                        "deadline", rs.getObject(4, LocalDate.class).toString(), "state", rs.getString(5))).list());
        out.put("protocol", records.jdbc.sql("select position, text, checked_by, checked_at from operation_checklist_item"
                        + " where operation_id = ? order by position").param(id)
                .query((rs, n) -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("item", rs.getInt(1));
                    item.put("text", rs.getString(2));
                    item.put("checked_by", rs.getString(3));
                    item.put("checked_at", rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant().toString());
                    return item;
                }).list());
        return out;
    }

    /** The links the caller may read through the store: others are left out, ids included. */
    private List<Map<String, Object>> links(Caller caller, long id) {
        return records.jdbc.sql("select stix_id, kind, added_by, added_at from operation_link where operation_id = ? order by added_at, stix_id")
                .param(id)
                .query((rs, n) -> Map.<String, Object>of("stix_id", rs.getString(1), "kind", rs.getString(2), "added_by", rs.getString(3),
                        "added_at", rs.getTimestamp(4).toInstant().toString())).list().stream()
                .filter(l -> StixId.tryParse((String) l.get("stix_id")).flatMap(s -> store.latest(caller, s)).isPresent())
                .toList();
    }

    /** Everything that happened to the operation, oldest first (links the caller may not read are left out). */
    public List<Map<String, Object>> timeline(Caller caller, long id) {
        require(caller, id, false);
        Set<String> readable = links(caller, id).stream().map(l -> (String) l.get("stix_id")).collect(Collectors.toSet());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> e : records.historyOf(KIND, id)) {
            if ("linked".equals(e.get("action")) && !readable.contains(e.get("note"))) {
                continue;
            }
            out.add(e);
        }
        return out;
    }

    private static Map<String, Object> summary(java.sql.ResultSet rs) throws java.sql.SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getLong("id"));
        m.put("name", rs.getString("name"));
        m.put("type", rs.getString("operation_type"));
        m.put("description", rs.getString("description"));
        m.put("state", rs.getString("state"));
        m.put("sharing", CoordinationRecords.labelView(rs));
        return m;
    }

    public List<Map<String, Object>> list(Caller caller) {
        SqlFilter visible = records.visible(caller, "o.");
        return records.jdbc.sql("select o.* from operation o where " + visible.sql() + " order by o.id")
                .params(visible.params()).query((rs, n) -> summary(rs)).list();
    }
}
