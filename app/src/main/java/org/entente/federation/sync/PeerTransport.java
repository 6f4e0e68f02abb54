package org.entente.federation.sync;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLPeerUnverifiedException;

import org.entente.federation.FederationNode;
import org.entente.federation.trust.Certificates;
import org.springframework.stereotype.Component;

/**
 * How this node talks to a peer: HTTPS over mutual TLS 1.3 on the peer's federation port, presenting
 * this node's certificate (which is how the peer knows who calls: no header, no token), and accepting
 * only the peer certificate whose SHA-256 fingerprint was checked out of band when the peer was added.
 * One client per fingerprint, kept.
 */
@Component
class PeerTransport {

    private final FederationNode node;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    PeerTransport(FederationNode node) {
        this.node = node;
    }

    boolean enabled() {
        return node.enabled();
    }

    /** A client that completes a handshake only with the peer holding this certificate fingerprint. */
    HttpClient client(String expectedFingerprint) {
        if (expectedFingerprint == null) {
            throw new IllegalStateException("no certificate fingerprint pinned for this peer");
        }
        return clients.computeIfAbsent(expectedFingerprint, fp -> node.credentials().httpClient(fp));
    }

    /**
     * Checks that the answer came from the node of {@code participant} (the participant named by the
     * server's certificate); IllegalStateException otherwise.
     */
    static void checkServer(HttpResponse<?> response, String participant) {
        try {
            Certificate[] chain = response.sslSession().orElseThrow(() -> new IllegalStateException("not a TLS connection"))
                    .getPeerCertificates();
            String served = Certificates.participant((X509Certificate) chain[0]);
            if (!served.equals(participant)) {
                throw new IllegalStateException("the peer's certificate names participant '" + served + "', not '" + participant + "'");
            }
        } catch (SSLPeerUnverifiedException | CertificateException e) {
            throw new IllegalStateException("the peer's certificate names no participant: " + e.getMessage());
        }
    }
}
