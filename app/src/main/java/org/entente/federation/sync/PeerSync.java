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

import org.entente.audit.AuditAction;
import org.entente.audit.AuditEvent;
import org.entente.audit.AuditLog;
import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.UserId;
import org.entente.federation.ParticipantKeys;
import org.entente.federation.ProvenanceResult;
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
    private final Provenance provenance;
    private final AuditLog audit;
    private final Duration pollInterval;
    private final Duration requestTimeout;
    private final int pageSize;
    private final Map<Long, Semaphore> signals = new ConcurrentHashMap<>();
    private final Map<Long, Thread> loops = new ConcurrentHashMap<>();
    private volatile boolean running;

    PeerSync(Peers peers, PeerTransport transport, StixStore store, Community community, Provenance provenance, AuditLog audit,
             @Value("${entente.federation.poll-interval:30s}") Duration pollInterval,
             @Value("${entente.federation.request-timeout:10s}") Duration requestTimeout,
             @Value("${entente.federation.page-size:500}") int pageSize) {
        this.peers = peers;
        this.transport = transport;
        this.store = store;
        this.community = community;
        this.provenance = provenance;
        this.audit = audit;
        this.pollInterval = pollInterval;
        this.requestTimeout = requestTimeout;
        this.pageSize = pageSize;
    }

    @Override
    public void start() {
        if (!transport.enabled()) {
            return; // no federation port, no credentials: this node does not federate
        }
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
                    Optional<Peers.Peer> before = peers.byId(peerId);
                    peers.failed(peerId, error);
                    if (refusal(e) && before.isPresent() && !error.equals(before.get().lastError())) {
                        audit.record(new AuditEvent("node", AuditAction.FEDERATION_PEER_REFUSED, before.get().participantName(),
                                Map.of("url", before.get().url(), "reason", error)));
                    }
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
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                    .header("Accept", "application/json").GET().build();
            HttpResponse<byte[]> response = transport.client(peer.fingerprint()).send(request, HttpResponse.BodyHandlers.ofByteArray());
            PeerTransport.checkServer(response, peer.participantName());
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
            Applied applied = apply(peer, page.path("entries"), page.path("certificates"));
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

    /** Whether a failure is the peer's certificate being refused (rather than the peer being down or broken). */
    private static boolean refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLHandshakeException || t instanceof java.security.cert.CertificateException
                    || t.getMessage() != null && t.getMessage().contains("certificate names")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Applies one page: each object version is first checked against its originator's provenance
     * signature (the participant owning its label, whoever relayed it), then runs of accepted versions
     * are stored together with their signatures (kept to relay them unchanged); a revocation hides at
     * once, in order. A rejected version goes to quarantine, with an audit entry, and is never stored.
     */
    private Applied apply(Peers.Peer peer, JsonNode entries, JsonNode certificates) {
        WireLabels labels = new WireLabels(community);
        long home = community.home().id().value();
        String homeName = community.home().name();
        Caller actor = new Caller(new UserId(0), "peer:" + peer.participantName(), new OrganisationId(0), peer.participant(),
                org.entente.community.Tier.MEMBER, Set.of(), Set.of());
        ParticipantKeys keys = provenance.keys();
        if (certificates.isObject()) {
            for (var c : certificates.properties()) {
                if (keys.byKeyId(c.getKey()).isEmpty()) {
                    keys = Provenance.withCertificate(keys, c.getValue().asString("")).orElse(keys);
                }
            }
        }
        Batch batch = new Batch();
        long stored = 0, quarantined = 0;
        Map<String, Provenance.Signed> kept = provenance.lookup(ids(entries));
        Set<String> certificatesKept = new java.util.HashSet<>(); // one insert per signing key and page, not per entry
        for (JsonNode entry : entries) {
            if (entry.has("revoke")) {
                stored += store(batch, actor, peer);
                revoke(peer, entry, labels, home);
                continue;
            }
            JsonNode object = entry.path("object");
            JsonNode wire = entry.path("label");
            String id = object.path("id").asString(null);
            String originator = wire.path("owner").path("participant").asString("");
            if (originator.equals(homeName)) {
                continue; // our own intelligence coming back: this node is its source of truth
            }
            String signedAt = entry.path("signed_at").asString("");
            String jws = entry.path("signature").asString("");
            ProvenanceResult result = object.isObject() && wire.isObject() && !jws.isEmpty()
                    ? Provenance.verify(object, wire, signedAt, jws, keys, originator)
                    : new ProvenanceResult.Rejected(ProvenanceResult.Reason.MALFORMED_JWS, "the entry carries no object, label or signature");
            if (result instanceof ProvenanceResult.Verified && !instant(signedAt)) {
                result = new ProvenanceResult.Rejected(ProvenanceResult.Reason.MALFORMED_JWS, "signed_at is not an instant");
            }
            if (result instanceof ProvenanceResult.Rejected r) {
                quarantine(peer, id, originator, r.reason() + ": " + r.detail(), entry);
                quarantined++;
                continue;
            }
            String kid = ((ProvenanceResult.Verified) result).keyId();
            WireLabels.Mapped mapped = labels.fromWire(wire);
            if (mapped instanceof WireLabels.Mapped.Unmappable u) {
                quarantine(peer, id, originator, "UNMAPPABLE_LABEL: " + u.reason(), entry);
                quarantined++;
                continue;
            }
            Provenance.Signed signed = new Provenance.Signed(id, Provenance.modified(object), Provenance.canonical(wire), signedAt,
                    jws, kid);
            String version = Provenance.key(signed.id(), signed.modified());
            Provenance.Signed have = kept.get(version);
            if (have != null && newer(have.signedAt(), signedAt)) {
                continue; // an older signature than the one held (a late or replayed copy): never rolls a label back
            }
            kept.put(version, signed); // a later, older copy of this version in the same page is ignored too
            if (certificatesKept.add(kid)) {
                provenance.keepCertificate(keys, kid);
            }
            batch.add(object, ((WireLabels.Mapped.Label) mapped).label(), signed);
        }
        stored += store(batch, actor, peer);
        return new Applied(stored, quarantined);
    }

    /**
     * A revocation hides this node's copy of an object owned by someone else (the owner named in the
     * entry, or else the owner of the latest version held), but only when it comes from the originator's
     * node (the owner's participant) or from a peer that delivered the object to this node: a third peer
     * cannot hide what it never gave us. Anything else is ignored and logged.
     */
    private void revoke(Peers.Peer peer, JsonNode entry, WireLabels labels, long home) {
        Optional<StixId> id = StixId.tryParse(entry.path("revoke").asString(""));
        if (id.isEmpty()) {
            return;
        }
        Optional<OrganisationId> owner = entry.has("owner") ? labels.ownerFromWire(entry.get("owner"))
                : store.labelOf(id.get()).map(SharingLabel::owner);
        if (owner.isEmpty()) {
            return;
        }
        var ownerParticipant = labels.participantOf(owner.get());
        if (ownerParticipant.value() == home) {
            return; // this node is the source of truth for its own intelligence
        }
        if (!ownerParticipant.equals(peer.participant()) && !peers.deliveredBy(peer.participant(), id.get().toString())) {
            log.warn("ignored a revocation of {} from peer {}: neither the originator's node nor a peer that delivered it",
                    id.get(), peer.participantName());
            return;
        }
        store.hideReceived(id.get(), owner.get());
    }

    private static boolean instant(String s) {
        try {
            Instant.parse(s);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean newer(String held, String received) {
        try {
            return Instant.parse(held).isAfter(Instant.parse(received));
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static List<String> ids(JsonNode entries) {
        List<String> ids = new ArrayList<>();
        for (JsonNode e : entries) {
            String id = e.path("object").path("id").asString(null);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    private void quarantine(Peers.Peer peer, String objectId, String originator, String reason, JsonNode entry) {
        peers.quarantine(peer.id(), objectId, reason, entry.toString());
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("peer", peer.participantName());
        details.put("originator", originator);
        details.put("reason", reason.length() > 300 ? reason.substring(0, 300) : reason);
        audit.record(new AuditEvent("peer:" + peer.participantName(), AuditAction.FEDERATION_QUARANTINE,
                objectId == null ? "(no id)" : objectId, details));
        log.warn("quarantined {} from peer {}: {}", objectId, peer.participantName(), reason);
    }

    private static final class Batch {
        final List<JsonNode> objects = new ArrayList<>();
        final List<SharingLabel> labels = new ArrayList<>();
        final List<Provenance.Signed> signatures = new ArrayList<>();

        void add(JsonNode object, SharingLabel label, Provenance.Signed signed) {
            objects.add(object);
            labels.add(label);
            signatures.add(signed);
        }

        void clear() {
            objects.clear();
            labels.clear();
            signatures.clear();
        }
    }

    private long store(Batch batch, Caller actor, Peers.Peer from) {
        if (batch.objects.isEmpty()) {
            return 0;
        }
        // Signatures first: a relabel committed below is never served onward with an older signed label.
        provenance.keep(batch.signatures);
        byte[] array = StixJson.MAPPER.writeValueAsBytes(batch.objects);
        List<SharingLabel> byIndex = List.copyOf(batch.labels);
        ImportSummary summary = store.receive(new ByteArrayInputStream(array), byIndex::get, actor);
        // Versions already present may carry an older label: bring them up to date (narrowing or widening),
        // per owner (the store relabels an owner's versions of an id, never another owner's), with the label
        // of the newest signature among this owner's versions, never with whichever entry came last.
        Map<String, Integer> newest = new java.util.LinkedHashMap<>();
        for (int i = 0; i < batch.objects.size(); i++) {
            String key = batch.objects.get(i).path("id").asString("") + "\u0000" + byIndex.get(i).owner().value();
            newest.merge(key, i, (held, other) -> newer(batch.signatures.get(held).signedAt(),
                    batch.signatures.get(other).signedAt()) ? held : other);
        }
        newest.values().forEach(i -> StixId.tryParse(batch.objects.get(i).path("id").asString(""))
                .ifPresent(stixId -> store.relabelReceived(stixId, byIndex.get(i), actor)));
        peers.delivered(from.participant(), batch.objects.stream().map(o -> o.path("id").asString("")).distinct().toList());
        if (!summary.rejected().isEmpty()) {
            log.warn("{} objects from a peer were rejected: {}", summary.rejected().size(), summary.rejected().getFirst());
        }
        batch.clear();
        return summary.stored();
    }
}
