package org.entente.audit;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tamper-evident audit log: an append-only chain in which every entry carries the SHA-256 of the
 * previous one, so changing, removing or reordering any entry breaks the chain where it happened.
 * The newest (sequence, hash) is also anchored in the node's home ({@code audit.head}) so removing
 * the newest entries is detected too. See docs/AUDIT.md.
 *
 * <p>Appends are serialised by a transaction-scoped PostgreSQL advisory lock, held until the
 * transaction ends: the chain is linear and its sequence numbers have no gaps. Record the audit entry
 * as the last step of the caller's transaction, so the lock is held briefly and taken after the
 * caller's own locks (always in that order, which avoids deadlocks).
 */
@Service
public class AuditLog implements SmartInitializingSingleton {

    private final AuditTable table;
    private final HeadAnchor anchor;
    private final TransactionTemplate independent;

    AuditLog(AuditTable table, HeadAnchor anchor, PlatformTransactionManager transactions) {
        this.table = table;
        this.anchor = anchor;
        this.independent = new TransactionTemplate(transactions);
        this.independent.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Appends; joins the caller's Spring transaction if one is active, so an action and its audit
     * entry commit together (and a rolled-back action leaves no entry). Without a transaction, the
     * entry is committed before this returns. The caller's transaction must be read-write and READ
     * COMMITTED (Spring's default).
     */
    @Transactional
    public void record(AuditEvent event) {
        append(event);
    }

    /**
     * Appends in a transaction of its own, committed before this returns whatever then happens to the
     * caller's transaction: for refusals ({@link AuditAction#ACCESS_DENIED}, {@link AuditAction#LOGIN_FAILED})
     * that are usually followed by a rollback. Refused (IllegalStateException) when the caller's
     * transaction has already recorded an entry: it holds the chain lock, so the new transaction
     * would wait for it forever.
     */
    public void recordIndependently(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        if (pendingAnchor() != null) {
            throw new IllegalStateException("this transaction already holds the audit chain lock;"
                    + " record refusals independently before recording anything else in it");
        }
        independent.executeWithoutResult(status -> append(event));
    }

    /** Walks the whole chain and checks it against the head anchor. Read-only; safe during appends. */
    public Verification verify() {
        HeadAnchor.State anchored = anchor.read(); // before the snapshot: see AuditTable.verify
        try {
            return table.verify(anchored);
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("could not read the audit log", e);
        }
    }

    /** Entries with a sequence number above {@code after}, oldest first, at most {@code limit}. */
    public List<AuditEntry> entries(long after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        return table.entries(after, limit);
    }

    /**
     * What the audit viewer filters on; every field optional: the exact actor, the exact action name, a
     * literal substring of the subject, and when ({@code [from, to)}).
     */
    public record Filter(String actor, String action, String subject, Instant from, Instant to) {
        public static final Filter NONE = new Filter(null, null, null, null, null);
    }

    /**
     * Entries matching {@code filter}, newest first, with a sequence number below {@code before} when
     * given (the last sequence of the previous page), at most {@code limit}.
     */
    public List<AuditEntry> search(Filter filter, Long before, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        return table.search(Objects.requireNonNull(filter, "filter"), before, limit);
    }

    private void append(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        String actor = CanonicalJson.text(event.actor());
        String action = event.action().name();
        String subject = CanonicalJson.text(event.subject());
        String details = CanonicalJson.ofDetails(event.details());

        table.lock();
        AuditTable.Head head = table.head();
        anchor.checkAgainst(head.seq(), head.hash());
        long seq = head.seq() + 1;
        // Never earlier than the previous entry, even if the clock stepped back.
        Instant now = EntryHash.truncate(Instant.now());
        Instant at = now.isBefore(head.at()) ? head.at() : now;
        byte[] hash = EntryHash.of(seq, at, actor, action, subject, details, head.hash());
        table.insert(seq, at, actor, action, subject, details, head.hash(), hash);

        AnchorOnCommit pending = pendingAnchor();
        if (pending == null) {
            pending = new AnchorOnCommit();
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        pending.seq = seq;
        pending.hash = hash;
    }

    /** The anchor update registered by an earlier append in the current transaction, if any. */
    private static AnchorOnCommit pendingAnchor() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        return TransactionSynchronizationManager.getSynchronizations().stream()
                .filter(AnchorOnCommit.class::isInstance).map(AnchorOnCommit.class::cast)
                .findFirst().orElse(null);
    }

    /** Moves the head anchor to the transaction's newest entry once (and only if) it commits. */
    private final class AnchorOnCommit implements TransactionSynchronization {
        long seq;
        byte[] hash;

        @Override
        public void afterCommit() {
            anchor.advance(seq, hash);
        }
    }

    /** At start, before the node serves requests: anchor the chain if it has no anchor yet. */
    @Override
    public void afterSingletonsInstantiated() {
        AuditTable.Head head = table.head();
        anchor.initialise(head.seq(), head.hash());
    }
}
