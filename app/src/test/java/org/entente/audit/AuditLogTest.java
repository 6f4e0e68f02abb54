package org.entente.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.entente.support.RunningNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Appending and verifying on a real node (embedded PostgreSQL), shared with other test classes. */
class AuditLogTest extends RunningNode {

    @Autowired
    AuditLog audit;
    @Autowired
    HeadAnchor anchor;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void anIntactChainVerifies() {
        String tag = tag();
        for (int i = 0; i < 5; i++) {
            audit.record(new AuditEvent("alice", AuditAction.LOGIN, tag));
        }
        Verification v = audit.verify();

        assertThat(v.intact()).as("%s", v).isTrue();
        assertThat(v.firstProblem()).isEmpty();
        assertThat(v.entriesChecked()).isBetween(seqsOf(tag).getLast(), head());
        assertThat(anchor.read()).isInstanceOfSatisfying(HeadAnchor.State.At.class,
                at -> assertThat(at.seq()).isGreaterThanOrEqualTo(seqsOf(tag).getLast()));
    }

    @Test
    void eachEntryLinksToThePreviousOneFromTheGenesis() {
        String tag = tag();
        audit.record(new AuditEvent("alice", AuditAction.TOKEN_ISSUED, tag, Map.of("label", "laptop")));
        long seq = seqsOf(tag).getFirst();
        List<AuditEntry> page = audit.entries(seq - 1, 1);

        AuditEntry e = page.getFirst();
        assertThat(e.sequence()).isEqualTo(seq);
        assertThat(e.actor()).isEqualTo("alice");
        assertThat(e.action()).isEqualTo("TOKEN_ISSUED");
        assertThat(e.subject()).isEqualTo(tag);
        assertThat(e.details().path("label").asString()).isEqualTo("laptop");
        assertThat(e.hash()).hasSize(64);
        String previous = seq == 1 ? "0".repeat(64) : audit.entries(seq - 2, 1).getFirst().hash();
        assertThat(e.prevHash()).isEqualTo(previous);
        assertThat(audit.entries(0, 1).getFirst().prevHash()).isEqualTo("0".repeat(64));
    }

    @Test
    void appendsFromManyThreadsStayOneLinearChain() throws Exception {
        String tag = tag();
        int threads = 8;
        int each = 25;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        audit.record(new AuditEvent("thread-" + thread, AuditAction.DISCLOSURE, tag,
                                Map.of("i", i)));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        List<Long> seqs = seqsOf(tag);
        assertThat(seqs).hasSize(threads * each).doesNotHaveDuplicates();
        Verification v = audit.verify();
        assertThat(v.intact()).as("%s", v).isTrue();
        // Gap-free: entries 1..head, each linked to the one before (checked by verify), none shared.
        assertThat(v.entriesChecked()).isBetween(seqs.getLast(), head());
        assertThat(jdbc.sql("select count(distinct prev_hash) = count(*) from audit_log").query(Boolean.class).single()).isTrue();
    }

    @Test
    void recordJoinsTheCallersTransactionSoARollbackLeavesNoEntry() {
        String tag = tag();
        long headBefore = head();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            audit.record(new AuditEvent("bob", AuditAction.RELEASE, tag));
            assertThat(countOnAnotherConnection(tag)).as("not visible before the caller commits").isZero();
            status.setRollbackOnly();
        });

        assertThat(seqsOf(tag)).isEmpty();
        assertThat(audit.verify().intact()).isTrue();
        assertThat(anchor.read()).isInstanceOfSatisfying(HeadAnchor.State.At.class,
                at -> assertThat(at.seq()).isLessThanOrEqualTo(Math.max(headBefore, head())));

        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            audit.record(new AuditEvent("bob", AuditAction.RELEASE, tag, Map.of("step", 1)));
            audit.record(new AuditEvent("bob", AuditAction.DISCLOSURE, tag, Map.of("step", 2)));
        });
        List<Long> committed = seqsOf(tag);
        assertThat(committed).hasSize(2);
        assertThat(committed.get(1)).isEqualTo(committed.get(0) + 1);
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void recordIndependentlySurvivesTheCallersRollback() {
        String tag = tag();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            audit.recordIndependently(new AuditEvent("eve", AuditAction.ACCESS_DENIED, tag));
            status.setRollbackOnly();
        });
        assertThat(seqsOf(tag)).hasSize(1);

        assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
            audit.record(new AuditEvent("eve", AuditAction.LOGIN, tag));
            audit.recordIndependently(new AuditEvent("eve", AuditAction.ACCESS_DENIED, tag));
        })).isInstanceOf(IllegalStateException.class);
        assertThat(seqsOf(tag)).hasSize(1);
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void detailsOfAnyShapeSurviveJsonbAndStillVerify() {
        String tag = tag();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("zeta", 1);
        details.put("alpha", List.of(0.1, 1.0, 1e20, -0.0, new BigDecimal("1.500"), new BigInteger("123456789012345678901234567890")));
        details.put("nested", Map.of("b", true, "a", Map.of("y", "x")));
        details.put("none", null);
        details.put("when", Instant.parse("2025-06-26T08:00:00.123456789Z"));
        details.put("text", "Ωμέγα 🚀 \"quoted\" back\\slash tab\tnew\nline \u0001 nul\u0000 lone\uD800");
        details.put("nan", Double.NaN);
        audit.record(new AuditEvent("actor\u0000with nul", AuditAction.PERMISSION_CHANGE, tag, details));

        assertThat(audit.verify().intact()).isTrue();
        AuditEntry e = audit.entries(seqsOf(tag).getFirst() - 1, 1).getFirst();
        assertThat(e.actor()).isEqualTo("actor\uFFFDwith nul");
        assertThat(e.details().path("alpha").toString()).isEqualTo("[0.1,1,100000000000000000000,0,1.5,123456789012345678901234567890]");
        assertThat(e.details().path("text").asString()).endsWith("nul\uFFFD lone\uFFFD");
        assertThat(e.details().path("nan").asString()).isEqualTo("NaN");
        assertThat(e.details().has("none")).isTrue();
    }

    @Test
    void theTableRefusesUpdatesAndDeletes() {
        String tag = tag();
        audit.record(new AuditEvent("alice", AuditAction.LOGIN, tag));
        long seq = seqsOf(tag).getFirst();

        assertThatThrownBy(() -> jdbc.sql("update audit_log set actor = 'mallory' where seq = ?").param(seq).update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_log where seq = ?").param(seq).update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("truncate audit_log").update()).hasMessageContaining("append-only");
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void entriesArePagedBySequenceNumber() {
        String tag = tag();
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            for (int i = 0; i < 7; i++) {
                audit.record(new AuditEvent("alice", AuditAction.DECLARATION, tag, Map.of("i", i)));
            }
        });
        long first = seqsOf(tag).getFirst();
        List<AuditEntry> page1 = audit.entries(first - 1, 4);
        List<AuditEntry> page2 = audit.entries(page1.getLast().sequence(), 4);

        assertThat(page1).extracting(AuditEntry::sequence).containsExactly(first, first + 1, first + 2, first + 3);
        assertThat(page2.getFirst().sequence()).isEqualTo(first + 4);
        assertThat(page2.getFirst().prevHash()).isEqualTo(page1.getLast().hash());
        var seen = new HashSet<Long>();
        page1.forEach(e -> seen.add(e.sequence()));
        page2.forEach(e -> assertThat(seen.add(e.sequence())).isTrue());
    }

    private long head() {
        return jdbc.sql("select coalesce(max(seq), 0) from audit_log").query(Long.class).single();
    }

    private List<Long> seqsOf(String subject) {
        return jdbc.sql("select seq from audit_log where subject = ? order by seq").param(subject).query(Long.class).list();
    }

    private long countOnAnotherConnection(String subject) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from audit_log where subject = ?")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tag() {
        return "audit-test-" + UUID.randomUUID();
    }
}
