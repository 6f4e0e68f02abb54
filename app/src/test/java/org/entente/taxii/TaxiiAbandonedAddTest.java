package org.entente.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.HexFormat;
import java.util.UUID;

import org.entente.node.Cluster;
import org.entente.support.RunningNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.zaxxer.hikari.HikariDataSource;

/**
 * A TAXII add is stored by the instance that received it; if that instance stops first, its status
 * must not stay "pending" for ever (as it did across a restart): any instance completes it with the
 * pending objects failed, but only once the receiving instance is really gone.
 */
class TaxiiAbandonedAddTest extends RunningNode {

    @Autowired
    TaxiiStatuses statuses;
    @Autowired
    Cluster cluster;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    HikariDataSource pool;

    @Test
    void aPendingAddOfAnInstanceThatStoppedIsFailedAndOneOfALiveInstanceIsLeftAlone() throws Exception {
        int otherKey = new java.security.SecureRandom().nextInt();
        String other = HexFormat.of().toHexDigits(otherKey);
        UUID ofThis = pending(cluster.instance());
        UUID ofOther = pending(other);
        UUID fromBefore = pending(null); // recorded before instances were: its node has restarted since

        // The other instance is alive while a session holds its lock (as its Cluster does).
        try (Connection session = DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
             PreparedStatement lock = session.prepareStatement("select pg_advisory_lock(?, ?)")) {
            lock.setInt(1, Cluster.INSTANCE_LOCKS);
            lock.setInt(2, otherKey);
            lock.execute();
            assertThat(cluster.alive(other)).isTrue();
            statuses.failAbandoned();
            assertThat(status(ofThis)).isEqualTo("pending");
            assertThat(status(ofOther)).isEqualTo("pending");
            assertThat(status(fromBefore)).isEqualTo("complete");
        }
        // Its session ended (the process died, or stopped): nobody will ever complete its add. The
        // server releases the lock when the session's backend exits, a moment after the close.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (cluster.alive(other) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(cluster.alive(other)).isFalse();
        assertThat(cluster.alive("not an instance")).isFalse();
        statuses.failAbandoned();
        assertThat(status(ofThis)).isEqualTo("pending");
        assertThat(status(ofOther)).isEqualTo("complete");
        var row = jdbc.queryForMap("select failure_count, pending_count, success_count, failures::text as failures, pendings::text as pendings"
                + " from taxii_status where id = ?", ofOther);
        assertThat(row.get("failure_count")).isEqualTo(2);
        assertThat(row.get("pending_count")).isEqualTo(0);
        assertThat(row.get("success_count")).isEqualTo(0);
        assertThat((String) row.get("failures")).contains("indicator--0e0f", TaxiiStatuses.ABANDONED);
        assertThat((String) row.get("pendings")).isEqualTo("[]");
        // This instance's own add is completed by this instance as usual, not by the check.
        jdbc.update("delete from taxii_status where id = ?", ofThis);
    }

    private UUID pending(String instance) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                        insert into taxii_status (id, user_id, collection_id, request_timestamp, status, total_count, pending_count,
                                                  pendings, instance)
                        values (?, (select id from app_user where username = 'admin'), ?, now(), 'pending', 2, 2, ?::jsonb, ?)""",
                id, UUID.randomUUID(), """
                        [{"id":"indicator--0e0f0000-0000-4000-8000-000000000001","version":"2025-06-26T10:00:00.000Z","message":null},
                         {"id":"indicator--0e0f0000-0000-4000-8000-000000000002","version":"2025-06-26T10:00:00.000Z","message":null}]""",
                instance);
        return id;
    }

    private String status(UUID id) {
        return jdbc.queryForObject("select status from taxii_status where id = ?", String.class, id);
    }
}
