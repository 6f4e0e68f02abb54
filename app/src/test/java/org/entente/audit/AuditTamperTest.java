package org.entente.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import org.entente.support.RunningNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The acceptance test of the audit log: change, delete or swap any single row in PostgreSQL and
 * verification names the first bad entry and what happened to it. Each case builds a fresh chain of
 * 24 entries, tampers as an attacker with database access would (append-only trigger switched off),
 * verifies, restores the table exactly and verifies again.
 */
class AuditTamperTest extends RunningNode {

    static final int CHAIN = 24;

    @Autowired
    AuditLog audit;
    @Autowired
    HikariDataSource pool;
    @Autowired
    HeadAnchor anchor;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    /** Where the test's own entries are: {@code m} is a middle one; {@code head} is the log's newest. */
    record Chain(long first, long m, long last, long head) {
    }

    @FunctionalInterface
    interface Tamper {
        void apply(Tampering db, Chain chain) throws Exception;
    }

    static Stream<Arguments> tampering() {
        return Stream.of(
                // one field of a middle entry changed
                tamper("actor changed", (db, c) -> db.execute("update audit_log set actor = 'mallory' where seq = " + c.m()),
                        Chain::m, "altered"),
                tamper("action changed", (db, c) -> db.execute("update audit_log set action = 'LOGIN' where seq = " + c.m()),
                        Chain::m, "altered"),
                tamper("subject changed", (db, c) -> db.execute(
                        "update audit_log set subject = subject || ' (edited)' where seq = " + c.m()), Chain::m, "altered"),
                tamper("details value changed", (db, c) -> db.execute(
                        "update audit_log set details = jsonb_set(details, '{amount}', '2') where seq = " + c.m()), Chain::m, "altered"),
                tamper("details key added", (db, c) -> db.execute(
                        "update audit_log set details = details || '{\"note\": \"x\"}' where seq = " + c.m()), Chain::m, "altered"),
                tamper("timestamp changed by a microsecond", (db, c) -> db.execute(
                        "update audit_log set at = at + interval '1 microsecond' where seq = " + c.m()), Chain::m, "altered"),
                tamper("prev_hash changed", (db, c) -> db.execute(
                        "update audit_log set prev_hash = sha256(prev_hash) where seq = " + c.m()), Chain::m, "altered"),
                tamper("hash changed", (db, c) -> db.execute(
                        "update audit_log set hash = sha256(hash) where seq = " + c.m()), Chain::m, "altered"),
                tamper("timestamps of two entries swapped", (db, c) -> {
                    assertThat(db.row(c.m()).at()).isNotEqualTo(db.row(c.m() + 5).at());
                    db.execute("update audit_log x set at = y.at from audit_log y where (x.seq, y.seq) in ((%d, %d), (%d, %d))"
                            .formatted(c.m(), c.m() + 5, c.m() + 5, c.m()));
                }, Chain::m, "altered"),
                // removed
                tamper("middle entry deleted", (db, c) -> db.execute("delete from audit_log where seq = " + c.m()),
                        Chain::m, "missing"),
                tamper("first entry of the log deleted", (db, c) -> db.execute("delete from audit_log where seq = 1"),
                        c -> 1, "missing"),
                tamper("newest entry deleted (head anchor)", (db, c) -> db.execute("delete from audit_log where seq = " + c.head()),
                        Chain::head, "missing"),
                tamper("newest three entries deleted (head anchor)", (db, c) -> db.execute(
                        "delete from audit_log where seq > " + (c.head() - 3)), c -> c.head() - 2, "missing"),
                tamper("middle entry deleted and the later ones renumbered", (db, c) -> {
                    db.execute("delete from audit_log where seq = " + c.m());
                    for (long s = c.m() + 1; s <= c.head(); s++) {
                        db.execute("update audit_log set seq = " + (s - 1) + " where seq = " + s);
                    }
                }, Chain::m, "missing"),
                tamper("middle entry moved past the end", (db, c) -> db.execute(
                        "update audit_log set seq = " + (c.head() + 1) + " where seq = " + c.m()), Chain::m, "missing"),
                // swapped
                tamper("contents of two entries swapped", (db, c) -> db.swapContents(c.m(), c.m() + 5), Chain::m, "reordered"),
                tamper("contents of two neighbours swapped", (db, c) -> db.swapContents(c.m(), c.m() + 1), Chain::m, "reordered"),
                tamper("sequence numbers of two entries swapped", (db, c) -> db.swapSequenceNumbers(c.m(), c.m() + 5),
                        Chain::m, "reordered"),
                tamper("sequence numbers of the newest two swapped", (db, c) -> db.swapSequenceNumbers(c.head() - 1, c.head()),
                        c -> c.head() - 1, "reordered"),
                tamper("first entry of the log swapped with a middle one", (db, c) -> db.swapSequenceNumbers(1, c.m()),
                        c -> 1, "reordered"),
                // rewritten by someone who knows the hash function
                tamper("middle entry rewritten with a recomputed hash", (db, c) -> db.rewriteWithRecomputedHash(c.m(), "forged"),
                        Chain::m, "altered"),
                tamper("newest entry rewritten with a recomputed hash (head anchor)",
                        (db, c) -> db.rewriteWithRecomputedHash(c.head(), "forged"), Chain::head, "altered"));
    }

    private static Arguments tamper(String name, Tamper tamper, ToLongFunction<Chain> at, String kind) {
        return Arguments.of(name, tamper, at, kind);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tampering")
    void verificationNamesTheFirstBadEntry(String name, Tamper tamper, ToLongFunction<Chain> at, String kind) throws Exception {
        List<Long> seqs = appendChain();
        try (Tampering db = new Tampering(pool, anchor)) {
            Chain chain = new Chain(seqs.getFirst(), seqs.get(10), seqs.getLast(), db.head());
            Verification before = audit.verify();
            assertThat(before.intact()).as("intact before tampering: %s", before).isTrue();

            tamper.apply(db, chain);
            Verification broken = audit.verify();

            assertThat(broken.intact()).isFalse();
            Verification.Problem problem = broken.firstProblem().orElseThrow();
            assertThat(problem.sequence()).as("first bad entry (%s)", problem).isEqualTo(at.applyAsLong(chain));
            assertThat(problem.kind()).as("kind (%s)", problem).isEqualTo(kind);
            assertThat(problem.detail()).isNotBlank();
            assertThat(broken.entriesChecked()).isLessThan(before.entriesChecked());

            db.restore();
            Verification restored = audit.verify();
            assertThat(restored.intact()).as("intact once restored: %s", restored).isTrue();
            assertThat(restored.entriesChecked()).isEqualTo(before.entriesChecked());
        }
    }

    /** 24 entries in one transaction, so their sequence numbers are consecutive whatever else appends. */
    private List<Long> appendChain() {
        String tag = "tamper-" + UUID.randomUUID();
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            for (int i = 0; i < CHAIN; i++) {
                audit.record(new AuditEvent("tester", AuditAction.DECLARATION, tag + "/" + i,
                        Map.of("amount", 1, "index", i)));
            }
        });
        List<Long> seqs = jdbc.sql("select seq from audit_log where subject like ? order by seq")
                .param(tag + "/%").query(Long.class).list();
        assertThat(seqs).hasSize(CHAIN);
        assertThat(seqs.getLast() - seqs.getFirst()).isEqualTo(CHAIN - 1);
        return seqs;
    }
}
