package org.entente.federation;

import java.security.cert.CertificateException;
import java.util.Optional;
import java.util.Set;

import org.entente.federation.ProvenanceResult.Reason;
import org.entente.federation.ProvenanceResult.Rejected;
import org.entente.federation.ProvenanceResult.Verified;
import org.entente.federation.trust.DetachedJws;
import org.entente.federation.trust.Ed25519Keys;

import tools.jackson.databind.JsonNode;

/**
 * Checks the provenance signature of an object version against the originating participant's key,
 * whichever node delivered it (a relay cannot sign for the originator, and its own key does not help).
 * See {@link ProvenanceSigner} for the form. Stateless.
 */
public final class ProvenanceVerifier {

    private static final Set<String> KNOWN_HEADERS = Set.of("alg", "kid", DetachedJws.PARTICIPANT_HEADER, "typ");

    private ProvenanceVerifier() {
    }

    /** Verifies {@code jws} over {@code objectJson} with the keys of the community. */
    public static ProvenanceResult verify(String objectJson, String jws, ParticipantKeys keys) {
        return verify(objectJson, jws, keys, null);
    }

    /**
     * As {@link #verify(String, String, ParticipantKeys)}, and the signer must be {@code originator}: the
     * participant the object is attributed to (its owner, or the participant its {@code created_by_ref}
     * identity belongs to). Null checks only the signature.
     */
    public static ProvenanceResult verify(String objectJson, String jws, ParticipantKeys keys, String originator) {
        byte[] payload;
        try {
            payload = DetachedJws.payload(objectJson);
        } catch (IllegalArgumentException e) {
            return new Rejected(Reason.MALFORMED_OBJECT, e.getMessage());
        }
        return verifyPayload(payload, jws, keys, originator);
    }

    public static ProvenanceResult verify(JsonNode object, String jws, ParticipantKeys keys, String originator) {
        byte[] payload;
        try {
            payload = DetachedJws.payload(object);
        } catch (IllegalArgumentException e) {
            return new Rejected(Reason.MALFORMED_OBJECT, e.getMessage());
        }
        return verifyPayload(payload, jws, keys, originator);
    }

    private static ProvenanceResult verifyPayload(byte[] payload, String jws, ParticipantKeys keys, String originator) {
        DetachedJws.Parsed parsed;
        try {
            parsed = DetachedJws.parse(jws);
        } catch (IllegalArgumentException e) {
            return new Rejected(Reason.MALFORMED_JWS, e.getMessage());
        }
        Optional<String> alg = parsed.text("alg");
        if (alg.isEmpty()) {
            return new Rejected(Reason.MALFORMED_JWS, "the header has no alg");
        }
        if (!alg.get().equals(DetachedJws.ALGORITHM)) {
            return new Rejected(Reason.UNSUPPORTED_ALGORITHM, "alg '" + alg.get() + "' is not accepted; only EdDSA (Ed25519)");
        }
        for (String name : parsed.header().propertyNames()) {
            if (!KNOWN_HEADERS.contains(name)) {
                // crit, b64 (RFC 7797), jku, x5u, jwk...: nothing a peer may use to change how this is checked.
                return new Rejected(Reason.UNSUPPORTED_ALGORITHM, "header parameter '" + name + "' is not accepted");
            }
        }
        Optional<String> kid = parsed.text("kid");
        Optional<String> claimed = parsed.text(DetachedJws.PARTICIPANT_HEADER);
        if (kid.isEmpty() || claimed.isEmpty()) {
            return new Rejected(Reason.MALFORMED_JWS, "the header needs kid and " + DetachedJws.PARTICIPANT_HEADER);
        }
        Optional<ParticipantKeys.SigningKey> key = keys.byKeyId(kid.get());
        if (key.isEmpty()) {
            return new Rejected(Reason.UNKNOWN_KEY, "no signing key " + kid.get() + " (claimed by '" + claimed.get() + "') is known");
        }
        ParticipantKeys.SigningKey k = key.get();
        try {
            k.certificate().checkValidity();
        } catch (CertificateException e) {
            return new Rejected(Reason.KEY_NOT_VALID, "the signing certificate of '" + k.participant()
                    + "' is valid only from " + k.certificate().getNotBefore().toInstant() + " to "
                    + k.certificate().getNotAfter().toInstant());
        }
        if (parsed.signature().length != 64) {
            return new Rejected(Reason.BAD_SIGNATURE, "an Ed25519 signature has 64 bytes, this has " + parsed.signature().length);
        }
        boolean valid;
        try {
            valid = Ed25519Keys.verify(k.key(), DetachedJws.signingInput(parsed.encodedHeader(), payload), parsed.signature());
        } catch (IllegalArgumentException e) {
            valid = false; // not an Ed25519 key (the community trust admits no other for signing)
        }
        if (!valid) {
            return new Rejected(Reason.BAD_SIGNATURE, "the signature of key " + k.keyId() + " ('" + k.participant()
                    + "') does not match this object version");
        }
        if (!claimed.get().equals(k.participant())) {
            return new Rejected(Reason.PARTICIPANT_MISMATCH, "the header names '" + claimed.get()
                    + "' but key " + k.keyId() + " belongs to '" + k.participant() + "'");
        }
        if (originator != null && !originator.equals(k.participant())) {
            return new Rejected(Reason.PARTICIPANT_MISMATCH, "the object originates from '" + originator
                    + "' but was signed by '" + k.participant() + "'");
        }
        return new Verified(k.participant(), k.keyId());
    }
}
