package org.entente.federation.sync;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.entente.audit.AuditAction;
import org.entente.audit.AuditEvent;
import org.entente.audit.AuditLog;
import org.entente.community.Community;
import org.entente.federation.Fingerprints;
import org.entente.federation.PeerEndpoint;
import org.entente.federation.PeerIdentity;
import org.entente.intel.FederationFeed;
import org.entente.intel.StixStore;
import org.entente.sharing.ParticipantRecipient;
import org.entente.sharing.SharingLabel;
import org.entente.sharing.SharingPolicy;
import org.entente.stix.StixJson;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What this node serves its peers on the federation port (mutual TLS; the caller is the
 * {@link PeerIdentity} of its client certificate, which must be a paired peer with the pinned
 * fingerprint). {@code GET /federation/v1/feed?added_after=T}: a TAXII-shaped page ({@code more},
 * {@code next}, entries) of what the sharing policy releases to the calling peer's participant, in
 * store-clock order: one entry per object version with its own label in community-wide names and the
 * originator's provenance signature (made here, lazily, for this node's own versions; kept unchanged
 * for relayed ones), plus the signing certificates the page uses; and a revocation (naming the owner
 * whose copy it concerns, or the versions) for a version that participant received from this node before
 * and may no longer see, or that is no longer here: deleted by its owner, or hidden because a revocation
 * reached this node (so a relay passes a narrowing on, signed in its own name). {@code POST /federation/v1/notify}: the peer has
 * something new, pull it now.
 */
@RestController
class FeedController {

    static final int MAX_LIMIT = 1000;

    private final Peers peers;
    private final StixStore store;
    private final SharingPolicy policy;
    private final Community community;
    private final PeerSync sync;
    private final Provenance provenance;
    private final AuditLog audit;

    FeedController(Peers peers, StixStore store, SharingPolicy policy, Community community, PeerSync sync, Provenance provenance,
                   AuditLog audit) {
        this.peers = peers;
        this.store = store;
        this.policy = policy;
        this.community = community;
        this.sync = sync;
        this.provenance = provenance;
        this.audit = audit;
    }

    /** The paired peer behind this certificate, or empty (refused and audited). */
    private Optional<Peers.Peer> paired(PeerIdentity identity, String what) {
        Optional<Peers.Peer> peer = peers.byParticipantName(identity.participant());
        String refusal = peer.isEmpty() ? "not a paired peer"
                : peer.get().fingerprint() == null || !Fingerprints.normalize(peer.get().fingerprint()).equals(identity.fingerprint())
                ? "certificate " + identity.fingerprint() + " is not the one pinned for this peer" : null;
        if (refusal == null) {
            return peer;
        }
        audit.recordIndependently(new AuditEvent("peer:" + identity.participant(), AuditAction.FEDERATION_PEER_REFUSED,
                identity.participant(), Map.of("request", what, "reason", refusal, "fingerprint", identity.fingerprint())));
        return Optional.empty();
    }

    @GetMapping(value = "/federation/v1/feed", produces = "application/json")
    @PeerEndpoint(because = "a paired peer pulls what the sharing policy releases to its participant")
    ResponseEntity<byte[]> feed(PeerIdentity identity, @RequestParam(name = "added_after", required = false) String addedAfter,
                                @RequestParam(name = "limit", defaultValue = "500") int limit) {
        var peer = paired(identity, "feed");
        if (peer.isEmpty()) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
        }
        Instant after;
        try {
            after = addedAfter == null || addedAfter.isEmpty() ? Instant.EPOCH : Instant.parse(addedAfter);
        } catch (java.time.format.DateTimeParseException e) {
            return ResponseEntity.badRequest().build();
        }
        ParticipantRecipient recipient = policy.recipient(peer.get().participant());
        FederationFeed.Page page = store.federationFeed(recipient, after, Math.max(1, Math.min(limit, MAX_LIMIT)),
                ids -> peers.receivedAmong(recipient.participant(), ids));
        WireLabels labels = new WireLabels(community);
        var home = community.home().id();

        // Decide every entry first, then sign what this node originates in one go and look up the rest.
        // Each entry is one version with its own label (versions of one id may belong to different owners):
        // each is decided for the recipient, and signed, on its own.
        // heldSignedAt: on a revocation of versions this node itself hid because of a revocation (a relay passing
        // a narrowing on), the originator's signed_at of the copies it held; else null.
        record Out(Instant at, String id, boolean revoke, boolean own, JsonNode object, JsonNode wireLabel, List<String> versions,
                   String heldSignedAt) {
            Out(Instant at, String id, boolean revoke, boolean own, JsonNode object, JsonNode wireLabel) {
                this(at, id, revoke, own, object, wireLabel, List.of(), null);
            }
        }
        List<Out> outs = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        Set<String> revoked = new java.util.HashSet<>();
        Set<String> gonePerChange = new java.util.HashSet<>();
        for (FederationFeed.Entry e : page.entries()) {
            SharingLabel label = e.label();
            if (e.labelChange() && label == null) {
                // Gone (every version deleted by its owner here, or hidden because a revocation reached this node):
                // a revocation of the versions the participant received from this node, if any.
                List<String> had = peers.unsendAll(recipient.participant(), e.id());
                if (!had.isEmpty()) {
                    List<String> named = had.contains("") ? List.of() : had;
                    String held = provenance.revokedThrough(e.id(), named).orElse(null);
                    provenance.forgetOwn(e.id(), named);
                    outs.add(new Out(e.at(), e.id(), true, false, null, null, named, held));
                }
                continue;
            }
            if (e.labelChange() && gonePerChange.add(e.at() + " " + e.id())) {
                // Versions sent before and no longer stored (one owner among several deleted its versions, or hidden
                // here because of a revocation): revoked by version, since the other owners' versions remain.
                Set<String> current = new java.util.HashSet<>();
                for (FederationFeed.Entry same : page.entries()) {
                    if (same.labelChange() && same.at().equals(e.at()) && same.id().equals(e.id())) {
                        same.bodies().forEach(b -> current.add(Provenance.modified(StixJson.MAPPER.readTree(b))));
                    }
                }
                List<String> gone = peers.unsendGone(recipient.participant(), e.id(), current);
                if (!gone.isEmpty()) {
                    String held = provenance.revokedThrough(e.id(), gone).orElse(null);
                    provenance.forgetOwn(e.id(), gone);
                    outs.add(new Out(e.at(), e.id(), true, false, null, null, gone, held));
                }
            }
            if (label == null || label.ownerParticipant().equals(recipient.participant())) {
                continue; // never its own intelligence echoed back
            }
            if (!e.labelChange() || policy.decide(recipient, label).allowed()) {
                boolean own = label.ownerParticipant().equals(home);
                JsonNode wire = own ? labels.toWire(label) : null;
                for (String body : e.bodies()) {
                    outs.add(new Out(e.at(), e.id(), false, own, StixJson.MAPPER.readTree(body), wire));
                }
                continue;
            }
            // Not released (any more): revoke this owner's copy only if this very version was sent before;
            // else nothing about it, not even its id.
            for (String body : e.bodies()) {
                String version = Provenance.modified(StixJson.MAPPER.readTree(body));
                if (peers.unsend(recipient.participant(), e.id(), version)) {
                    provenance.forgetOwn(e.id(), List.of(version));
                    if (revoked.add(e.at() + " " + e.id() + " " + label.owner().value())) {
                        outs.add(new Out(e.at(), e.id(), true, false, null, labels.owner(label)));
                    }
                }
            }
        }
        List<Provenance.Own> toSign = outs.stream().filter(o -> o.own() && !o.revoke())
                .map(o -> new Provenance.Own(o.id(), Provenance.modified(o.object()), o.object(), o.wireLabel())).toList();
        var signedOwn = provenance.signOwn(toSign).iterator();
        Map<String, Provenance.Signed> kept = provenance.lookup(outs.stream().filter(o -> !o.own() && !o.revoke())
                .map(Out::id).distinct().toList());

        ObjectNode body = StixJson.MAPPER.createObjectNode();
        ArrayNode entries = body.putArray("entries");
        Set<String> kids = new LinkedHashSet<>();
        for (Out o : outs) {
            ObjectNode entry = entries.addObject();
            entry.put("at", o.at().toString());
            if (o.revoke()) {
                entry.put("revoke", o.id());
                if (o.wireLabel() != null) {
                    entry.set("owner", o.wireLabel()); // whose copy: the receiver hides only that owner's versions
                }
                if (!o.versions().isEmpty()) {
                    ArrayNode versions = entry.putArray("versions"); // which versions: the receiver hides only those
                    o.versions().stream().sorted().forEach(versions::add);
                }
                if (o.heldSignedAt() != null) {
                    // Relayed narrowing: the receiver hides only copies signed no later than those this node hid,
                    // never one the originator released again since (signed later).
                    entry.put("held_signed_at", o.heldSignedAt());
                }
                // Signed by this node for this recipient: the receiver refuses an unsigned or forged one.
                kids.add(provenance.signRevocation(entry, peer.get().participantName()));
                continue;
            }
            Provenance.Signed s;
            JsonNode wireLabel;
            if (o.own()) {
                s = signedOwn.next();
                wireLabel = o.wireLabel();
            } else {
                // Relayed: served only with the originator's signature, under the label it signed, and only
                // when that label too releases the object to the recipient (never wider than the origin said).
                s = kept.get(Provenance.key(o.id(), Provenance.modified(o.object())));
                wireLabel = s == null || s.revoked() ? null : StixJson.MAPPER.readTree(s.label());
                if (s == null || s.revoked() || !(labels.fromWire(wireLabel) instanceof WireLabels.Mapped.Label signedLabel)
                        || !policy.decide(recipient, signedLabel.label()).allowed()) {
                    entries.remove(entries.size() - 1);
                    continue;
                }
            }
            entry.set("label", wireLabel);
            entry.set("object", o.object());
            entry.put("signed_at", s.signedAt());
            entry.put("signature", s.jws());
            kids.add(s.kid());
            sent.add(Peers.sentKey(o.id(), Provenance.modified(o.object())));
        }
        body.put("more", page.more());
        // The store's cursor, not the last entry read here: it never stops on a change the recipient may not learn of.
        body.put("next", page.next().toString());
        ObjectNode certificates = body.putObject("certificates");
        provenance.certificates(kids).forEach(certificates::put);
        peers.sent(recipient.participant(), sent.stream().distinct().toList());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(StixJson.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
    }

    @PostMapping("/federation/v1/notify")
    @PeerEndpoint(because = "a paired peer says it has something new; the notice carries nothing")
    ResponseEntity<Void> notify(PeerIdentity identity) {
        var peer = paired(identity, "notify");
        if (peer.isEmpty()) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
        }
        sync.wake(peer.get().id());
        return ResponseEntity.accepted().build();
    }
}
