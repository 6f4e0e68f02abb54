package org.entente.federation.sync;

import java.util.Optional;

import org.entente.node.Cluster;
import org.springframework.stereotype.Component;

/**
 * One pull per peer across the instances of this node (docs/adr/0008): every instance follows every
 * peer, and before pulling takes a PostgreSQL advisory lock named after the peer; an instance that
 * finds it taken skips this round (the holder is pulling the same feed). If the holder dies, the lock
 * goes with its session and the next instance to poll takes over from the stored cursor. A pull is
 * idempotent (a replayed page stores nothing twice), so the rare overlap after a lost lock session
 * costs work, not correctness.
 */
@Component
class PeerPullLock {

    /** Advisory lock namespace of peer pulls (first key of the two-int form). */
    static final int PEER_PULLS = 0x454e5402;

    interface Pull {
        void run() throws Exception;
    }

    private final Cluster cluster;

    PeerPullLock(Cluster cluster) {
        this.cluster = cluster;
    }

    /** Runs {@code pull} unless another instance is pulling this peer; returns whether it ran. */
    boolean pullAlone(long peer, Pull pull) throws Exception {
        Optional<Cluster.Lock> lock = cluster.tryLock(PEER_PULLS, Long.hashCode(peer));
        if (lock.isEmpty()) {
            return false;
        }
        try (Cluster.Lock held = lock.get()) {
            pull.run();
            return true;
        }
    }
}
