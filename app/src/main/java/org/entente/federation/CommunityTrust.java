package org.entente.federation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.EdECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.entente.federation.trust.Certificates;
import org.entente.federation.trust.Pem;

/**
 * What a node trusts: the community CA (any certificate it issued), or, for small communities, a set of
 * pinned certificates (exactly those, whoever issued them). TLS peers and provenance signing keys are
 * both checked against it.
 */
public final class CommunityTrust {

    public enum Mode { CA, PINNED }

    private final Mode mode;
    private final List<X509Certificate> anchors;

    private CommunityTrust(Mode mode, List<X509Certificate> anchors) {
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("no trusted certificates");
        }
        this.mode = mode;
        this.anchors = List.copyOf(anchors);
    }

    public static CommunityTrust ca(X509Certificate caCertificate) {
        if (caCertificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException(caCertificate.getSubjectX500Principal() + " is not a CA certificate");
        }
        return new CommunityTrust(Mode.CA, List.of(caCertificate));
    }

    public static CommunityTrust pinned(Collection<X509Certificate> certificates) {
        return new CommunityTrust(Mode.PINNED, new ArrayList<>(certificates));
    }

    /**
     * From a key directory: {@code ca.crt} (CA mode) or every {@code pinned/*.crt} (pinned mode); both
     * at once is refused as ambiguous.
     */
    public static CommunityTrust load(Path keyDir) throws IOException, CertificateException {
        Path ca = keyDir.resolve("ca.crt");
        Path pinned = keyDir.resolve("pinned");
        boolean hasPinned = Files.isDirectory(pinned);
        if (Files.exists(ca) && hasPinned) {
            throw new CertificateException(keyDir + " holds both ca.crt and pinned/: keep one trust mode");
        }
        if (Files.exists(ca)) {
            List<X509Certificate> certs = Pem.readCertificates(ca);
            try {
                return ca(certs.getFirst());
            } catch (IllegalArgumentException e) {
                throw new CertificateException(ca + ": " + e.getMessage());
            }
        }
        if (hasPinned) {
            List<X509Certificate> certs = new ArrayList<>();
            try (Stream<Path> files = Files.list(pinned)) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".crt")).sorted().toList()) {
                    certs.addAll(Pem.readCertificates(f));
                }
            }
            if (certs.isEmpty()) {
                throw new CertificateException(pinned + " holds no *.crt certificate");
            }
            return pinned(certs);
        }
        throw new CertificateException(keyDir + " holds neither ca.crt (community CA) nor pinned/*.crt (pinned peers)");
    }

    public Mode mode() {
        return mode;
    }

    /** The CA certificate, or the pinned certificates. */
    public List<X509Certificate> anchors() {
        return anchors;
    }

    /** The anchors as an in-memory trust store (for JSSE and Tomcat). */
    public KeyStore trustStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : anchors) {
                ks.setCertificateEntry("trusted-" + i++, c);
            }
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks a provenance signing certificate at {@code at}: issued by the CA (or pinned), valid then, an
     * Ed25519 key, extended key usage documentSigning, one participant name. Returns that participant.
     */
    public String verifySigningCertificate(X509Certificate cert, Instant at) throws CertificateException {
        checkChain(cert, at);
        if (!(cert.getPublicKey() instanceof EdECPublicKey k) || !k.getParams().getName().equalsIgnoreCase("Ed25519")) {
            throw new CertificateException("signing certificate " + cert.getSubjectX500Principal() + " does not hold an Ed25519 key");
        }
        if (!Certificates.hasExtendedKeyUsage(cert, Certificates.DOCUMENT_SIGNING)) {
            throw new CertificateException("certificate " + cert.getSubjectX500Principal()
                    + " is not a signing certificate (no documentSigning extended key usage)");
        }
        return Certificates.participant(cert);
    }

    /** Checks a TLS certificate of a node the same way (CA or pinned, valid at {@code at}); returns its participant. */
    public String verifyTlsCertificate(X509Certificate cert, Instant at) throws CertificateException {
        checkChain(cert, at);
        return Certificates.participant(cert);
    }

    private void checkChain(X509Certificate cert, Instant at) throws CertificateException {
        try {
            cert.checkValidity(Date.from(at));
        } catch (CertificateException e) {
            throw new CertificateException("certificate " + cert.getSubjectX500Principal() + " is not valid at " + at
                    + " (valid " + cert.getNotBefore().toInstant() + " to " + cert.getNotAfter().toInstant() + ")", e);
        }
        if (mode == Mode.PINNED) {
            if (!anchors.contains(cert)) { // X509Certificate.equals compares the DER encoding
                throw new CertificateException("certificate " + cert.getSubjectX500Principal() + " ("
                        + Fingerprints.sha256(cert) + ") is not pinned");
            }
            return;
        }
        try {
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchors.getFirst(), null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert)), params);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("certificate " + cert.getSubjectX500Principal()
                    + " was not issued by the community CA " + anchors.getFirst().getSubjectX500Principal()
                    + ": " + e.getMessage(), e);
        }
    }
}
