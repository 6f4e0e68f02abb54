package org.entente.federation.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.entente.federation.FederationNode;
import org.entente.federation.NodeCredentials;
import org.entente.federation.PeerEndpoint;
import org.entente.federation.PeerIdentity;
import org.entente.federation.trust.Pem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /federation/v1/hello}: who this node is and who it takes the caller for. Peers use it to
 * check a connection (e.g. when a peer is added) and to learn this node's provenance signing certificate,
 * which they verify against the community trust before using it.
 */
@RestController
@RequestMapping("/federation/v1")
class HelloController {

    private final FederationNode node;

    HelloController(FederationNode node) {
        this.node = node;
    }

    @GetMapping("/hello")
    @PeerEndpoint(because = "checks a federation connection in both directions")
    Map<String, Object> hello(PeerIdentity peer) {
        NodeCredentials me = node.credentials();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("participant", me.participant());
        body.put("peer", peer.participant());
        body.put("peer_fingerprint", peer.fingerprint());
        body.put("signing_key_id", me.signer().keyId());
        body.put("signing_certificate", Pem.certificate(me.signer().certificate()));
        return body;
    }
}
