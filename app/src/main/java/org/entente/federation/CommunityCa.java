package org.entente.federation;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.entente.federation.trust.Certificates;
import org.entente.federation.trust.Certificates.Purpose;
import org.entente.federation.trust.Pem;
import org.entente.federation.trust.SecureFiles;

/**
 * The community CA of {@code entente ca …}: works on files only, no running node. Its directory holds
 * {@code ca.key} (EC P-256, PKCS #8 PEM, 0600), {@code ca.crt} and {@code issued/} (a copy of every
 * certificate it issued, for the record).
 */
public final class CommunityCa {

    public static final Duration CA_VALIDITY = Duration.ofDays(3653);
    public static final Duration NODE_VALIDITY = Duration.ofDays(730);

    private final Path dir;
    private final PrivateKey key;
    private final X509Certificate certificate;

    private CommunityCa(Path dir, PrivateKey key, X509Certificate certificate) {
        this.dir = dir;
        this.key = key;
        this.certificate = certificate;
    }

    /** Creates a new CA in {@code dir}; refuses when one is there already. */
    public static CommunityCa init(Path dir, String community) throws IOException {
        if (community == null || community.isBlank() || community.length() > 64) {
            throw new IllegalArgumentException("the community name must be 1-64 characters");
        }
        if (Files.exists(dir.resolve("ca.key")) || Files.exists(dir.resolve("ca.crt"))) {
            throw new FileAlreadyExistsException(dir.toString(), null, "a CA exists there already");
        }
        SecureFiles.createPrivateDirectory(dir);
        KeyPair pair = Certificates.newEcKeyPair();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate cert = Certificates.caCertificate(pair, community, now.minus(Duration.ofMinutes(5)), now.plus(CA_VALIDITY));
        SecureFiles.writePrivate(dir.resolve("ca.key"), Pem.privateKey(pair.getPrivate()));
        SecureFiles.writePublic(dir.resolve("ca.crt"), Pem.certificate(cert));
        Files.createDirectories(dir.resolve("issued"));
        return new CommunityCa(dir, pair.getPrivate(), cert);
    }

    public static CommunityCa open(Path dir) throws IOException, CertificateException {
        Path keyFile = dir.resolve("ca.key");
        if (!Files.exists(keyFile)) {
            throw new CertificateException("no CA in " + dir + " (run 'entente ca init --dir " + dir + "' first)");
        }
        SecureFiles.checkPrivate(keyFile);
        X509Certificate cert = Pem.readCertificate(dir.resolve("ca.crt"));
        return new CommunityCa(dir, Pem.readPrivateKey(keyFile), cert);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String community() {
        return Certificates.organisation(certificate);
    }

    public Path directory() {
        return dir;
    }

    /** What {@link #issue} wrote. */
    public record Issued(String participant, Path directory, X509Certificate tlsCertificate, X509Certificate signingCertificate) {
    }

    /**
     * Issues a node's credentials into {@code out} (created 0700): node.key + node.crt (TLS), signing.key +
     * signing.crt (provenance), ca.crt. Without names, the TLS certificate is for {@code localhost} and
     * {@code 127.0.0.1}. Refuses to overwrite existing keys.
     */
    public Issued issue(String participant, List<String> dns, List<String> ips, Path out) throws IOException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return issue(participant, dns, ips, out, now.minus(Duration.ofMinutes(5)), now.plus(NODE_VALIDITY));
    }

    public Issued issue(String participant, List<String> dns, List<String> ips, Path out, Instant notBefore, Instant notAfter)
            throws IOException {
        Certificates.checkParticipantName(participant);
        if (dns.isEmpty() && ips.isEmpty()) {
            dns = List.of("localhost");
            ips = List.of("127.0.0.1");
        }
        for (String f : List.of("node.key", "signing.key", "node.crt", "signing.crt")) {
            if (Files.exists(out.resolve(f))) {
                throw new FileAlreadyExistsException(out.resolve(f).toString(), null, "refusing to overwrite existing credentials");
            }
        }
        KeyPair tls = Certificates.newEcKeyPair();
        KeyPair signing = Certificates.newEd25519KeyPair();
        X509Certificate tlsCert = Certificates.nodeCertificate(Purpose.TLS, tls.getPublic(), participant, dns, ips,
                certificate, key, notBefore, notAfter);
        X509Certificate signingCert = Certificates.nodeCertificate(Purpose.SIGNING, signing.getPublic(), participant,
                List.of(), List.of(), certificate, key, notBefore, notAfter);
        SecureFiles.createPrivateDirectory(out);
        SecureFiles.writePrivate(out.resolve("node.key"), Pem.privateKey(tls.getPrivate()));
        SecureFiles.writePrivate(out.resolve("signing.key"), Pem.privateKey(signing.getPrivate()));
        SecureFiles.writePublic(out.resolve("node.crt"), Pem.certificate(tlsCert));
        SecureFiles.writePublic(out.resolve("signing.crt"), Pem.certificate(signingCert));
        Files.writeString(out.resolve("ca.crt"), Pem.certificate(certificate));
        Path record = dir.resolve("issued");
        Files.createDirectories(record);
        String serial = tlsCert.getSerialNumber().toString(16);
        Files.writeString(record.resolve(participant + "-" + serial + "-node.crt"), Pem.certificate(tlsCert));
        Files.writeString(record.resolve(participant + "-" + serial + "-signing.crt"), Pem.certificate(signingCert));
        return new Issued(participant, out, tlsCert, signingCert);
    }

    /** The certificates of a PEM file (at least one); CertificateException naming the file when it is damaged. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException, CertificateException {
        return Pem.readCertificates(file);
    }

    /** Every certificate this CA recorded as issued, oldest file name first. */
    public List<X509Certificate> issued() throws IOException, CertificateException {
        Path record = dir.resolve("issued");
        List<X509Certificate> out = new ArrayList<>();
        if (!Files.isDirectory(record)) {
            return out;
        }
        try (Stream<Path> files = Files.list(record)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".crt")).sorted().toList()) {
                out.addAll(Pem.readCertificates(f));
            }
        }
        return out;
    }
}
