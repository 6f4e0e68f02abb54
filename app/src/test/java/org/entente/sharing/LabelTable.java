package org.entente.sharing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A throw-away table of label rows, to run the policy's SQL form against exactly the rows the Java form sees. */
final class LabelTable {

    private LabelTable() {
    }

    static void load(Connection c, List<LabelRow> rows) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("""
                    create temp table if not exists labels (case_id int, owner_org bigint, owner_participant bigint,
                      tlp smallint, audience text, audience_task_force bigint, audience_participants bigint[], audience_orgs bigint[])""");
            s.execute("truncate labels");
        }
        try (PreparedStatement ps = c.prepareStatement("insert into labels values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < rows.size(); i++) {
                LabelRow r = rows.get(i);
                ps.setInt(1, i);
                ps.setLong(2, r.ownerOrg());
                ps.setLong(3, r.ownerParticipant());
                ps.setInt(4, r.tlp());
                ps.setString(5, r.audience());
                ps.setObject(6, r.audienceTaskForce());
                ps.setArray(7, c.createArrayOf("bigint", java.util.Arrays.stream(r.audienceParticipants()).boxed().toArray()));
                ps.setArray(8, c.createArrayOf("bigint", java.util.Arrays.stream(r.audienceOrgs()).boxed().toArray()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Case ids the SQL filter selects. */
    static Set<Integer> selected(Connection c, SqlFilter filter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select case_id from labels where " + filter.sql())) {
            for (int i = 0; i < filter.params().size(); i++) {
                Object p = filter.params().get(i);
                if (p instanceof Long[] array) {
                    ps.setArray(i + 1, c.createArrayOf("bigint", array));
                } else {
                    ps.setObject(i + 1, p);
                }
            }
            Set<Integer> out = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getInt(1));
                }
            }
            return out;
        }
    }
}
