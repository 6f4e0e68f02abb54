package org.entente.federation.sync;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.entente.intel.IntelDeleted;
import org.entente.intel.IntelStored;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells every peer, after a commit that changed the store, that it should pull now
 * ({@code POST /federation/v1/notify}). The notice carries nothing: the peer pulls what the policy
 * releases to it, so a notice is idempotent and reveals nothing. Notices to one peer are coalesced.
 * A notice that fails (the peer is down, or too loaded to answer within the timeout) is sent again a
 * few times, half a second, one and two seconds later; a notice lost even so only delays that peer
 * until its next poll.
 */
@Component
class PushNotifier {

    /** Attempts per notice; the delay before a retry doubles from {@link #FIRST_RETRY}. */
    static final int ATTEMPTS = 4;
    static final Duration FIRST_RETRY = Duration.ofMillis(500);

    private final Peers peers;
    private final PeerTransport transport;
    private final Map<Long, AtomicBoolean> pending = new ConcurrentHashMap<>();
    /** The latest notice started per peer: an older one stops retrying (the newer one covers it). */
    private final Map<Long, AtomicLong> latest = new ConcurrentHashMap<>();

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

    /**
     * One notice, sent again after a failure or a server error, at most {@link #ATTEMPTS} times, unless a
     * newer notice to the same peer has started meanwhile (it covers this one).
     */
    private void send(Peers.Peer peer, AtomicLong latestOfPeer, long notice) {
        Duration delay = FIRST_RETRY;
        for (int attempt = 1; ; attempt++) {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(peer.url().replaceAll("/+$", "") + "/federation/v1/notify"))
                        .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody()).build();
                int status = transport.client(peer.fingerprint()).send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status < 500) {
                    return; // taken (202), or refused for good (403: not paired there): sending again changes nothing
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // not delivered: try again below
            }
            if (attempt == ATTEMPTS || latestOfPeer.get() != notice) {
                return; // the peer's next poll picks it up, or the newer notice's pull does
            }
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            delay = delay.multipliedBy(2);
        }
    }

    private void notifyPeers() {
        for (Peers.Peer peer : peers.all()) {
            AtomicBoolean flag = pending.computeIfAbsent(peer.id(), id -> new AtomicBoolean());
            AtomicLong latestOfPeer = latest.computeIfAbsent(peer.id(), id -> new AtomicLong());
            if (flag.compareAndSet(false, true)) {
                Thread.ofVirtual().name("federation-notify-" + peer.id()).start(() -> {
                    flag.set(false);
                    send(peer, latestOfPeer, latestOfPeer.incrementAndGet());
                });
            }
        }
    }
}
