package org.entente.federation.sync;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.entente.intel.IntelDeleted;
import org.entente.intel.IntelStored;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells every peer, after a commit that changed the store, that it should pull now
 * ({@code POST /federation/v1/notify}). The notice carries nothing: the peer pulls what the policy
 * releases to it, so a notice is idempotent and reveals nothing. Notices to one peer are coalesced;
 * a lost notice only delays that peer until its next poll.
 */
@Component
class PushNotifier {

    private final Peers peers;
    private final PeerTransport transport;
    private final Map<Long, AtomicBoolean> pending = new ConcurrentHashMap<>();

    PushNotifier(Peers peers, PeerTransport transport) {
        this.peers = peers;
        this.transport = transport;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void stored(IntelStored event) {
        if (!event.versions().isEmpty() && transport.enabled()) {
            notifyPeers();
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void deleted(IntelDeleted event) {
        if (transport.enabled()) {
            notifyPeers();
        }
    }

    private void notifyPeers() {
        for (Peers.Peer peer : peers.all()) {
            AtomicBoolean flag = pending.computeIfAbsent(peer.id(), id -> new AtomicBoolean());
            if (flag.compareAndSet(false, true)) {
                Thread.ofVirtual().name("federation-notify-" + peer.id()).start(() -> {
                    flag.set(false);
                    try {
                        HttpRequest request = HttpRequest.newBuilder(
                                        URI.create(peer.url().replaceAll("/+$", "") + "/federation/v1/notify"))
                                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody()).build();
                        transport.client(peer.fingerprint()).send(request, HttpResponse.BodyHandlers.discarding());
                    } catch (Exception e) {
                        // the peer's next poll picks it up
                    }
                });
            }
        }
    }
}
