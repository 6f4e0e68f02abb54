package org.entente.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;

/**
 * An attacker with direct access to the database, for tamper tests on the shared test node. Opens a
 * connection of its own, takes the chain lock (so no append runs while the table is tampered with),
 * switches off the append-only trigger for its session only ({@code session_replication_role =
 * replica}) and snapshots the table, which {@link #restore()} (or {@link #close()}) puts back exactly.
 */
final class Tampering implements AutoCloseable {

    private final Connection c;
    private boolean restored;
    private boolean unlocked;

    Tampering(HikariDataSource pool, HeadAnchor anchor) throws SQLException {
        Properties props = new Properties();
        if (pool.getUsername() != null) {
            props.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            props.setProperty("password", pool.getPassword());
        }
        c = DriverManager.getConnection(pool.getJdbcUrl(), props);
        c.setAutoCommit(true);
        execute("select pg_advisory_lock(" + AuditTable.CHAIN_LOCK + ")");
        execute("set session_replication_role = replica");
        execute("create temp table audit_snapshot as select * from audit_log");
        awaitAnchorAtHead(anchor);
    }

    /**
     * An append that committed just before the lock was taken writes the anchor right after its
     * commit; wait for that, so the anchor is exactly at the head while the table is tampered with.
     */
    private void awaitAnchorAtHead(HeadAnchor anchor) throws SQLException {
        long head = head();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); // generous: a loaded machine (load 20+)
        while (!(anchor.read() instanceof HeadAnchor.State.At at && at.seq() == head)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the head anchor " + anchor.read() + " never reached entry " + head);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    long head() throws SQLException {
        return queryLong("select coalesce(max(seq), 0) from audit_log");
    }

    long queryLong(String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    int execute(String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            return s.getUpdateCount();
        }
    }

    /** The stored row, as the verifier reads it. */
    AuditTable.Row row(long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select seq, at, actor, action, subject, details::text, prev_hash, hash from audit_log where seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no entry " + seq);
                }
                return new AuditTable.Row(rs.getLong(1), rs.getObject(2, java.time.OffsetDateTime.class).toInstant(),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getBytes(7), rs.getBytes(8));
            }
        }
    }

    /** Gives entry {@code seq} a new subject and a correctly recomputed hash: what an attacker who read docs/AUDIT.md does. */
    void rewriteWithRecomputedHash(long seq, String subject) throws SQLException {
        AuditTable.Row r = row(seq);
        byte[] hash = EntryHash.of(r.seq(), r.at(), r.actor(), r.action(), subject, CanonicalJson.ofStored(r.details()),
                r.prevHash());
        try (PreparedStatement ps = c.prepareStatement("update audit_log set subject = ?, hash = ? where seq = ?")) {
            ps.setString(1, subject);
            ps.setBytes(2, hash);
            ps.setLong(3, seq);
            ps.executeUpdate();
        }
    }

    void swapContents(long a, long b) throws SQLException {
        execute("""
                update audit_log x set at = y.at, actor = y.actor, action = y.action, subject = y.subject,
                       details = y.details, prev_hash = y.prev_hash, hash = y.hash
                from audit_log y where (x.seq, y.seq) in ((%d, %d), (%d, %d))""".formatted(a, b, b, a));
    }

    void swapSequenceNumbers(long a, long b) throws SQLException {
        long parked = Long.MAX_VALUE;
        execute("update audit_log set seq = " + parked + " where seq = " + a);
        execute("update audit_log set seq = " + a + " where seq = " + b);
        execute("update audit_log set seq = " + b + " where seq = " + parked);
    }

    /**
     * Lets appends run again while the table stays tampered with (needed when the code under test,
     * e.g. an HTTP request, may itself append). The snapshot can then no longer be put back wholesale:
     * the caller undoes its change itself.
     */
    void unlock() throws SQLException {
        execute("select pg_advisory_unlock(" + AuditTable.CHAIN_LOCK + ")");
        restored = true;
        unlocked = true;
    }

    /** Puts every row back exactly as it was. */
    void restore() throws SQLException {
        if (unlocked) {
            throw new IllegalStateException("appends may have run since unlock(): undo the change instead");
        }
        execute("delete from audit_log");
        execute("insert into audit_log select * from audit_snapshot");
        restored = true;
    }

    @Override
    public void close() throws SQLException {
        try {
            if (!restored) {
                restore();
            }
        } finally {
            c.close(); // ends the session: its lock, role and temporary table go with it
        }
    }
}
