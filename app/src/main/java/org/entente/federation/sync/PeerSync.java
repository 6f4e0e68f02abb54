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
import java.util.concurrent.CompletableFuture;
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
import org.entente.intel.Rejection;
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
    private final PeerPullLock pullLock;

    PeerSync(Peers peers, PeerTransport transport, StixStore store, Community community, Provenance provenance, AuditLog audit,
             PeerPullLock pullLock,
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
        this.pullLock = pullLock;
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
                pullLock.pullAlone(peerId, () -> pull(peer.get())); // skipped while another instance pulls this peer
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
                    // Audited before the peer shows as failing, so that whoever sees the refusal in the peer list
                    // finds it in the audit log too.
                    if (refusal(e) && before.isPresent() && !error.equals(before.get().lastError())) {
                        audit.record(new AuditEvent("node", AuditAction.FEDERATION_PEER_REFUSED, before.get().participantName(),
                                Map.of("url", before.get().url(), "reason", error)));
                    }
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

    /**
     * Pages through the peer's feed from its cursor to the end. The next page is requested while this one
     * is applied (its cursor is known as soon as this page is read), so the peer's work on a page overlaps
     * this node's; the cursor still moves only after a page is applied, so a crash replays from there.
     */
    void pull(Peers.Peer peer) throws Exception {
        Instant cursor = peer.cursor();
        CompletableFuture<HttpResponse<byte[]>> fetch = fetch(peer, cursor);
        for (int pages = 0; pages < 10_000; pages++) {
            JsonNode page = read(peer, await(fetch));
            Instant next = Instant.parse(page.path("next").asString());
            boolean more = page.path("more").asBoolean();
            if (more && !next.isAfter(cursor)) {
                throw new IllegalStateException("the peer's cursor does not advance");
            }
            fetch = more ? fetch(peer, next) : null;
            Applied applied;
            try {
                applied = apply(peer, page.path("entries"), page.path("certificates"));
            } catch (RuntimeException e) {
                if (fetch != null) {
                    fetch.cancel(true);
                }
                throw e;
            }
            peers.pulled(peer.id(), next, !more, applied.stored, applied.quarantined);
            if (!more) {
                return;
            }
            cursor = next;
        }
    }

    private CompletableFuture<HttpResponse<byte[]>> fetch(Peers.Peer peer, Instant after) {
        URI uri = URI.create(peer.url().replaceAll("/+$", "") + "/federation/v1/feed?added_after=" + after + "&limit=" + pageSize);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json").GET().build();
        return transport.client(peer.fingerprint()).sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> await(CompletableFuture<HttpResponse<byte[]>> fetch) throws Exception {
        try {
            return fetch.get();
        } catch (InterruptedException e) {
            fetch.cancel(true);
            throw e;
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static JsonNode read(Peers.Peer peer, HttpResponse<byte[]> response) {
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
                || !page.path("next").isString() || !instant(page.path("next").asString())) {
            throw new IllegalStateException("the peer's feed page is malformed");
        }
        return page;
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
     * signature (the participant owning its label, whoever relayed it), all of the page's versions at
     * once on the machine's cores; then, in order, runs of accepted versions are stored together with
     * their signatures (kept to relay them unchanged), and a revocation, once its signature by the peer
     * is verified, hides at once. A rejected version or revocation goes to quarantine, with an audit
     * entry, and is never applied.
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
        List<JsonNode> page = new ArrayList<>(entries.size());
        entries.forEach(page::add);
        ProvenanceResult[] results = verifyAll(page, keys, homeName);

        Batch batch = new Batch();
        long stored = 0, quarantined = 0;
        Map<String, Provenance.Signed> kept = provenance.lookup(ids(entries));
        Set<String> certificatesKept = new java.util.HashSet<>(); // one insert per signing key and page, not per entry
        for (int i = 0; i < page.size(); i++) {
            JsonNode entry = page.get(i);
            if (entry.has("revoke")) {
                Stored s = store(batch, actor, peer);
                stored += s.stored();
                quarantined += s.quarantined();
                ProvenanceResult checked = Provenance.verifyRevocation(entry, keys, peer.participantName(), homeName);
                if (checked instanceof ProvenanceResult.Rejected r) {
                    quarantine(peer, entry.path("revoke").asString(null), peer.participantName(),
                            "REVOCATION " + r.reason() + ": " + r.detail(), entry);
                    quarantined++;
                    continue;
                }
                revoke(peer, entry, labels, home);
                // What it hid is now held as revoked: a copy later in this page is judged against that.
                String revokedId = entry.path("revoke").asString("");
                kept.keySet().removeIf(k -> k.startsWith(revokedId + "\u0000"));
                kept.putAll(provenance.lookup(List.of(revokedId)));
                continue;
            }
            ProvenanceResult result = results[i];
            if (result == null) {
                continue; // our own intelligence coming back: this node is its source of truth
            }
            JsonNode object = entry.path("object");
            JsonNode wire = entry.path("label");
            String id = object.path("id").asString(null);
            String originator = wire.path("owner").path("participant").asString("");
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
            String signedAt = entry.path("signed_at").asString("");
            Provenance.Signed signed = new Provenance.Signed(id, Provenance.modified(object), Provenance.canonical(wire), signedAt,
                    entry.path("signature").asString(""), kid);
            String version = Provenance.key(signed.id(), signed.modified());
            Provenance.Signed have = kept.get(version);
            if (have != null && newer(have.signedAt(), signedAt)) {
                continue; // an older signature than the one held (a late or replayed copy): never rolls a label back
            }
            if (have != null && have.revoked() && !newer(signedAt, have.signedAt())) {
                // A revocation hid this version here, and this copy is signed no later than the one revoked: a
                // relay that has not learnt of the revocation yet (pages of different peers arrive in any order)
                // never brings it back. Only a later signature of the originator (a new label) does.
                continue;
            }
            kept.put(version, signed); // a later, older copy of this version in the same page is ignored too
            if (certificatesKept.add(kid)) {
                provenance.keepCertificate(keys, kid);
            }
            batch.add(entry, ((WireLabels.Mapped.Label) mapped).label(), signed, originator);
        }
        Stored s = store(batch, actor, peer);
        return new Applied(stored + s.stored(), quarantined + s.quarantined());
    }

    /**
     * The provenance check of every object entry of a page, computed in parallel (the entries are
     * independent; {@code keys} is immutable): null for a revocation and for this node's own
     * intelligence coming back, else Verified or Rejected.
     */
    private static ProvenanceResult[] verifyAll(List<JsonNode> page, ParticipantKeys keys, String homeName) {
        ProvenanceResult[] results = new ProvenanceResult[page.size()];
        Parallel.forEach(page.size(), i -> {
            JsonNode entry = page.get(i);
            if (entry.has("revoke")) {
                return;
            }
            JsonNode object = entry.path("object");
            JsonNode wire = entry.path("label");
            String originator = wire.path("owner").path("participant").asString("");
            if (originator.equals(homeName)) {
                return;
            }
            String signedAt = entry.path("signed_at").asString("");
            String jws = entry.path("signature").asString("");
            ProvenanceResult result = object.isObject() && wire.isObject() && !jws.isEmpty()
                    ? Provenance.verify(object, wire, signedAt, jws, keys, originator)
                    : new ProvenanceResult.Rejected(ProvenanceResult.Reason.MALFORMED_JWS, "the entry carries no object, label or signature");
            if (result instanceof ProvenanceResult.Verified && !instant(signedAt)) {
                result = new ProvenanceResult.Rejected(ProvenanceResult.Reason.MALFORMED_JWS, "signed_at is not an instant");
            }
            results[i] = result;
        });
        return results;
    }

    /**
     * A revocation hides this node's copy of an object owned by someone else (the owner named in the
     * entry, or else the owner of the latest version held), but only when it comes from the originator's
     * node (the owner's participant) or from a peer that delivered the object to this node: a third peer
     * cannot hide what it never gave us. From a relay, it hides no version that the originator's node, a
     * paired peer, delivered here itself (per version: versions of one id can arrive by different routes):
     * that node revokes what it released to this node, and a relay (perhaps misled by a hostile peer of its
     * own) cannot make this node hide more; a version only the relay delivered is hidden, since the
     * originator's node, which never served it here, will never revoke it here. Anything else is ignored
     * and logged. (Its signature by the peer was verified before.) What this hides is logged as a label
     * change, so this node's feed in turn revokes the versions it had relayed onward.
     */
    private void revoke(Peers.Peer peer, JsonNode entry, WireLabels labels, long home) {
        Optional<StixId> id = StixId.tryParse(entry.path("revoke").asString(""));
        if (id.isEmpty()) {
            return;
        }
        if (entry.path("versions").isArray()) {
            revokeVersions(peer, id.get(), entry.get("versions"), entry.path("held_signed_at").asString(null), labels, home);
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
        if (!ownerParticipant.equals(peer.participant())) {
            if (!relayDelivered(peer, id.get().toString())) {
                return;
            }
            Set<String> ownersVersions = new java.util.HashSet<>();
            store.ownersByVersion(id.get()).forEach((key, o) -> {
                if (o.equals(owner.get())) {
                    ownersVersions.add(key);
                }
            });
            Set<String> hide = notDeliveredByOriginator(peer, ownerParticipant, id.get().toString(), ownersVersions);
            if (hide.size() < ownersVersions.size()) {
                // Some of the owner's versions came from the originator's node itself: only the others are hidden.
                Map<String, String> modified = new java.util.HashMap<>(); // version key -> modified, of kept signatures
                provenance.lookup(List.of(id.get().toString())).values().forEach(s -> org.entente.stix.StixTimestamp
                        .tryParse(s.modified()).ifPresent(t -> modified.put(t.versionKey(), s.modified())));
                provenance.revoked(id.get().toString(), hide.stream().filter(modified::containsKey).map(modified::get).toList());
                store.hideReceived(id.get(), owner.get(), hide);
                return;
            }
        }
        // The signatures first: if this node stops in between, the replayed page hides what is left.
        provenance.revokedOwner(id.get().toString(), owner.get().value());
        store.hideReceived(id.get(), owner.get());
    }

    /**
     * Whether this peer, which is not the owner's node, delivered a version of the object to this node (a
     * relay may revoke only what it gave us). Logged when not.
     */
    private boolean relayDelivered(Peers.Peer peer, String id) {
        if (peers.deliveredBy(peer.participant(), id)) {
            return true;
        }
        log.warn("ignored a revocation of {} from peer {}: neither the originator's node nor a peer that delivered it",
                id, peer.participantName());
        return false;
    }

    /**
     * Of these versions (keys) a relay revokes, those the originator's node did not deliver to this node
     * itself (it revokes those here itself, and a relay cannot make this node hide them). Logged when some are
     * kept.
     */
    private Set<String> notDeliveredByOriginator(Peers.Peer relay, org.entente.community.Ids.ParticipantId ownerParticipant,
                                                 String id, Set<String> versionKeys) {
        Set<String> byOriginator = peers.deliveredByPeer(ownerParticipant, id, versionKeys);
        if (byOriginator.isEmpty()) {
            return versionKeys;
        }
        log.info("ignored a revocation of {} {} from relay {}: the originator's node delivered them here and revokes them itself",
                id, byOriginator, relay.participantName());
        Set<String> rest = new java.util.HashSet<>(versionKeys);
        rest.removeAll(byOriginator);
        return rest;
    }

    /**
     * A revocation naming versions (one owner among several deleted its versions at the origin, or a relay
     * hid them): each named version held here is hidden, grouped by its owner here, under the same rule as
     * above per owner and version (never this node's own; from that owner's node, or from a relay that
     * delivered the object, but then not a version the owner's node delivered here itself). With
     * {@code heldSignedAt} (a relay passing on a revocation it received: the originator's signed_at of the
     * copies it hid), a version whose signature held here is later is kept: the originator released it again
     * since (a new label), after what the relay learnt.
     */
    private void revokeVersions(Peers.Peer peer, StixId id, JsonNode versions, String heldSignedAt, WireLabels labels,
                                long home) {
        Map<String, Provenance.Signed> held = heldSignedAt == null ? Map.of() : provenance.lookup(List.of(id.toString()));
        Map<String, OrganisationId> owners = store.ownersByVersion(id);
        Map<OrganisationId, Set<String>> byOwner = new java.util.HashMap<>();
        Map<String, String> modified = new java.util.HashMap<>(); // version key -> the version as named (its modified)
        for (JsonNode v : versions) {
            Provenance.Signed signature = held.get(Provenance.key(id.toString(), v.asString("")));
            if (signature != null && !signature.revoked() && newer(signature.signedAt(), heldSignedAt)) {
                continue; // signed later than the copy the relay hid: not what the relay revokes
            }
            org.entente.stix.StixTimestamp.tryParse(v.asString("")).map(org.entente.stix.StixTimestamp::versionKey)
                    .filter(owners::containsKey)
                    .ifPresent(key -> {
                        byOwner.computeIfAbsent(owners.get(key), o -> new java.util.HashSet<>()).add(key);
                        modified.put(key, v.asString());
                    });
        }
        byOwner.forEach((owner, named) -> {
            var ownerParticipant = labels.participantOf(owner);
            if (ownerParticipant.value() == home) {
                return;
            }
            Set<String> keys = named;
            if (!ownerParticipant.equals(peer.participant())) {
                if (!relayDelivered(peer, id.toString())) {
                    return;
                }
                keys = notDeliveredByOriginator(peer, ownerParticipant, id.toString(), named);
                if (keys.isEmpty()) {
                    return;
                }
            }
            provenance.revoked(id.toString(), keys.stream().map(modified::get).toList());
            store.hideReceived(id, owner, keys);
        });
    }

    static boolean instant(String s) {
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

    /** Verified versions waiting to be stored together, with the entries they came in. */
    private static final class Batch {
        final List<JsonNode> entries = new ArrayList<>();
        final List<JsonNode> objects = new ArrayList<>();
        final List<SharingLabel> labels = new ArrayList<>();
        final List<Provenance.Signed> signatures = new ArrayList<>();
        final List<String> originators = new ArrayList<>();

        void add(JsonNode entry, SharingLabel label, Provenance.Signed signed, String originator) {
            entries.add(entry);
            objects.add(entry.path("object"));
            labels.add(label);
            signatures.add(signed);
            originators.add(originator);
        }

        void clear() {
            entries.clear();
            objects.clear();
            labels.clear();
            signatures.clear();
            originators.clear();
        }
    }

    private record Stored(long stored, long quarantined) {
    }

    private Stored store(Batch batch, Caller actor, Peers.Peer from) {
        if (batch.objects.isEmpty()) {
            return new Stored(0, 0);
        }
        // Signatures first: a relabel committed below is never served onward with an older signed label.
        provenance.keep(batch.signatures);
        byte[] array = StixJson.MAPPER.writeValueAsBytes(batch.objects);
        List<SharingLabel> byIndex = List.copyOf(batch.labels);
        ImportSummary summary = store.receive(new ByteArrayInputStream(array), byIndex::get, actor);
        // A version the store refused (the STIX validator, or a newer version of a revoked object) is
        // quarantined with the store's reasons like one that failed verification; its signature is
        // dropped unless another version of that object is stored here (it would never be served anyway).
        Set<Integer> refused = new java.util.HashSet<>();
        for (Rejection r : summary.rejected()) {
            refused.add(r.index());
            String reasons = r.reasons().stream().map(x -> x.rule() + " at " + x.pointer() + ": " + x.message())
                    .collect(java.util.stream.Collectors.joining("; "));
            quarantine(from, r.id(), batch.originators.get(r.index()), "INVALID_OBJECT: " + reasons, batch.entries.get(r.index()));
        }
        if (!refused.isEmpty()) {
            provenance.forgetUnstored(refused.stream().map(batch.signatures::get).toList());
        }
        // Versions already present may carry an older label: bring them up to date (narrowing or widening),
        // per owner (the store relabels an owner's versions of an id, never another owner's), with the label
        // of the newest signature among this owner's versions, never with whichever entry came last. One
        // lookup of the labels held for the whole batch.
        Map<String, Integer> newest = new java.util.LinkedHashMap<>();
        for (int i = 0; i < batch.objects.size(); i++) {
            if (refused.contains(i)) {
                continue;
            }
            String key = batch.objects.get(i).path("id").asString("") + "\u0000" + byIndex.get(i).owner().value();
            newest.merge(key, i, (held, other) -> newer(batch.signatures.get(held).signedAt(),
                    batch.signatures.get(other).signedAt()) ? held : other);
        }
        List<StixStore.Relabel> relabels = new ArrayList<>(newest.size());
        newest.values().forEach(i -> StixId.tryParse(batch.objects.get(i).path("id").asString(""))
                .ifPresent(stixId -> relabels.add(new StixStore.Relabel(stixId, byIndex.get(i)))));
        store.relabelReceived(relabels, actor);
        // Per version: versions of one id can reach this node by different routes (see revoke).
        List<String> delivered = new ArrayList<>();
        for (int i = 0; i < batch.objects.size(); i++) {
            if (!refused.contains(i)) {
                delivered.add(Peers.sentKey(batch.signatures.get(i).id(), batch.signatures.get(i).modified()));
            }
        }
        peers.delivered(from.participant(), delivered.stream().distinct().toList());
        batch.clear();
        return new Stored(summary.stored(), refused.size());
    }
}
