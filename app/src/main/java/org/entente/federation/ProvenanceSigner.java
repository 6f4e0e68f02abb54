package org.entente.federation;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.EdECPrivateKey;

import org.entente.federation.trust.Certificates;
import org.entente.federation.trust.DetachedJws;
import org.entente.federation.trust.Ed25519Keys;

import tools.jackson.databind.JsonNode;

/**
 * Signs the object versions this node originates: a detached JWS (RFC 7515, compact, empty payload part)
 * with {@code alg: EdDSA} (RFC 8037, Ed25519), {@code kid} = SHA-256 fingerprint of this node's signing
 * certificate and {@code entente-participant} = its participant, over the RFC 8785 canonical JSON of the
 * exact object version. The signature travels with the object; {@link ProvenanceVerifier} checks it.
 * Thread-safe.
 */
public final class ProvenanceSigner {

    private final X509Certificate certificate;
    private final String participant;
    private final String keyId;
    private final String encodedHeader;
    private final byte[] seed;
    private final byte[] publicKey;

    /** IllegalArgumentException unless the key is Ed25519 and belongs to the certificate, which names a participant. */
    public ProvenanceSigner(PrivateKey key, X509Certificate signingCertificate) {
        if (!(key instanceof EdECPrivateKey)) {
            throw new IllegalArgumentException("provenance signing needs an Ed25519 key, not " + key.getAlgorithm());
        }
        try {
            this.participant = Certificates.participant(signingCertificate);
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(new byte[] {1});
            byte[] probe = s.sign();
            s.initVerify(signingCertificate.getPublicKey());
            s.update(new byte[] {1});
            if (!s.verify(probe)) {
                throw new IllegalArgumentException("the signing key does not belong to the signing certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable signing certificate: " + e.getMessage(), e);
        }
        this.seed = Ed25519Keys.seed(key);
        this.publicKey = Ed25519Keys.publicKey(seed);
        if (!java.util.Arrays.equals(publicKey, Ed25519Keys.raw(signingCertificate.getPublicKey()))) {
            // Checked again on the raw keys: signing with a public key that is not the seed's would leak the key.
            throw new IllegalArgumentException("the signing key does not belong to the signing certificate");
        }
        this.certificate = signingCertificate;
        this.keyId = Fingerprints.sha256(signingCertificate);
        this.encodedHeader = DetachedJws.encodedHeader(keyId, participant);
    }

    public String participant() {
        return participant;
    }

    /** The {@code kid} of every signature: the SHA-256 fingerprint of {@link #certificate()}. */
    public String keyId() {
        return keyId;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The detached JWS of one object version given as JSON text; IllegalArgumentException when it is not a JSON object. */
    public String sign(String objectJson) {
        return signPayload(DetachedJws.payload(objectJson));
    }

    public String sign(JsonNode object) {
        return signPayload(DetachedJws.payload(object));
    }

    private String signPayload(byte[] payload) {
        // Ed25519 is deterministic: the same bytes as the JDK's provider, about ten times faster (Ed25519Keys).
        return DetachedJws.compact(encodedHeader, Ed25519Keys.sign(seed, publicKey, DetachedJws.signingInput(encodedHeader, payload)));
    }
}
