package org.entente.federation.trust;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.entente.stix.StixJson;
import org.entente.stix.validation.Jcs;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Detached JWS (RFC 7515 appendix F) in compact serialization: {@code BASE64URL(header) + ".." +
 * BASE64URL(signature)}, the payload part left empty. The signing input is the usual
 * {@code BASE64URL(header) + "." + BASE64URL(payload)}, where the payload is the RFC 8785 canonical JSON
 * of the object version, so the signature survives any re-serialisation (key order, white space) and
 * breaks on any change of content.
 */
public final class DetachedJws {

    public static final String ALGORITHM = "EdDSA";
    public static final String PARTICIPANT_HEADER = "entente-participant";
    private static final int MAX_LENGTH = 4096;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final java.util.regex.Pattern BASE64URL = java.util.regex.Pattern.compile("[A-Za-z0-9_-]+"); // compiled once: checked per entry

    private DetachedJws() {
    }

    /** A parsed compact JWS: its header fields and the parts needed to check it. */
    public record Parsed(String encodedHeader, JsonNode header, byte[] signature) {
        public Optional<String> text(String name) {
            JsonNode v = header.get(name);
            return v != null && v.isString() ? Optional.of(v.stringValue()) : Optional.empty();
        }
    }

    /** The canonical payload; IllegalArgumentException when {@code objectJson} is not one JSON object. */
    public static byte[] payload(String objectJson) {
        if (objectJson == null) {
            throw new IllegalArgumentException("no object");
        }
        JsonNode node;
        try {
            node = StixJson.MAPPER.readTree(objectJson);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        return payload(node);
    }

    public static byte[] payload(JsonNode object) {
        if (object == null || !object.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return Jcs.canonicalize(object).getBytes(StandardCharsets.UTF_8);
    }

    public static String encodedHeader(String keyId, String participant) {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("alg", ALGORITHM);
        header.put("kid", keyId);
        header.put(PARTICIPANT_HEADER, participant);
        return B64.encodeToString(StixJson.MAPPER.writeValueAsBytes(header));
    }

    public static byte[] signingInput(String encodedHeader, byte[] payload) {
        return (encodedHeader + "." + B64.encodeToString(payload)).getBytes(StandardCharsets.US_ASCII);
    }

    public static String compact(String encodedHeader, byte[] signature) {
        return encodedHeader + ".." + B64.encodeToString(signature);
    }

    /** Parses a compact detached JWS; IllegalArgumentException naming what is wrong. */
    public static Parsed parse(String jws) {
        if (jws == null || jws.isEmpty() || jws.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("empty or oversized JWS");
        }
        String[] parts = jws.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a compact JWS has 3 parts, this has " + parts.length);
        }
        if (!parts[1].isEmpty()) {
            throw new IllegalArgumentException("the payload part of a detached JWS must be empty");
        }
        byte[] headerBytes = decode(parts[0], "header");
        byte[] signature = decode(parts[2], "signature");
        JsonNode header;
        try {
            header = StixJson.MAPPER.readTree(headerBytes);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the header is not JSON: " + e.getOriginalMessage());
        }
        if (header == null || !header.isObject()) {
            throw new IllegalArgumentException("the header is not a JSON object");
        }
        return new Parsed(parts[0], header, signature);
    }

    private static byte[] decode(String part, String what) {
        if (part.isEmpty() || !BASE64URL.matcher(part).matches()) {
            throw new IllegalArgumentException("the " + what + " is not base64url without padding");
        }
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + what + " is not base64url: " + e.getMessage());
        }
    }
}
