package org.entente.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * All SQL of the audit log (table {@code audit_log}, V4). Appends run in the caller's transaction
 * (through {@link JdbcClient}); verification reads a snapshot on a connection of its own.
 */
@Component
class AuditTable {

    /** Serialises appends so the chain stays linear: "auditlog" in ASCII. */
    static final long CHAIN_LOCK = 0x61756469746c6f67L;
    private static final String COLUMNS = "seq, at, actor, action, subject, details::text, prev_hash, hash";

    private final JdbcClient jdbc;
    private final DataSource dataSource;

    AuditTable(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /** The newest entry, or sequence 0 with the genesis hash for an empty log. */
    record Head(long seq, Instant at, byte[] hash) {
        static final Head EMPTY = new Head(0, Instant.EPOCH, EntryHash.GENESIS);
    }

    /** An entry as stored; {@code details} is the table's text, not yet canonical. */
    record Row(long seq, Instant at, String actor, String action, String subject, String details, byte[] prevHash,
               byte[] hash) {

        byte[] computedHash(long asSequence) {
            return EntryHash.of(asSequence, at, actor, action, subject, CanonicalJson.ofStored(details), prevHash);
        }

        AuditEntry entry() {
            return new AuditEntry(seq, at, actor, action, subject, CanonicalJson.MAPPER.readTree(details),
                    EntryHash.hex(prevHash), EntryHash.hex(hash));
        }
    }

    /**
     * Takes the chain lock for the rest of the current transaction. It must come in a statement of its
     * own, before the head is read: under READ COMMITTED each statement sees what was committed when it
     * started, so the read after the lock sees the previous holder's entry.
     */
    void lock() {
        jdbc.sql("select 1 from pg_advisory_xact_lock(?)").param(CHAIN_LOCK).query(Integer.class).single();
    }

    Head head() {
        return jdbc.sql("select seq, at, hash from audit_log order by seq desc limit 1")
                .query((rs, n) -> new Head(rs.getLong(1), instant(rs, 2), rs.getBytes(3)))
                .optional().orElse(Head.EMPTY);
    }

    void insert(long seq, Instant at, String actor, String action, String subject, String details, byte[] prevHash,
                byte[] hash) {
        jdbc.sql("""
                        insert into audit_log (seq, at, actor, action, subject, details, prev_hash, hash)
                        values (?, ?, ?, ?, ?, ?::jsonb, ?, ?)""")
                .params(seq, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), actor, action, subject, details, prevHash, hash)
                .update();
    }

    List<AuditEntry> entries(long after, int limit) {
        return jdbc.sql("select " + COLUMNS + " from audit_log where seq > ? order by seq limit ?")
                .params(after, limit)
                .query((rs, n) -> row(rs).entry())
                .list();
    }

    /** Entries matching {@code filter} with a sequence number below {@code before} (if given), newest first. */
    List<AuditEntry> search(AuditLog.Filter filter, Long before, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from audit_log where true");
        java.util.List<Object> params = new java.util.ArrayList<>();
        if (before != null) {
            sql.append(" and seq < ?");
            params.add(before);
        }
        if (filter.actor() != null) {
            sql.append(" and actor = ?");
            params.add(filter.actor());
        }
        if (filter.action() != null) {
            sql.append(" and action = ?");
            params.add(filter.action());
        }
        if (filter.subject() != null) {
            // A literal substring: LIKE's wildcards in the filter are escaped.
            sql.append(" and subject like ? escape '\\'");
            params.add("%" + filter.subject().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (filter.from() != null) {
            sql.append(" and at >= ?");
            params.add(java.sql.Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" and at < ?");
            params.add(java.sql.Timestamp.from(filter.to()));
        }
        sql.append(" order by seq desc limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> row(rs).entry()).list();
    }

    /**
     * Walks the whole chain in sequence order in one snapshot. {@code anchor} must be read before
     * the snapshot is taken (the anchor is written after its entry commits, so the snapshot then holds
     * every anchored entry).
     */
    Verification verify(HeadAnchor.State anchor) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                return walk(c, anchor);
            } finally {
                c.rollback();
            }
        }
    }

    private Verification walk(Connection c, HeadAnchor.State anchor) throws SQLException {
        long expected = 1;
        byte[] previousHash = EntryHash.GENESIS;
        long checked = 0;
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from audit_log order by seq")) {
            ps.setFetchSize(1_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row r = row(rs);
                    if (r.seq() < expected) {
                        return broken(checked, r.seq(), Verification.Problem.REORDERED,
                                "sequence number out of order (numbers start at 1 and rise by one)");
                    }
                    if (r.seq() > expected) {
                        return broken(checked, expected, Verification.Problem.MISSING, r.seq() == expected + 1
                                ? "the entry was removed (the next one is " + r.seq() + ")"
                                : "entries " + expected + " to " + (r.seq() - 1) + " were removed");
                    }
                    if (!Arrays.equals(r.computedHash(r.seq()), r.hash())) {
                        rs.close();
                        return Verification.broken(checked, diagnose(c, r));
                    }
                    if (!Arrays.equals(r.prevHash(), previousHash)) {
                        // The entry is self-consistent but does not link: someone recomputed a hash.
                        return expected == 1
                                ? broken(checked, 1, Verification.Problem.ALTERED,
                                "rewritten with a recomputed hash (it does not start from the genesis value)")
                                : broken(checked - 1, expected - 1, Verification.Problem.ALTERED,
                                "its hash is not the prev_hash recorded by entry " + expected
                                        + ": this entry or the next was rewritten with a recomputed hash");
                    }
                    if (anchor instanceof HeadAnchor.State.At at && at.seq() == r.seq() && !Arrays.equals(at.hash(), r.hash())) {
                        return broken(checked, r.seq(), Verification.Problem.ALTERED,
                                "does not match the head anchor: the log up to here was rewritten with recomputed hashes");
                    }
                    previousHash = r.hash();
                    expected++;
                    checked++;
                }
            }
        }
        long last = expected - 1;
        return switch (anchor) {
            case HeadAnchor.State.At at when at.seq() > last -> broken(checked, expected, Verification.Problem.MISSING,
                    at.seq() == expected ? "the newest entry was removed (the head anchor records entry " + at.seq() + ")"
                            : "the newest entries " + expected + " to " + at.seq() + " were removed (the head anchor records entry "
                            + at.seq() + ")");
            case HeadAnchor.State.At at -> Verification.intact(checked);
            case HeadAnchor.State.Absent a -> broken(checked, expected, Verification.Problem.ANCHOR,
                    "the head anchor is missing, so removal of the newest entries cannot be ruled out");
            case HeadAnchor.State.Unreadable u -> broken(checked, expected, Verification.Problem.ANCHOR,
                    "the head anchor is unreadable (" + u.reason() + "), so removal of the newest entries cannot be ruled out");
        };
    }

    /**
     * The entry's hash does not match its content. If the content is a genuine entry written under
     * another sequence number, rows (or their sequence numbers) were moved; otherwise it was altered.
     * Candidates for where the content was written: after the entry its prev_hash names, before the
     * entry naming its hash, or next to where it is now. A candidate only counts if the hash proves it.
     */
    private static Verification.Problem diagnose(Connection c, Row r) throws SQLException {
        Optional<Long> predecessor = Arrays.equals(r.prevHash(), EntryHash.GENESIS) ? Optional.of(0L)
                : seqWhere(c, "hash", r.prevHash());
        Set<Long> candidates = new LinkedHashSet<>();
        predecessor.ifPresent(p -> candidates.add(p + 1));
        seqWhere(c, "prev_hash", r.hash()).ifPresent(s -> candidates.add(s - 1));
        candidates.add(r.seq() + 1);
        candidates.add(r.seq() - 1);
        for (long written : candidates) {
            if (written > 0 && written != r.seq() && Arrays.equals(r.computedHash(written), r.hash())) {
                if (predecessor.isEmpty() && written > r.seq()) {
                    return new Verification.Problem(r.seq(), Verification.Problem.MISSING,
                            "entries were removed and the later ones renumbered: this place holds entry " + written);
                }
                return new Verification.Problem(r.seq(), Verification.Problem.REORDERED,
                        "holds the entry written as entry " + written);
            }
        }
        return new Verification.Problem(r.seq(), Verification.Problem.ALTERED, "hash does not match its content");
    }

    private static Optional<Long> seqWhere(Connection c, String column, byte[] hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select seq from audit_log where " + column + " = ? order by seq limit 1")) {
            ps.setBytes(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static Verification broken(long checked, long seq, String kind, String detail) {
        return Verification.broken(checked, new Verification.Problem(seq, kind, detail));
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong(1), instant(rs, 2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getBytes(7), rs.getBytes(8));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
