package org.entente.federation.trust;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 (RFC 8032) signing and verification on raw keys with BouncyCastle's arithmetic. The JDK's
 * provider takes about 0.65 ms per signature and per verification on the reference machine (and decodes
 * the public point again on every verification); this takes about 50 µs to sign and 110 µs to verify,
 * with each public point decoded once. Ed25519 is deterministic, so the signatures are byte for byte the
 * JDK's: nothing changes on the wire. Keys still come from, and are checked against, the JDK's
 * certificates ({@code EdECPrivateKey}, the SPKI of {@code X509Certificate}). Thread-safe.
 */
public final class Ed25519Keys {

    /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): the 32 key bytes follow. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final int MAX_CACHED_POINTS = 1024;
    private static final Map<String, Ed25519.PublicPoint> POINTS = new ConcurrentHashMap<>();

    private Ed25519Keys() {
    }

    /** A private key's 32-byte seed; IllegalArgumentException when it is not an extractable Ed25519 key. */
    public static byte[] seed(PrivateKey key) {
        if (key instanceof java.security.interfaces.EdECPrivateKey ed
                && ed.getParams().getName().equalsIgnoreCase("Ed25519")) {
            return ed.getBytes().filter(b -> b.length == Ed25519.SECRET_KEY_SIZE)
                    .orElseThrow(() -> new IllegalArgumentException("the Ed25519 private key is not extractable"));
        }
        throw new IllegalArgumentException("not an Ed25519 private key");
    }

    /** The public key of a seed. */
    public static byte[] publicKey(byte[] seed) {
        byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(seed, 0, pk, 0);
        return pk;
    }

    /** A public key's 32 bytes; IllegalArgumentException when it is not an Ed25519 key. */
    public static byte[] raw(PublicKey key) {
        byte[] der = key.getEncoded();
        if (der == null || der.length != SPKI_PREFIX.length + Ed25519.PUBLIC_KEY_SIZE
                || !Arrays.equals(der, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length);
    }

    /** The signature of {@code message}; {@code publicKey} must be {@link #publicKey(byte[]) the seed's}. */
    public static byte[] sign(byte[] seed, byte[] publicKey, byte[] message) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
        return signature;
    }

    /** Whether {@code signature} is a valid Ed25519 signature of {@code message} under {@code key}. */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        if (signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        Ed25519.PublicPoint point = point(raw(key));
        return point != null && Ed25519.verify(signature, 0, point, message, 0, message.length);
    }

    /** The decoded (and validated) public point, kept per key: keys are few (one or two per participant). */
    private static Ed25519.PublicPoint point(byte[] raw) {
        String k = HexFormat.of().formatHex(raw);
        Ed25519.PublicPoint p = POINTS.get(k);
        if (p == null) {
            p = Ed25519.validatePublicKeyFullExport(raw, 0); // null: not a valid point (or of small order)
            if (p == null) {
                return null;
            }
            if (POINTS.size() >= MAX_CACHED_POINTS) {
                POINTS.clear();
            }
            POINTS.put(k, p);
        }
        return p;
    }
}
