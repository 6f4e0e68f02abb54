package org.entente.federation;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.entente.federation.trust.Pem;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What an operator reads about this node's federation beyond {@link FederationHealth}: the certificates
 * in use (this node's TLS and signing certificates, the community's trust anchors, each peer's pinned
 * signing certificate), with subject and expiry, and the most recent quarantined entries (object id and
 * reason, never the entry's content). Read-only; only for callers holding {@code federation.admin}: the
 * caller of this API checks.
 */
@Component
public class FederationOverview {

    /** A certificate as shown: what it is for, whose it is, when it stops being valid. */
    public record CertificateInfo(String role, String subject, String issuer, Instant notBefore, Instant notAfter,
                                  String fingerprint) {
    }

    /** A quarantined entry: from which peer, which object, why, when. */
    public record QuarantinedEntry(String peer, String objectId, String reason, Instant at) {
    }

    private final FederationNode node;
    private final JdbcClient jdbc;

    FederationOverview(FederationNode node, JdbcClient jdbc) {
        this.node = node;
        this.jdbc = jdbc;
    }

    /** Whether this node takes part in the federation (otherwise it has no certificates of its own). */
    public boolean enabled() {
        return node.enabled();
    }

    public List<CertificateInfo> certificates() {
        List<CertificateInfo> out = new ArrayList<>();
        if (node.enabled()) {
            NodeCredentials credentials = node.credentials();
            out.add(info("this node: TLS", credentials.tlsCertificate()));
            out.add(info("this node: signing", credentials.signer().certificate()));
            String anchor = credentials.trust().mode() == CommunityTrust.Mode.CA ? "community CA" : "pinned peer";
            credentials.trust().anchors().forEach(c -> out.add(info(anchor, c)));
        }
        record Stored(String peer, String pem) {
        }
        List<Stored> stored = jdbc.sql("select p.name, f.signing_certificate from federation_peer f join participant p"
                        + " on p.id = f.participant_id where f.signing_certificate is not null order by f.id")
                .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2))).list();
        for (Stored s : stored) {
            try {
                Pem.certificates(s.pem(), "peer " + s.peer()).forEach(c -> out.add(info("peer " + s.peer() + ": signing", c)));
            } catch (CertificateException | RuntimeException e) {
                // An unreadable stored certificate is shown as such rather than hiding the peer.
                out.add(new CertificateInfo("peer " + s.peer() + ": signing (unreadable)", "", "", null, null, ""));
            }
        }
        return out;
    }

    /** The newest quarantined entries, at most {@code limit}. */
    public List<QuarantinedEntry> quarantine(int limit) {
        return jdbc.sql("select p.name, q.object_id, q.reason, q.at from federation_quarantine q join federation_peer f on f.id = q.peer_id"
                        + " join participant p on p.id = f.participant_id order by q.id desc limit ?")
                .param(Math.max(1, Math.min(limit, 500)))
                .query((rs, n) -> new QuarantinedEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()))
                .list();
    }

    private static CertificateInfo info(String role, X509Certificate c) {
        return new CertificateInfo(role, c.getSubjectX500Principal().getName(), c.getIssuerX500Principal().getName(),
                c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), Fingerprints.withColons(Fingerprints.sha256(c)));
    }
}
