package org.entente.federation.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.entente.community.Community;
import org.entente.community.RequiresPermission;
import org.entente.node.BadParameterException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Pairing and status of federation peers: {@code ./entente peer add} and {@code peer list}. */
@RestController
@RequestMapping("/api/v1/peers")
class PeersController {

    private final Peers peers;
    private final Community community;
    private final PeerSync sync;

    PeersController(Peers peers, Community community, PeerSync sync) {
        this.peers = peers;
        this.community = community;
        this.sync = sync;
    }

    record AddPeer(String url, String participant, String fingerprint) {
    }

    @RequiresPermission("federation.admin")
    @PostMapping
    ResponseEntity<Map<String, Object>> add(@RequestBody AddPeer request) {
        if (request.url() == null || !request.url().matches("https?://.+")) {
            throw new BadParameterException("url", "the peer's URL must be an http(s) URL");
        }
        if (request.fingerprint() != null && !request.fingerprint().matches("(?i)(sha256:)?[0-9a-f:]{64,95}")) {
            throw new BadParameterException("fingerprint", "a certificate fingerprint is SHA-256 in hexadecimal");
        }
        var participant = community.participants().stream().filter(p -> p.name().equals(request.participant())).findFirst()
                .orElseThrow(() -> new BadParameterException("participant",
                        "no participant '" + request.participant() + "' in this node's community; add it first"));
        if (participant.home()) {
            throw new BadParameterException("participant", "a node does not pair with its own participant");
        }
        if (peers.byParticipantName(participant.name()).isPresent()) {
            throw new BadParameterException("participant", "participant '" + participant.name() + "' is already a peer");
        }
        long id = peers.add(request.url(), participant.id(), request.fingerprint());
        sync.follow(id);
        return ResponseEntity.status(HttpStatus.CREATED).body(view(peers.byId(id).orElseThrow()));
    }

    @RequiresPermission("federation.admin")
    @GetMapping
    List<Map<String, Object>> list() {
        return peers.all().stream().map(PeersController::view).toList();
    }

    private static Map<String, Object> view(Peers.Peer p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", p.id());
        out.put("url", p.url());
        out.put("participant", p.participantName());
        out.put("fingerprint", p.fingerprint());
        out.put("state", p.state());
        out.put("cursor", p.cursor().toString());
        out.put("last_pull_at", p.lastPullAt() == null ? null : p.lastPullAt().toString());
        out.put("lag_seconds", p.caughtUpAt() == null ? null : Duration.between(p.caughtUpAt(), Instant.now()).toSeconds());
        out.put("received", p.received());
        out.put("quarantined", p.quarantined());
        out.put("last_error", p.lastError());
        out.put("last_error_at", p.lastErrorAt() == null ? null : p.lastErrorAt().toString());
        return out;
    }
}
