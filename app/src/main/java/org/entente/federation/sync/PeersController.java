package org.entente.federation.sync;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.entente.audit.AuditAction;
import org.entente.audit.AuditEvent;
import org.entente.audit.AuditLog;
import org.entente.community.Community;
import org.entente.federation.Fingerprints;
import org.entente.stix.StixJson;

import tools.jackson.databind.JsonNode;
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
    private final PeerTransport transport;
    private final Provenance provenance;
    private final AuditLog audit;

    PeersController(Peers peers, Community community, PeerSync sync, PeerTransport transport, Provenance provenance, AuditLog audit) {
        this.peers = peers;
        this.community = community;
        this.sync = sync;
        this.transport = transport;
        this.provenance = provenance;
        this.audit = audit;
    }

    record AddPeer(String url, String participant, String fingerprint) {
    }

    /**
     * Pairs with a peer: {@code url} is its federation port ({@code https://host:port}); its TLS
     * certificate must have {@code fingerprint} (checked out of band) and name {@code participant}. The
     * node fetches {@code /federation/v1/hello} over mutual TLS and keeps the peer's provenance signing
     * certificate once the community trust verified it. Anything else is refused (and audited).
     */
    @RequiresPermission("federation.admin")
    @PostMapping
    ResponseEntity<Map<String, Object>> add(@RequestBody AddPeer request) {
        if (!transport.enabled()) {
            throw new BadParameterException("url", "federation is not enabled on this node (entente.federation.enabled)");
        }
        if (request.url() == null || !request.url().matches("https://[^/?#]+/?")) {
            throw new BadParameterException("url", "the peer's URL is its federation port, https://host:port");
        }
        String fingerprint;
        try {
            fingerprint = Fingerprints.normalize(request.fingerprint() == null ? "" : request.fingerprint());
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("fingerprint",
                    "the SHA-256 fingerprint of the peer's certificate (node.crt), checked out of band, is required");
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
        String url = request.url().replaceAll("/+$", "");
        String signingCertificate;
        try {
            HttpResponse<String> hello = transport.client(fingerprint).send(HttpRequest.newBuilder(URI.create(url + "/federation/v1/hello"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            PeerTransport.checkServer(hello, participant.name());
            if (hello.statusCode() != 200) {
                throw new IllegalStateException("the peer answered HTTP " + hello.statusCode() + " (does it know this node?)");
            }
            JsonNode body = StixJson.MAPPER.readTree(hello.body());
            if (!participant.name().equals(body.path("participant").asString(""))) {
                throw new IllegalStateException("the peer says it serves '" + body.path("participant").asString("") + "'");
            }
            signingCertificate = body.path("signing_certificate").asString("");
            String signer = provenance.keepPeerCertificate(signingCertificate);
            if (!signer.equals(participant.name())) {
                throw new IllegalStateException("the peer's signing certificate names '" + signer + "'");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            String reason = describe(e);
            audit.record(new AuditEvent("node", AuditAction.FEDERATION_PEER_REFUSED, participant.name(),
                    Map.of("url", url, "reason", reason)));
            throw new BadParameterException("url", "the peer at " + url + " was not accepted: " + reason);
        }
        long id = peers.add(url, participant.id(), fingerprint, signingCertificate);
        sync.follow(id);
        return ResponseEntity.status(HttpStatus.CREATED).body(view(peers.byId(id).orElseThrow()));
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return e == root || e.getMessage() == null ? m : e.getMessage() + (e.getMessage().contains(m) ? "" : " (" + m + ")");
    }

    @RequiresPermission("federation.admin")
    @GetMapping
    List<Map<String, Object>> list() {
        return peers.all().stream().map(PeersController::view).toList();
    }

    /**
     * What was received from peers and not applied, newest first ({@code peer quarantine}): which object,
     * from which peer, and why (a failed signature, an unmappable label, an object the STIX validator
     * refuses, an unsigned or forged revocation). The entries themselves stay in the table.
     */
    @RequiresPermission("federation.admin")
    @GetMapping("/quarantine")
    List<Map<String, Object>> quarantine(@org.springframework.web.bind.annotation.RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new BadParameterException("limit", "must be between 1 and 1000");
        }
        return peers.quarantined(limit).stream().map(q -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", q.id());
            out.put("peer", q.peer());
            out.put("object_id", q.objectId());
            out.put("reason", q.reason());
            out.put("at", q.at().toString());
            return out;
        }).toList();
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
