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

    /**
     * One version's signature: the label as signed (canonical wire JSON), when, the JWS and its key id.
     * A kept signature with an empty JWS is a revoked one ({@link #revoked()}).
     */
    record Signed(String id, String modified, String label, String signedAt, String jws, String kid) {

        /**
         * Whether a revocation hid this version here: the row keeps the originator's {@code signed_at}
         * but no JWS (it is never served), so that a copy signed no later, still relayed by a peer that
         * has not learnt of the revocation, cannot bring the version back; only a later signature of the
         * originator (a new label) replaces it.
         */
        boolean revoked() {
            return jws.isEmpty();
        }
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
        // Decide what needs a signature, then sign those on the machine's cores (pure computation).
        List<Integer> toSign = new ArrayList<>();
        Map<String, Integer> firstOf = new HashMap<>();
        for (int i = 0; i < versions.size(); i++) {
            Own v = versions.get(i);
            String label = canonical(v.wireLabel());
            Signed s = existing.get(key(v.id(), v.modified()));
            if (s == null || s.revoked() || !s.label().equals(label) || !s.kid().equals(signer.keyId())) {
                Integer first = firstOf.putIfAbsent(key(v.id(), v.modified()), i); // the same version twice in a page: signed once
                if (first == null) {
                    toSign.add(i);
                }
                out.add(null);
            } else {
                out.add(s);
            }
        }
        Signed[] made = new Signed[versions.size()];
        Parallel.forEach(toSign.size(), j -> {
            Own v = versions.get(toSign.get(j));
            made[toSign.get(j)] = new Signed(v.id(), v.modified(), canonical(v.wireLabel()), now,
                    signer.sign(payload(v.object(), v.wireLabel(), now)), signer.keyId());
        });
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i) == null) {
                Own v = versions.get(i);
                out.set(i, made[firstOf.get(key(v.id(), v.modified()))]);
            }
        }
        toSign.forEach(i -> fresh.add(made[i]));
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

    /**
     * Drops kept signatures of versions the store refused, unless some version of the object is stored
     * (then the row is harmless: the feed serves stored versions only).
     */
    void forgetUnstored(List<Signed> signatures) {
        jdbc.batchUpdate("""
                delete from federation_provenance p where p.id = ? and p.modified = ? and p.jws = ?
                    and not exists (select 1 from stix_object o where o.id = p.id)""",
                signatures, 500, (ps, s) -> {
                    ps.setString(1, s.id());
                    ps.setString(2, s.modified());
                    ps.setString(3, s.jws());
                });
    }

    /**
     * Marks the kept signatures of these versions of a received object as revoked ({@link Signed#revoked}),
     * before a revocation hides them: a relay's copy of the same (or an older) signature is then ignored,
     * whatever order the pages of different peers arrive in. Returns how many were marked.
     */
    int revoked(String id, Collection<String> modified) {
        if (modified.isEmpty()) {
            return 0;
        }
        return jdbc.update("update federation_provenance set jws = '' where id = ? and modified = any(?)",
                ps -> {
                    ps.setString(1, id);
                    ps.setArray(2, ps.getConnection().createArrayOf("text", modified.toArray()));
                });
    }

    /**
     * When this node hid every one of these versions of a received object because of a revocation (each is
     * held as revoked, {@link Signed#revoked}): the latest originator's {@code signed_at} among them, which
     * the revocation this node relays for them carries as {@code held_signed_at}. Empty when any of them is
     * not held as revoked (an own version, or none kept): the relayed revocation then bounds nothing.
     */
    Optional<String> revokedThrough(String id, Collection<String> modified) {
        if (modified.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Signed> held = lookup(List.of(id));
        String latest = null;
        for (String m : modified) {
            Signed s = held.get(key(id, m));
            if (s == null || !s.revoked() || !PeerSync.instant(s.signedAt())) {
                return Optional.empty();
            }
            latest = latest == null || Instant.parse(s.signedAt()).isAfter(Instant.parse(latest)) ? s.signedAt() : latest;
        }
        return Optional.of(latest);
    }

    /** {@link #revoked(String, Collection)} for every version of {@code id} stored here under {@code owner}. */
    int revokedOwner(String id, long owner) {
        return jdbc.update("""
                update federation_provenance p set jws = '' where p.id = ?
                    and exists (select 1 from stix_object o where o.id = p.id and o.owner_org = ? and o.body->>'modified' = p.modified)""",
                id, owner);
    }

    /**
     * Forgets this node's own signatures of versions it is revoking at a peer (all of the object's when
     * {@code modified} is empty), so that if it releases them again (a label widened back, a version
     * imported again) they are signed anew, later than the signature the peer now holds as revoked, rather
     * than served with that very signature, which the peer would ignore. Called before the revocation is
     * served, so no peer can hold a revoked signature this node would still reuse.
     */
    void forgetOwn(String id, Collection<String> modified) {
        String kid = node.credentials().signer().keyId();
        if (modified.isEmpty()) {
            jdbc.update("delete from federation_provenance where id = ? and kid = ?", id, kid);
            return;
        }
        jdbc.update("delete from federation_provenance where id = ? and kid = ? and modified = any(?)", ps -> {
            ps.setString(1, id);
            ps.setString(2, kid);
            ps.setArray(3, ps.getConnection().createArrayOf("text", modified.toArray()));
        });
    }

    // --- revocations ---------------------------------------------------------------------------------

    /** What a revocation's signature covers: these members of the entry, when present. */
    private static final List<String> REVOCATION_SIGNED = List.of("revoke", "owner", "versions", "held_signed_at", "recipient",
            "signed_at");

    /**
     * The signed form of a revocation entry: the revoked id, whose copy (the owner on the wire) or which
     * versions, when named, for a relay's revocation of versions it hid the originator's {@code signed_at}
     * of the copies it held ({@code held_signed_at}), the participant it is addressed to, and when it was signed. Binding the
     * recipient means a revocation cannot be replayed to another node than the one it was issued for.
     */
    static ObjectNode revocationPayload(JsonNode entry) {
        ObjectNode p = StixJson.MAPPER.createObjectNode();
        for (String member : REVOCATION_SIGNED) {
            if (entry.has(member)) {
                p.set(member, entry.get(member));
            }
        }
        return p;
    }

    /**
     * Signs a revocation entry ({@code revoke}, optional {@code owner} or {@code versions}) for {@code recipient} with this
     * node's provenance key: adds {@code recipient}, {@code signed_at} and {@code signature}; returns the
     * key id (its certificate travels with the page).
     */
    String signRevocation(ObjectNode entry, String recipient) {
        ProvenanceSigner signer = node.credentials().signer();
        storeOwnKey(signer);
        entry.put("recipient", recipient);
        entry.put("signed_at", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        entry.put("signature", signer.sign(revocationPayload(entry)));
        return signer.keyId();
    }

    /**
     * Checks a received revocation: signed (detached JWS over {@link #revocationPayload}) by the node that
     * delivered it ({@code peer}, with a signing key the community trust certifies for that participant),
     * addressed to this node ({@code home}), with an ISO-8601 {@code signed_at}. Whether that peer may
     * revoke the object at all (originator, or it delivered it) is decided afterwards.
     */
    static ProvenanceResult verifyRevocation(JsonNode entry, ParticipantKeys keys, String peer, String home) {
        String jws = entry.path("signature").asString("");
        if (jws.isEmpty() || !entry.path("recipient").isString() || !entry.path("signed_at").isString()) {
            return new ProvenanceResult.Rejected(ProvenanceResult.Reason.MALFORMED_JWS,
                    "the revocation is not signed (signature, recipient and signed_at are required)");
        }
        ProvenanceResult result = ProvenanceVerifier.verify(revocationPayload(entry), jws, keys, peer);
        if (result instanceof ProvenanceResult.Verified && !home.equals(entry.path("recipient").asString())) {
            return new ProvenanceResult.Rejected(ProvenanceResult.Reason.PARTICIPANT_MISMATCH,
                    "the revocation is addressed to '" + entry.path("recipient").asString() + "', not to this node");
        }
        if (result instanceof ProvenanceResult.Verified && !PeerSync.instant(entry.path("signed_at").asString())) {
            return new ProvenanceResult.Rejected(ProvenanceResult.Reason.MALFORMED_JWS, "signed_at is not an instant");
        }
        if (result instanceof ProvenanceResult.Verified && entry.has("held_signed_at")
                && !(entry.get("held_signed_at").isString() && PeerSync.instant(entry.get("held_signed_at").asString()))) {
            return new ProvenanceResult.Rejected(ProvenanceResult.Reason.MALFORMED_JWS, "held_signed_at is not an instant");
        }
        return result;
    }

    /** Verifies one received version against its originator (the label's owner participant). */
    static ProvenanceResult verify(JsonNode object, JsonNode wireLabel, String signedAt, String jws, ParticipantKeys keys,
                                   String originator) {
        return ProvenanceVerifier.verify(payload(object, wireLabel, signedAt), jws, keys, originator);
    }
}
