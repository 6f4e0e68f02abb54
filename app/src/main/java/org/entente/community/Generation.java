package org.entente.community;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A counter that every change to what a cache holds moves forward, so a cached value is used only
 * while the counter still reads what it read before the value was loaded.
 *
 * <p>{@link #advance()} moves it at once and, inside a transaction, once more when the transaction
 * completes (commit or rollback). The second move is what makes the caches exact: a value loaded
 * between the change and its commit (the old rows, or the transaction's own uncommitted ones) is
 * stamped with a number the completion has already left behind. The completion runs before the
 * {@code @Transactional} method returns to its caller, so the very next request after the change's
 * answer sees it.
 *
 * <p>Across the instances of a node (several processes on one database) the change is also announced:
 * {@code announce} runs inside the change's transaction (a PostgreSQL {@code NOTIFY}, delivered when
 * that transaction commits), and each other instance calls {@link #moved()} when it arrives, so its
 * next request reloads. See docs/adr/0008.
 */
public final class Generation {

    private final AtomicLong value = new AtomicLong();
    private final Runnable announce;

    /** A generation of this process only. */
    public Generation() {
        this(() -> {
        });
    }

    /** A generation whose changes {@code announce} tells the other instances about (in the change's transaction). */
    public Generation(Runnable announce) {
        this.announce = announce;
    }

    /** Read this before loading a value; the value is current while {@code current()} still returns it. */
    public long current() {
        return value.get();
    }

    /** Something cached changed (or is about to be committed): invalidate now and at transaction completion. */
    public void advance() {
        value.incrementAndGet();
        announce.run();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    value.incrementAndGet();
                }
            });
        }
    }

    /** Something cached changed elsewhere (another instance committed a change): invalidate now. */
    public void moved() {
        value.incrementAndGet();
    }
}
