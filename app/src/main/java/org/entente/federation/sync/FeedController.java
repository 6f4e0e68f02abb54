package org.entente.federation.sync;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.entente.community.Community;
import org.entente.community.PublicEndpoint;
import org.entente.intel.FederationFeed;
import org.entente.intel.StixStore;
import org.entente.sharing.ParticipantRecipient;
import org.entente.sharing.SharingPolicy;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What this node serves its peers. {@code GET /federation/v1/feed?added_after=T}: a TAXII-shaped page
 * ({@code more}, {@code next}, entries) of what the sharing policy releases to the calling peer's
 * participant, in store-clock order, each entry with its label in community-wide names; and a
 * revocation for an object that participant received before and may no longer see.
 * {@code POST /federation/v1/notify}: the peer has something new, pull it now.
 */
@RestController
@PublicEndpoint(because = "peers are not users: each request is authenticated as a peer node by PeerIdentityResolver "
        + "(the mTLS client certificate) and refused when the caller is not a paired peer")
class FeedController {

    static final int MAX_LIMIT = 1000;

    private final PeerIdentityResolver identity;
    private final Peers peers;
    private final StixStore store;
    private final SharingPolicy policy;
    private final Community community;
    private final PeerSync sync;

    FeedController(PeerIdentityResolver identity, Peers peers, StixStore store, SharingPolicy policy, Community community,
                   PeerSync sync) {
        this.identity = identity;
        this.peers = peers;
        this.store = store;
        this.policy = policy;
        this.community = community;
        this.sync = sync;
    }

    @GetMapping(value = "/federation/v1/feed", produces = "application/json")
    ResponseEntity<byte[]> feed(HttpServletRequest request, @RequestParam(name = "added_after", required = false) String addedAfter,
                                @RequestParam(name = "limit", defaultValue = "500") int limit) {
        var peer = identity.participant(request).flatMap(peers::byParticipantName);
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
        FederationFeed.Page page = store.federationFeed(recipient, after, Math.max(1, Math.min(limit, MAX_LIMIT)));
        WireLabels labels = new WireLabels(community);
        StringBuilder out = new StringBuilder(4096);
        List<String> sent = new ArrayList<>();
        out.append("{\"entries\":[");
        boolean first = true;
        Instant next = after;
        for (FederationFeed.Entry e : page.entries()) {
            next = e.at();
            String entry;
            if (!e.labelChange() || e.label() != null && !e.label().ownerParticipant().equals(recipient.participant())
                    && policy.decide(recipient, e.label()).allowed()) {
                if (e.bodies().isEmpty()) {
                    continue;
                }
                entry = "{\"at\":\"" + e.at() + "\",\"label\":" + labels.toWire(e.label()) + ",\"objects\":["
                        + String.join(",", e.bodies()) + "]}";
                sent.add(e.id());
            } else if (peers.unsend(recipient.participant(), e.id())) {
                entry = "{\"at\":\"" + e.at() + "\",\"revoke\":\"" + e.id() + "\"}";
            } else {
                continue; // never received it, may not see it now: nothing about it, not even its id
            }
            out.append(first ? "" : ",").append(entry);
            first = false;
        }
        out.append("],\"more\":").append(page.more()).append(",\"next\":\"").append(next).append("\"}");
        peers.sent(recipient.participant(), sent);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    @PostMapping("/federation/v1/notify")
    ResponseEntity<Void> notify(HttpServletRequest request) {
        var peer = identity.participant(request).flatMap(peers::byParticipantName);
        if (peer.isEmpty()) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
        }
        sync.wake(peer.get().id());
        return ResponseEntity.accepted().build();
    }
}
