package org.entente.federation.trust;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificates of a community, built with BouncyCastle and read with the JDK:
 *
 * <ul>
 *   <li>the community CA: ECDSA P-256, self-signed, {@code CA:true, pathlen:0}, key usage keyCertSign + cRLSign;</li>
 *   <li>a node's TLS certificate: ECDSA P-256, subject {@code CN=<participant>}, SAN URI
 *       {@code urn:entente:participant:<participant>} plus DNS / IP names, extended key usage serverAuth +
 *       clientAuth (the same certificate serves the federation port and authenticates outgoing calls);</li>
 *   <li>a node's signing certificate: Ed25519, the same subject and SAN URI, key usage digitalSignature +
 *       nonRepudiation, extended key usage documentSigning (RFC 9336) only, so it can never authenticate a
 *       TLS connection and the TLS key can never sign provenance.</li>
 * </ul>
 */
public final class Certificates {

    public static final String PARTICIPANT_URN = "urn:entente:participant:";
    /** Participant names as they appear in certificates: also a valid URN NSS and file name. */
    public static final Pattern PARTICIPANT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    /** id-kp-documentSigning, RFC 9336. */
    public static final String DOCUMENT_SIGNING = "1.3.6.1.5.5.7.3.36";
    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Certificates() {
    }

    public static KeyPair newEcKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 in this JDK", e);
        }
    }

    public static KeyPair newEd25519KeyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no Ed25519 in this JDK", e);
        }
    }

    public static void checkParticipantName(String name) {
        if (name == null || !PARTICIPANT_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("participant name '" + name
                    + "' must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /** A self-signed community CA certificate. */
    public static X509Certificate caCertificate(KeyPair ca, String community, Instant notBefore, Instant notAfter) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, community).addRDN(BCStyle.CN, community + " Entente community CA").build();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(notBefore),
                    Date.from(notAfter), subject, ca.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(ca.getPublic()));
            return sign(b, ca.getPrivate());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("could not build the CA certificate", e);
        }
    }

    /** What a node certificate is for. */
    public enum Purpose { TLS, SIGNING }

    /**
     * A node certificate for {@code participant}, issued by the CA. {@code dns} and {@code ips} only go
     * into TLS certificates.
     */
    public static X509Certificate nodeCertificate(Purpose purpose, PublicKey subjectKey, String participant,
                                                  List<String> dns, List<String> ips, X509Certificate caCert,
                                                  PrivateKey caKey, Instant notBefore, Instant notAfter) {
        checkParticipantName(participant);
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        String community = organisation(caCert);
        if (community != null) {
            name.addRDN(BCStyle.O, community);
        }
        X500Name subject = name.addRDN(BCStyle.CN, participant).build();
        List<GeneralName> sans = new ArrayList<>();
        sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, PARTICIPANT_URN + participant));
        if (purpose == Purpose.TLS) {
            dns.forEach(d -> sans.add(new GeneralName(GeneralName.dNSName, d)));
            for (String ip : ips) {
                if (!ip.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
                    throw new IllegalArgumentException("'" + ip + "' is not an IP address");
                }
                sans.add(new GeneralName(GeneralName.iPAddress, ip));
            }
        }
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    org.bouncycastle.asn1.x500.X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()),
                    serial(), Date.from(notBefore), Date.from(notAfter), subject, subjectKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            if (purpose == Purpose.TLS) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                        .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation))
                        .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                                KeyPurposeId.getInstance(new org.bouncycastle.asn1.ASN1ObjectIdentifier(DOCUMENT_SIGNING))));
            }
            return sign(b, caKey);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("could not build the certificate", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
            throws CertificateException {
        try {
            String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "Ed25519";
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(algorithm).build(key)));
        } catch (OperatorCreationException e) {
            throw new CertificateException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    /** The O of a certificate's subject (the community, for Entente certificates), or null. */
    public static String organisation(X509Certificate cert) {
        X500Name name = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        var rdns = name.getRDNs(BCStyle.O);
        return rdns.length == 0 ? null : rdns[0].getFirst().getValue().toString();
    }

    /** The participant a certificate names: its one {@code urn:entente:participant:} SAN URI. */
    public static String participant(X509Certificate cert) throws CertificateException {
        List<String> found = new ArrayList<>();
        Collection<List<?>> sans;
        try {
            sans = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new CertificateException("unreadable subject alternative names", e);
        }
        if (sans != null) {
            for (List<?> san : sans) {
                if (Integer.valueOf(GeneralName.uniformResourceIdentifier).equals(san.get(0))
                        && san.get(1) instanceof String uri && uri.startsWith(PARTICIPANT_URN)) {
                    found.add(uri.substring(PARTICIPANT_URN.length()));
                }
            }
        }
        if (found.size() != 1 || !PARTICIPANT_NAME.matcher(found.getFirst()).matches()) {
            throw new CertificateException("certificate " + cert.getSubjectX500Principal()
                    + " must name exactly one participant as a SAN URI " + PARTICIPANT_URN + "<name>; found " + found);
        }
        return found.getFirst();
    }

    public static boolean hasExtendedKeyUsage(X509Certificate cert, String oid) throws CertificateException {
        try {
            List<String> eku = cert.getExtendedKeyUsage();
            return eku != null && eku.contains(oid);
        } catch (CertificateParsingException e) {
            throw new CertificateException("unreadable extended key usage", e);
        }
    }
}
