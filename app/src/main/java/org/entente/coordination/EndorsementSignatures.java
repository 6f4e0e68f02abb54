package org.entente.coordination;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.entente.stix.StixJson;
import org.entente.stix.validation.Jcs;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Signed endorsements: Ed25519 detached JWS (RFC 7515 appendix F, compact, empty payload part,
 * {@code alg: EdDSA} per RFC 8037) over the RFC 8785 canonical JSON of {@code {declaration, version,
 * text_sha256, participant, decision}}. The header carries {@code kid} (SHA-256 of the public key's
 * X.509 encoding, hex) and {@code entente-participant}, the same shape as federation's provenance
 * signatures, so this one class can be swapped for federation's JWS helper. Plain Java: the offline
 * {@code declaration verify} command uses it without a node.
 */
public final class EndorsementSignatures {

    public static final String ALGORITHM = "EdDSA";
    public static final String PARTICIPANT_HEADER = "entente-participant";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private EndorsementSignatures() {
    }

    /** The result of checking one signature: verified, or rejected with the reason. */
    public sealed interface Check {
        record Verified() implements Check {
        }

        record Rejected(String reason) implements Check {
        }
    }

    /** What is signed, as canonical JSON bytes. */
    public static byte[] payload(String declaration, int version, String textSha256, String participant, String decision) {
        ObjectNode node = StixJson.MAPPER.createObjectNode();
        node.put("declaration", declaration);
        node.put("version", version);
        node.put("text_sha256", textSha256);
        node.put("participant", participant);
        node.put("decision", decision);
        return Jcs.canonicalize(node).getBytes(StandardCharsets.UTF_8);
    }

    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static String keyId(PublicKey key) {
        return HexFormat.of().formatHex(sha256(key.getEncoded()));
    }

    public static String encodePublicKey(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** An Ed25519 public key from its base64 X.509 (SubjectPublicKeyInfo) encoding. */
    public static PublicKey decodePublicKey(String base64) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 Ed25519 public key");
        }
    }

    public static String sign(PrivateKey key, String keyId, String participant, byte[] payload) {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("alg", ALGORITHM);
        header.put("kid", keyId);
        header.put(PARTICIPANT_HEADER, participant);
        String encodedHeader = B64.encodeToString(StixJson.MAPPER.writeValueAsBytes(header));
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(signingInput(encodedHeader, payload));
            return encodedHeader + ".." + B64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** The key id a JWS names in its header, or null when it cannot be read. */
    public static String keyIdOf(String jws) {
        try {
            return header(jws).path("kid").asString(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Checks a detached JWS over {@code payload} with {@code key}, which must be {@code participant}'s:
     * the header must say EdDSA, name that participant and that key, and the signature must verify.
     */
    public static Check verify(String jws, PublicKey key, String participant, byte[] payload) {
        JsonNode header;
        try {
            header = header(jws);
        } catch (IllegalArgumentException e) {
            return new Check.Rejected(e.getMessage());
        }
        if (!ALGORITHM.equals(header.path("alg").asString(null))) {
            return new Check.Rejected("the algorithm is not EdDSA");
        }
        if (!participant.equals(header.path(PARTICIPANT_HEADER).asString(null))) {
            return new Check.Rejected("the signature names participant '" + header.path(PARTICIPANT_HEADER).asString("?")
                    + "', not '" + participant + "'");
        }
        if (!keyId(key).equals(header.path("kid").asString(null))) {
            return new Check.Rejected("the signature names another key than " + participant + "'s");
        }
        String[] parts = jws.split("\\.", -1);
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(signingInput(parts[0], payload));
            return s.verify(Base64.getUrlDecoder().decode(parts[2]))
                    ? new Check.Verified()
                    : new Check.Rejected("the signature does not match the signed content (text, version, declaration or decision differ)");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return new Check.Rejected("the signature is malformed");
        }
    }

    private static JsonNode header(String jws) {
        if (jws == null || jws.length() > 4096) {
            throw new IllegalArgumentException("no signature, or an oversized one");
        }
        String[] parts = jws.split("\\.", -1);
        if (parts.length != 3 || !parts[1].isEmpty() || parts[0].isEmpty() || parts[2].isEmpty()) {
            throw new IllegalArgumentException("not a compact detached JWS (header..signature)");
        }
        try {
            JsonNode header = StixJson.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[0]));
            if (header == null || !header.isObject()) {
                throw new IllegalArgumentException("the JWS header is not a JSON object");
            }
            return header;
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the JWS header is not base64url JSON");
        }
    }

    private static byte[] signingInput(String encodedHeader, byte[] payload) {
        return (encodedHeader + "." + B64.encodeToString(payload)).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
