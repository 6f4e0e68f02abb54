package org.entente.federation;

import java.time.Instant;
import java.util.List;

/**
 * This node's federation peers as an operator sees them (state, lag, counts, last error), for the
 * console's dashboard. Only for callers holding {@code federation.admin}: the caller of this API checks.
 */
public interface FederationHealth {

    record PeerStatus(long id, String participant, String url, String state, Instant lastPullAt, Instant caughtUpAt,
                      String lastError, Instant lastErrorAt, long received, long quarantined) {
    }

    List<PeerStatus> peers();
}
