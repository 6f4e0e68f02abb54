package org.entente.federation.sync;

import java.util.List;

import org.entente.federation.FederationHealth;
import org.springframework.stereotype.Component;

/** {@link FederationHealth} from the peers table, as {@code GET /api/v1/peers} shows it. */
@Component
class PeerHealthView implements FederationHealth {

    private final Peers peers;

    PeerHealthView(Peers peers) {
        this.peers = peers;
    }

    @Override
    public List<PeerStatus> peers() {
        return peers.all().stream().map(p -> new PeerStatus(p.id(), p.participantName(), p.url(), p.state(), p.lastPullAt(),
                p.caughtUpAt(), p.lastError(), p.lastErrorAt(), p.received(), p.quarantined())).toList();
    }
}
