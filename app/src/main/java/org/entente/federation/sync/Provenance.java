package org.entente.federation.sync;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.entente.federation.FederationNode;
import org.entente.federation.Fingerprints;
import org.entente.federation.ParticipantKeys;
import org.entente.federation.ProvenanceResult;
import org.entente.federation.ProvenanceSigner;
import org.entente.federation.ProvenanceVerifier;
import org.entente.federation.trust.Certificates;
import org.entente.federation.trust.Pem;
import org.entente.stix.StixJson;
import org.entente.stix.validation.Jcs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Provenance of the object versions this node serves to its peers: the originating participant's
 * detached JWS over the RFC 8785 form of {@code {"object": version, "label": label on the wire,
 * "signed_at": T}}, so that no relay can alter an object or widen its label, and (with {@code signed_at})
 * cannot roll a label back to an older, wider one. Own versions are signed lazily, when the feed first
 * serves them (and again after a relabel), and kept in {@code federation_provenance}, so each version is
 * signed once; received versions keep the originator's signature unchanged and are relayed with it.
 * Signing certificates travel with the feed; each is verified against the community trust
 * ({@link ParticipantKeys}) before it is used or kept.
 */
@Component
class Provenance {

    private static final Logger log = LoggerFactory.getLogger(Provenance.class);

    /** One version's signature: the label as signed (canonical wire JSON), when, the JWS and its key id. */
    record Signed(String id, String modified, String label, String signedAt, String jws, String kid) {
    }

    private final JdbcTemplate jdbc;
    private final FederationNode node;
    private volatile ParticipantKeys known;
    private volatile boolean ownKeyStored;

    Provenance(JdbcTemplate jdbc, FederationNode node) {
        this.jdbc = jdbc;
        this.node = node;
    }

    /** The signed form of one version: what the JWS covers (canonicalised by the signer and verifier). */
    static ObjectNode payload(JsonNode object, JsonNode wireLabel, String signedAt) {
        ObjectNode p = StixJson.MAPPER.createObjectNode();
        p.set("object", object);
        p.set("label", wireLabel);
        p.put("signed_at", signedAt);
        return p;
    }

    static String modified(JsonNode object) {
        return object.path("modified").asString("");
    }

    static String canonical(JsonNode node) {
        return Jcs.canonicalize(node);
    }

    /** A version this node originates, to be signed unless it already is under the same label. */
    record Own(String id, String modified, JsonNode object, JsonNode wireLabel) {
    }

    /** Signatures of own versions: reused when the label is unchanged, else made now and kept. */
    List<Signed> signOwn(List<Own> versions) {
        if (versions.isEmpty()) {
            return List.of();
        }
        ProvenanceSigner signer = node.credentials().signer();
        storeOwnKey(signer);
        Map<String, Signed> existing = lookup(versions.stream().map(Own::id).distinct().toList());
        List<Signed> out = new ArrayList<>(versions.size());
        List<Signed> fresh = new ArrayList<>();
        String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        for (Own v : versions) {
            String label = canonical(v.wireLabel());
            Signed s = existing.get(key(v.id(), v.modified()));
            if (s == null || !s.label().equals(label) || !s.kid().equals(signer.keyId())) {
                s = new Signed(v.id(), v.modified(), label, now, signer.sign(payload(v.object(), v.wireLabel(), now)), signer.keyId());
                fresh.add(s);
                existing.put(key(v.id(), v.modified()), s); // the same version twice in a page: signed once
            }
            out.add(s);
        }
        keep(fresh);
        return out;
    }

    private void storeOwnKey(ProvenanceSigner signer) {
        if (!ownKeyStored) {
            jdbc.update("insert into federation_signing_key (kid, participant, certificate) values (?, ?, ?) on conflict do nothing",
                    signer.keyId(), signer.participant(), Pem.certificate(signer.certificate()));
            ownKeyStored = true;
        }
    }

    /** The kept signatures of every version of these objects, by {@link #key}. */
    Map<String, Signed> lookup(Collection<String> ids) {
        Map<String, Signed> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        jdbc.query("select id, modified, label, signed_at, jws, kid from federation_provenance where id = any(?)",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("text", ids.toArray())),
                rs -> {
                    Signed s = new Signed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6));
                    out.put(key(s.id(), s.modified()), s);
                });
        return out;
    }

    static String key(String id, String modified) {
        return id + "\u0000" + modified;
    }

    /**
     * Keeps signatures (own, or received and verified), replacing only older ones of the same versions:
     * a signature whose {@code signed_at} is not later than the one held never replaces it, whatever the
     * order in which copies arrive (so a relay cannot roll a label back, even within one page).
     * {@code signed_at} must be an ISO-8601 instant (callers check received ones).
     */
    void keep(List<Signed> all) {
        if (all.isEmpty()) {
            return;
        }
        Map<String, Signed> newest = new LinkedHashMap<>(); // one row per version (a page may hold one twice)
        all.forEach(s -> newest.merge(key(s.id(), s.modified()), s,
                (held, other) -> Instant.parse(other.signedAt()).isAfter(Instant.parse(held.signedAt())) ? other : held));
        List<Signed> signatures = List.copyOf(newest.values());
        jdbc.batchUpdate("""
                insert into federation_provenance (id, modified, label, signed_at, jws, kid) values (?, ?, ?, ?, ?, ?)
                on conflict (id, modified) do update set label = excluded.label, signed_at = excluded.signed_at,
                    jws = excluded.jws, kid = excluded.kid
                where federation_provenance.signed_at::timestamptz < excluded.signed_at::timestamptz""",
                signatures, 500, (ps, s) -> {
                    ps.setString(1, s.id());
                    ps.setString(2, s.modified());
                    ps.setString(3, s.label());
                    ps.setString(4, s.signedAt());
                    ps.setString(5, s.jws());
                    ps.setString(6, s.kid());
                });
    }

    /** The PEM certificates of these key ids (for a feed page). */
    Map<String, String> certificates(Collection<String> kids) {
        Map<String, String> out = new LinkedHashMap<>();
        if (kids.isEmpty()) {
            return out;
        }
        jdbc.query("select kid, certificate from federation_signing_key where kid = any(?) order by kid",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("text", kids.toArray())),
                rs -> {
                    out.put(rs.getString(1), rs.getString(2));
                });
        return out;
    }

    /**
     * The signing keys this node accepts: its own and every kept certificate, each verified against the
     * community trust now (an expired or foreign one is left out).
     */
    ParticipantKeys keys() {
        ParticipantKeys k = known;
        if (k == null) {
            k = node.credentials().ownKeys();
            for (Map<String, Object> row : jdbc.queryForList("select certificate from federation_signing_key")) {
                k = withCertificate(k, (String) row.get("certificate")).orElse(k);
            }
            known = k;
        }
        return k;
    }

    /** {@code keys} plus the certificate in {@code pem} when the community trusts it; empty otherwise. */
    static Optional<ParticipantKeys> withCertificate(ParticipantKeys keys, String pem) {
        try {
            List<X509Certificate> certs = Pem.certificates(pem, "signing certificate");
            if (certs.size() != 1) {
                return Optional.empty();
            }
            if (keys.byKeyId(Fingerprints.sha256(certs.getFirst())).isPresent()) {
                return Optional.of(keys);
            }
            return Optional.of(keys.with(certs.getFirst()));
        } catch (CertificateException | RuntimeException e) {
            log.debug("signing certificate not accepted: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Keeps a signing certificate that verified a received signature (so this node can relay with it). */
    void keepCertificate(ParticipantKeys keys, String kid) {
        keys.byKeyId(kid).ifPresent(k -> {
            int added = jdbc.update("insert into federation_signing_key (kid, participant, certificate) values (?, ?, ?) "
                    + "on conflict do nothing", kid, k.participant(), Pem.certificate(k.certificate()));
            if (added > 0) {
                known = null;
            }
        });
    }

    /** A peer's signing certificate (from hello): verified, kept, and its participant returned. */
    String keepPeerCertificate(String pem) throws CertificateException {
        List<X509Certificate> certs = Pem.certificates(pem, "the peer's signing certificate");
        if (certs.size() != 1) {
            throw new CertificateException("expected one signing certificate, got " + certs.size());
        }
        X509Certificate cert = certs.getFirst();
        String participant = node.credentials().trust().verifySigningCertificate(cert, Instant.now());
        jdbc.update("insert into federation_signing_key (kid, participant, certificate) values (?, ?, ?) on conflict do nothing",
                Fingerprints.sha256(cert), participant, Pem.certificate(cert));
        known = null;
        return Certificates.participant(cert);
    }

    /** Verifies one received version against its originator (the label's owner participant). */
    static ProvenanceResult verify(JsonNode object, JsonNode wireLabel, String signedAt, String jws, ParticipantKeys keys,
                                   String originator) {
        return ProvenanceVerifier.verify(payload(object, wireLabel, signedAt), jws, keys, originator);
    }
}
