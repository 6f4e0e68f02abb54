package org.entente.federation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.entente.federation.trust.Certificates;
import org.entente.federation.trust.Pem;
import org.entente.federation.trust.TrustManagers;
import org.entente.support.RunningNode;

/** CAs, credentials and TLS clients for the federation tests; everything real, nothing mocked. */
public final class TrustTestSupport {

    private TrustTestSupport() {
    }

    public static Path freshDir(String prefix) {
        try {
            Path base = Path.of("target", "test-homes").toAbsolutePath();
            Files.createDirectories(base);
            return Files.createTempDirectory(base, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CommunityCa newCa(String community) {
        try {
            return CommunityCa.init(freshDir("ca-").resolve("ca"), community);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path issue(CommunityCa ca, String participant) {
        try {
            Path out = freshDir("creds-").resolve(participant);
            ca.issue(participant, List.of(), List.of(), out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path issueExpired(CommunityCa ca, String participant) {
        try {
            Path out = freshDir("creds-").resolve(participant);
            Instant now = Instant.now();
            ca.issue(participant, List.of(), List.of(), out, now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static NodeCredentials load(Path dir) {
        try {
            return NodeCredentials.load(dir);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed EC certificate that claims a participant, as an attacker would make one. */
    public static Object[] selfSigned(String participant) throws Exception {
        KeyPair pair = Certificates.newEcKeyPair();
        X500Name name = new X500Name("CN=" + participant);
        Instant now = Instant.now();
        var b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(300)),
                Date.from(now.plusSeconds(86400)), name, pair.getPublic())
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.uniformResourceIdentifier, Certificates.PARTICIPANT_URN + participant),
                        new GeneralName(GeneralName.dNSName, "localhost")}));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        return new Object[] {pair.getPrivate(), cert};
    }

    /**
     * A client presenting {@code key}/{@code chain} (none when null), trusting {@code trust}, speaking only
     * {@code protocol}, with the JDK's PKIX trust manager.
     */
    public static HttpClient plainClient(PrivateKey key, X509Certificate[] chain, CommunityTrust trust, String protocol) throws Exception {
        // Always presents its certificate, even one the server will not accept (the JDK's own key manager
        // would send none when the issuer is not one the server asked for, hiding what is tested).
        KeyManager[] kms = key == null ? null : new KeyManager[] {TrustManagers.single(key, chain)};
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kms, new TrustManager[] {TrustManagers.pkix(trust.trustStore())}, null);
        SSLParameters p = new SSLParameters();
        p.setProtocols(new String[] {protocol});
        return HttpClient.newBuilder().sslContext(context).sslParameters(p).connectTimeout(Duration.ofSeconds(10)).build();
    }

    public static HttpClient clientOf(Path credentials, CommunityTrust trust, String protocol) throws Exception {
        PrivateKey key = Pem.readPrivateKey(credentials.resolve("node.key"));
        X509Certificate cert = Pem.readCertificate(credentials.resolve("node.crt"));
        return plainClient(key, new X509Certificate[] {cert}, trust, protocol);
    }

    /**
     * A GET with a timeout long enough for a loaded machine. Tests of refused handshakes check that the
     * failure is not this timeout ({@link java.net.http.HttpTimeoutException} is an {@link IOException}
     * too), so a slow server can neither fail them nor make them pass for the wrong reason.
     */
    public static HttpResponse<String> get(HttpClient client, String url) throws IOException {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + RunningNode.ADMIN_TOKEN).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
