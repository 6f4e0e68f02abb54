package org.entente.federation;

/**
 * The outcome of checking an object version's provenance signature: {@link Verified} by a participant,
 * or {@link Rejected} with the reason. Never a boolean, so a caller cannot ignore why.
 */
public sealed interface ProvenanceResult {

    /** The signature is valid under a signing key certified for {@code participant}. */
    record Verified(String participant, String keyId) implements ProvenanceResult {
    }

    /** Not verified: quarantine the object, never serve it, and record the event. */
    record Rejected(Reason reason, String detail) implements ProvenanceResult {
    }

    enum Reason {
        /** Not a compact detached JWS with an empty payload part, or an unreadable header. */
        MALFORMED_JWS,
        /** {@code alg} other than EdDSA (including {@code none}), or critical extensions this node does not know. */
        UNSUPPORTED_ALGORITHM,
        /** No signing key of the community with this {@code kid} is known. */
        UNKNOWN_KEY,
        /** The signing certificate is no longer (or not yet) valid. */
        KEY_NOT_VALID,
        /** The signature does not match this object version under that key: the object or the header was changed. */
        BAD_SIGNATURE,
        /** The key's participant is not the one the header or the object's origin (owner / created_by) names. */
        PARTICIPANT_MISMATCH,
        /** The object is not a JSON object (or has duplicate member names). */
        MALFORMED_OBJECT
    }
}
