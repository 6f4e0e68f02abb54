package org.entente.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The hash of an entry: SHA-256 over an unambiguous encoding of everything the entry says,
 *
 * <pre>
 *   "entente-audit-v1" 0x00
 *   seq                   8 bytes, big-endian
 *   at                    field: "2025-06-26T08:00:00.000000Z" (UTC, always 6 fraction digits)
 *   actor                 field
 *   action                field
 *   subject               field
 *   details               field: canonical JSON ({@link CanonicalJson})
 *   prev_hash             32 bytes
 * </pre>
 *
 * where a field is its UTF-8 length as 4 bytes big-endian followed by the UTF-8 bytes, or the 4 bytes
 * {@code ffffffff} for null. Lengths make the encoding unambiguous: no two different entries encode
 * to the same bytes.
 */
final class EntryHash {

    /** The prev_hash of entry 1. */
    static final byte[] GENESIS = new byte[32];
    private static final byte[] DOMAIN = "entente-audit-v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private EntryHash() {
    }

    /** PostgreSQL keeps microseconds, so every timestamp is cut to them before it is hashed or stored. */
    static Instant truncate(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    static String timestampText(Instant at) {
        return AT.format(truncate(at));
    }

    static byte[] of(long seq, Instant at, String actor, String action, String subject, String canonicalDetails,
                     byte[] prevHash) {
        MessageDigest sha = sha256();
        sha.update(DOMAIN);
        sha.update(ByteBuffer.allocate(8).putLong(seq).array());
        field(sha, timestampText(at));
        field(sha, actor);
        field(sha, action);
        field(sha, subject);
        field(sha, canonicalDetails);
        sha.update(prevHash);
        return sha.digest();
    }

    static String hex(byte[] hash) {
        return hash == null ? null : HexFormat.of().formatHex(hash);
    }

    private static void field(MessageDigest sha, String value) {
        if (value == null) {
            sha.update(ByteBuffer.allocate(4).putInt(-1).array());
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
