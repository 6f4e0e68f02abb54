package org.entente.federation.sync;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.UserId;
import org.entente.intel.ImportSummary;
import org.entente.intel.StixStore;
import org.entente.sharing.SharingLabel;
import org.entente.stix.StixId;
import org.entente.stix.StixJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * Pulls every peer's feed, each on its own virtual thread: a peer that is down, slow or answers
 * garbage only delays itself (bounded request timeout, exponential backoff up to a minute). Each pull
 * pages from the peer's cursor until {@code more} is false, applies the entries (store with the
 * original, mapped label; relabel; hide on revocation), then moves the cursor. A crash between applying
 * and moving the cursor replays the page, which stores nothing twice. A notification from the peer
 * ({@link #wake}) starts a pull at once instead of at the next poll.
 */
@Component
class PeerSync implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeerSync.class);

    private final Peers peers;
    private final PeerTransport transport;
    private final StixStore store;
    private final Community community;
    private final Duration pollInterval;
    private final Duration requestTimeout;
    private final int pageSize;
    private final Map<Long, Semaphore> signals = new ConcurrentHashMap<>();
    private final Map<Long, Thread> loops = new ConcurrentHashMap<>();
    private volatile boolean running;

    PeerSync(Peers peers, PeerTransport transport, StixStore store, Community community,
             @Value("${entente.federation.poll-interval:30s}") Duration pollInterval,
             @Value("${entente.federation.request-timeout:10s}") Duration requestTimeout,
             @Value("${entente.federation.page-size:500}") int pageSize) {
        this.peers = peers;
        this.transport = transport;
        this.store = store;
        this.community = community;
        this.pollInterval = pollInterval;
        this.requestTimeout = requestTimeout;
        this.pageSize = pageSize;
    }

    @Override
    public void start() {
        running = true;
        peers.all().forEach(p -> follow(p.id()));
    }

    @Override
    public void stop() {
        running = false;
        loops.values().forEach(Thread::interrupt);
        for (Thread t : loops.values()) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        loops.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts following a (new) peer. */
    void follow(long peer) {
        if (!running) {
            return;
        }
        loops.computeIfAbsent(peer, id -> Thread.ofVirtual().name("federation-pull-" + id).start(() -> loop(id)));
    }

    /** Pull from this peer now (it notified us, or an administrator asked). */
    void wake(long peer) {
        signal(peer).release();
    }

    private Semaphore signal(long peer) {
        return signals.computeIfAbsent(peer, id -> new Semaphore(0));
    }

    private void loop(long peerId) {
        Duration backoff = Duration.ZERO;
        while (running && !Thread.currentThread().isInterrupted()) {
            Duration wait;
            try {
                Optional<Peers.Peer> peer = peers.byId(peerId);
                if (peer.isEmpty()) {
                    return;
                }
                signal(peerId).drainPermits(); // what is signalled from here on is pulled by this pull or the next
                pull(peer.get());
                backoff = Duration.ZERO;
                wait = pollInterval;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                log.warn("federation pull from peer {} failed: {}", peerId, error);
                try {
                    peers.failed(peerId, error);
                } catch (RuntimeException ignored) {
                    // the database is unavailable too: try again later
                }
                backoff = backoff.isZero() ? Duration.ofMillis(500) : backoff.multipliedBy(2);
                if (backoff.compareTo(Duration.ofMinutes(1)) > 0) {
                    backoff = Duration.ofMinutes(1);
                }
                wait = backoff;
            }
            try {
                signal(peerId).tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Pages through the peer's feed from its cursor to the end. */
    void pull(Peers.Peer peer) throws Exception {
        Instant cursor = peer.cursor();
        for (int pages = 0; pages < 10_000; pages++) {
            URI uri = URI.create(peer.url().replaceAll("/+$", "") + "/federation/v1/feed?added_after=" + cursor + "&limit=" + pageSize);
            HttpRequest request = transport.identify(HttpRequest.newBuilder(uri).timeout(requestTimeout)
                    .header("Accept", "application/json")).GET().build();
            HttpResponse<byte[]> response = transport.client().send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the peer answered HTTP " + response.statusCode());
            }
            JsonNode page;
            try {
                page = StixJson.MAPPER.readTree(response.body());
            } catch (RuntimeException e) {
                throw new IllegalStateException("the peer's feed is not JSON");
            }
            if (!page.isObject() || !page.path("entries").isArray() || !page.path("more").isBoolean()
                    || !page.path("next").isString()) {
                throw new IllegalStateException("the peer's feed page is malformed");
            }
            Instant next = Instant.parse(page.path("next").asString());
            Applied applied = apply(peer, page.path("entries"));
            boolean more = page.path("more").asBoolean();
            peers.pulled(peer.id(), next, !more, applied.stored, applied.quarantined);
            if (!more) {
                return;
            }
            if (!next.isAfter(cursor)) {
                throw new IllegalStateException("the peer's cursor does not advance");
            }
            cursor = next;
        }
    }

    private record Applied(long stored, long quarantined) {
    }

    /** Applies one page: runs of object entries are stored together; a revocation hides at once, in order. */
    private Applied apply(Peers.Peer peer, JsonNode entries) {
        WireLabels labels = new WireLabels(community);
        long home = community.home().id().value();
        Caller actor = new Caller(new UserId(0), "peer:" + peer.participantName(), new OrganisationId(0), peer.participant(),
                org.entente.community.Tier.MEMBER, Set.of(), Set.of());
        List<JsonNode> objects = new ArrayList<>();
        List<SharingLabel> objectLabels = new ArrayList<>();
        long stored = 0, quarantined = 0;
        for (JsonNode entry : entries) {
            if (entry.has("revoke")) {
                stored += store(objects, objectLabels, actor);
                StixId.tryParse(entry.path("revoke").asString("")).ifPresent(id -> store.labelOf(id)
                        .filter(l -> l.ownerParticipant().value() != home)
                        .ifPresent(l -> store.hideReceived(id, l.owner())));
                continue;
            }
            WireLabels.Mapped mapped = labels.fromWire(entry.get("label"));
            if (mapped instanceof WireLabels.Mapped.Unmappable u) {
                peers.quarantine(peer.id(), entry.path("objects").path(0).path("id").asString(null), u.reason(), entry.toString());
                quarantined++;
                continue;
            }
            SharingLabel label = ((WireLabels.Mapped.Label) mapped).label();
            if (label.ownerParticipant().value() == home) {
                continue; // our own intelligence coming back: this node is its source of truth
            }
            for (JsonNode object : entry.path("objects")) {
                objects.add(object);
                objectLabels.add(label);
            }
        }
        stored += store(objects, objectLabels, actor);
        return new Applied(stored, quarantined);
    }

    private long store(List<JsonNode> objects, List<SharingLabel> labels, Caller actor) {
        if (objects.isEmpty()) {
            return 0;
        }
        byte[] array = StixJson.MAPPER.writeValueAsBytes(objects);
        List<SharingLabel> byIndex = List.copyOf(labels);
        ImportSummary summary = store.receive(new ByteArrayInputStream(array), byIndex::get, actor);
        // Versions already present may carry an older label: bring it up to date (narrowing or widening).
        Map<String, SharingLabel> latest = new java.util.LinkedHashMap<>();
        for (int i = 0; i < objects.size(); i++) {
            latest.put(objects.get(i).path("id").asString(""), byIndex.get(i));
        }
        latest.forEach((id, label) -> StixId.tryParse(id).ifPresent(stixId -> store.relabelReceived(stixId, label, actor)));
        if (!summary.rejected().isEmpty()) {
            log.warn("{} objects from a peer were rejected: {}", summary.rejected().size(), summary.rejected().getFirst());
        }
        objects.clear();
        labels.clear();
        return summary.stored();
    }
}
