package org.entente.federation;

import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The provenance signing keys a node accepts, by key id (the SHA-256 fingerprint of the signing
 * certificate). Each comes from a signing certificate that {@link CommunityTrust} verified (issued by the
 * community CA or pinned, Ed25519, documentSigning, naming its participant), so a key is known to belong
 * to that participant whichever node delivered it. Immutable; {@link #with} returns a new set.
 */
public final class ParticipantKeys {

    /** One participant's signing key. */
    public record SigningKey(String participant, String keyId, PublicKey key, X509Certificate certificate) {
    }

    private final CommunityTrust trust;
    private final Map<String, SigningKey> byKeyId;

    private ParticipantKeys(CommunityTrust trust, Map<String, SigningKey> byKeyId) {
        this.trust = trust;
        this.byKeyId = Map.copyOf(byKeyId);
    }

    public static ParticipantKeys empty(CommunityTrust trust) {
        return new ParticipantKeys(trust, Map.of());
    }

    /** Every certificate verified now; the first that fails is a CertificateException naming it. */
    public static ParticipantKeys of(CommunityTrust trust, Collection<X509Certificate> signingCertificates)
            throws CertificateException {
        ParticipantKeys keys = empty(trust);
        for (X509Certificate c : signingCertificates) {
            keys = keys.with(c);
        }
        return keys;
    }

    /** These keys plus the one in {@code signingCertificate}, verified against the community trust now. */
    public ParticipantKeys with(X509Certificate signingCertificate) throws CertificateException {
        String participant = trust.verifySigningCertificate(signingCertificate, Instant.now());
        String kid = Fingerprints.sha256(signingCertificate);
        Map<String, SigningKey> next = new LinkedHashMap<>(byKeyId);
        next.put(kid, new SigningKey(participant, kid, signingCertificate.getPublicKey(), signingCertificate));
        return new ParticipantKeys(trust, next);
    }

    public Optional<SigningKey> byKeyId(String keyId) {
        return Optional.ofNullable(byKeyId.get(keyId));
    }

    public Set<String> participants() {
        TreeSet<String> out = new TreeSet<>();
        byKeyId.values().forEach(k -> out.add(k.participant()));
        return out;
    }

    public CommunityTrust trust() {
        return trust;
    }

    @Override
    public String toString() {
        return "ParticipantKeys" + participants();
    }
}
