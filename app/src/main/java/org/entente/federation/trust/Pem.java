package org.entente.federation.trust;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * PEM (RFC 7468) reading and writing: certificates ({@code CERTIFICATE}) and unencrypted PKCS #8
 * private keys ({@code PRIVATE KEY}), EC P-256 or Ed25519. Anything else, or a damaged file, is a
 * {@link CertificateException} naming the file.
 */
public final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");
    private static final String OID_EC = "1.2.840.10045.2.1";
    private static final String OID_ED25519 = "1.3.101.112";

    private Pem() {
    }

    public static String certificate(X509Certificate certificate) {
        try {
            return block("CERTIFICATE", certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String privateKey(PrivateKey key) {
        return block("PRIVATE KEY", key.getEncoded());
    }

    private static String block(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /** Every certificate in the file, in order; at least one. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException, CertificateException {
        return certificates(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
    }

    public static X509Certificate readCertificate(Path file) throws IOException, CertificateException {
        List<X509Certificate> all = readCertificates(file);
        if (all.size() != 1) {
            throw new CertificateException(file + ": expected one certificate, found " + all.size());
        }
        return all.getFirst();
    }

    /** Every certificate in PEM text; {@code source} names it in errors. */
    public static List<X509Certificate> certificates(String pem, String source) throws CertificateException {
        List<X509Certificate> out = new ArrayList<>();
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        for (byte[] der : blocks(pem, "CERTIFICATE", source)) {
            try {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            } catch (CertificateException | RuntimeException e) {
                throw new CertificateException(source + ": not a valid X.509 certificate (" + e.getMessage() + ")", e);
            }
        }
        if (out.isEmpty()) {
            throw new CertificateException(source + ": no PEM certificate (-----BEGIN CERTIFICATE-----) found");
        }
        return out;
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException, CertificateException {
        List<byte[]> keys = blocks(Files.readString(file, StandardCharsets.US_ASCII), "PRIVATE KEY", file.toString());
        if (keys.size() != 1) {
            throw new CertificateException(file + ": expected one PKCS #8 private key (-----BEGIN PRIVATE KEY-----), found "
                    + keys.size());
        }
        byte[] der = keys.getFirst();
        try {
            String oid = PrivateKeyInfo.getInstance(der).getPrivateKeyAlgorithm().getAlgorithm().getId();
            String algorithm = switch (oid) {
                case OID_EC -> "EC";
                case OID_ED25519 -> "Ed25519";
                default -> throw new CertificateException(file + ": unsupported key algorithm " + oid
                        + " (EC P-256 or Ed25519 expected)");
            };
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            if (e instanceof CertificateException c) {
                throw c;
            }
            throw new CertificateException(file + ": not a valid PKCS #8 private key (" + e.getMessage() + ")", e);
        }
    }

    private static List<byte[]> blocks(String pem, String label, String source) throws CertificateException {
        List<byte[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            if (!m.group(1).equals(label)) {
                continue;
            }
            try {
                out.add(Base64.getMimeDecoder().decode(m.group(2)));
            } catch (IllegalArgumentException e) {
                throw new CertificateException(source + ": damaged PEM " + label + " block (" + e.getMessage() + ")");
            }
        }
        return out;
    }
}
