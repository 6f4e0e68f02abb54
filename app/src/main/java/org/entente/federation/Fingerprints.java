package org.entente.federation;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * SHA-256 fingerprints of certificates (over the DER encoding, as {@code openssl x509 -fingerprint
 * -sha256} computes them). The canonical form is 64 lowercase hex digits; {@link #normalize} also accepts
 * the colon-separated and {@code sha256:}-prefixed forms people copy from tools.
 */
public final class Fingerprints {

    private Fingerprints() {
    }

    public static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code AB:CD:…}, the form openssl prints. */
    public static String withColons(String fingerprint) {
        String hex = normalize(fingerprint).toUpperCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(hex, i, i + 2);
        }
        return sb.toString();
    }

    /** The canonical form of a fingerprint written any usual way; IllegalArgumentException when it is not one. */
    public static String normalize(String fingerprint) {
        String s = fingerprint.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("sha256:") || s.startsWith("sha-256:")) {
            s = s.substring(s.indexOf(':') + 1);
        }
        s = s.replace(":", "");
        if (!s.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 fingerprint: '" + fingerprint + "'");
        }
        return s;
    }

    public static boolean matches(X509Certificate certificate, String expected) {
        return MessageDigest.isEqual(sha256(certificate).getBytes(), normalize(expected).getBytes());
    }
}
