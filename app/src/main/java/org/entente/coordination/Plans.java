package org.entente.coordination;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * Contingency plans (e.g. a natural disaster) with the registry of resources each member offers to
 * them (type, quantity, readiness time), and what is committed per plan (totals per resource type).
 * Default label: members and observers, TLP:AMBER. Only full members offer resources.
 */
@Service
public class Plans {

    static final String KIND = "plan";

    private final CoordinationRecords records;

    Plans(CoordinationRecords records) {
        this.records = records;
    }

    @Transactional
    public long create(Caller caller, JsonNode body) {
        Json.object(body);
        String name = Json.text(body, "name");
        String hazard = Json.text(body, "hazard");
        SharingLabel label = records.label(caller, body, Tlp.AMBER, new Audience.MembersAndObservers());
        long id = records.jdbc.sql("insert into contingency_plan (name, hazard, created_by, " + CoordinationRecords.LABEL_COLUMNS
                        + ") values (?, ?, ?, " + CoordinationRecords.LABEL_VALUES + ") returning id")
                .params(CoordinationRecords.concat(CoordinationRecords.params(name, hazard, caller.username()),
                        CoordinationRecords.labelParams(label)))
                .query(Long.class).single();
        records.history(KIND, id, caller, "created", null, null, null);
        records.audit(caller, "plan:" + id, "created", Map.of("name", name, "audience", label.audience().code()));
        return id;
    }

    /** The caller's participant offers a resource: {@code type}, {@code quantity}, {@code unit}, {@code readiness_hours}. */
    @Transactional
    public Map<String, Object> offer(Caller caller, long id, JsonNode body) {
        Json.object(body);
        String type = Json.text(body, "type");
        BigDecimal quantity = Json.positive(body, "quantity");
        String unit = body.has("unit") ? Json.text(body, "unit") : "units";
        int readiness = Json.integer(body, "readiness_hours", 0);
        if (!records.visibleRow("contingency_plan", caller, id)) {
            throw new CoordinationException.NotFound("plan " + id);
        }
        if (caller.tier() != Tier.MEMBER) {
            throw new CoordinationException.NotAllowed("only full members offer resources to a contingency plan");
        }
        records.jdbc.sql("insert into plan_resource (plan_id, participant_id, resource_type, quantity, unit, readiness_hours, offered_by)"
                        + " values (?, ?, ?, ?, ?, ?, ?)")
                .params(id, caller.participant().value(), type, quantity, unit, readiness, caller.username()).update();
        records.history(KIND, id, caller, "offer", null, null, quantity.toPlainString() + " " + unit + " " + type);
        records.audit(caller, "plan:" + id, "offer", Map.of("type", type, "quantity", quantity, "unit", unit,
                "readiness_hours", readiness));
        return view(caller, id);
    }

    public Map<String, Object> view(Caller caller, long id) {
        SqlFilter visible = records.visible(caller, "t.");
        Map<String, Object> out = records.jdbc.sql("select t.* from contingency_plan t where t.id = ? and " + visible.sql())
                .params(CoordinationRecords.concat(CoordinationRecords.params(id), visible.params()))
                .query((rs, n) -> summary(rs)).optional()
                .orElseThrow(() -> new CoordinationException.NotFound("plan " + id));
        Map<Long, Community.Participant> participants = records.participants();
        out.put("resources", records.jdbc.sql("select participant_id, resource_type, quantity, unit, readiness_hours, offered_by"
                        + " from plan_resource where plan_id = ? order by id").param(id)
                .query((rs, n) -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("participant", participants.containsKey(rs.getLong(1)) ? participants.get(rs.getLong(1)).name() : rs.getLong(1));
                    r.put("type", rs.getString(2));
                    r.put("quantity", rs.getBigDecimal(3));
                    r.put("unit", rs.getString(4));
                    r.put("readiness_hours", rs.getInt(5));
                    r.put("offered_by", rs.getString(6));
                    return r;
                }).list());
        out.put("totals", records.jdbc.sql("select resource_type, unit, sum(quantity), count(distinct participant_id), min(readiness_hours)"
                        + " from plan_resource where plan_id = ? group by resource_type, unit order by resource_type, unit").param(id)
                .query((rs, n) -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("type", rs.getString(1));
                    r.put("unit", rs.getString(2));
                    r.put("quantity", rs.getBigDecimal(3));
                    r.put("participants", rs.getLong(4));
                    r.put("fastest_readiness_hours", rs.getInt(5));
                    return r;
                }).list());
        return out;
    }

    private static Map<String, Object> summary(java.sql.ResultSet rs) throws java.sql.SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getLong("id"));
        m.put("name", rs.getString("name"));
        m.put("hazard", rs.getString("hazard"));
        m.put("sharing", CoordinationRecords.labelView(rs));
        return m;
    }

    public List<Map<String, Object>> list(Caller caller) {
        SqlFilter visible = records.visible(caller, "t.");
        return records.jdbc.sql("select t.* from contingency_plan t where " + visible.sql() + " order by t.id")
                .params(visible.params()).query((rs, n) -> summary(rs)).list();
    }
}
