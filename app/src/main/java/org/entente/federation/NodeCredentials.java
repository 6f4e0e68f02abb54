package org.entente.federation;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

import org.entente.federation.trust.Certificates;
import org.entente.federation.trust.Pem;
import org.entente.federation.trust.SecureFiles;
import org.entente.federation.trust.TrustManagers;

/**
 * This node's federation credentials, from its key directory:
 *
 * <pre>
 * node.key     EC P-256 TLS key (PKCS #8 PEM, 0600)      node.crt     its certificate (serverAuth + clientAuth)
 * signing.key  Ed25519 provenance key (PKCS #8 PEM, 0600) signing.crt its certificate (documentSigning)
 * ca.crt       the community CA  — or —  pinned/*.crt     the pinned certificates of the peers (and our own)
 * </pre>
 *
 * Loading checks everything it can: keys readable by the owner only, each key matching its certificate,
 * both certificates naming the same participant, valid now and (with a CA) issued by it.
 */
public final class NodeCredentials {

    private final String participant;
    private final PrivateKey tlsKey;
    private final X509Certificate tlsCertificate;
    private final ProvenanceSigner signer;
    private final CommunityTrust trust;

    private NodeCredentials(String participant, PrivateKey tlsKey, X509Certificate tlsCertificate, ProvenanceSigner signer,
                            CommunityTrust trust) {
        this.participant = participant;
        this.tlsKey = tlsKey;
        this.tlsCertificate = tlsCertificate;
        this.signer = signer;
        this.trust = trust;
    }

    public static NodeCredentials load(Path keyDir) throws IOException, CertificateException {
        CommunityTrust trust = CommunityTrust.load(keyDir);
        Path nodeKey = keyDir.resolve("node.key");
        Path signingKey = keyDir.resolve("signing.key");
        SecureFiles.checkPrivate(nodeKey);
        SecureFiles.checkPrivate(signingKey);
        PrivateKey tlsKey = Pem.readPrivateKey(nodeKey);
        X509Certificate tlsCert = Pem.readCertificates(keyDir.resolve("node.crt")).getFirst();
        String participant;
        if (trust.mode() == CommunityTrust.Mode.CA) {
            participant = trust.verifyTlsCertificate(tlsCert, Instant.now());
        } else {
            tlsCert.checkValidity();
            participant = Certificates.participant(tlsCert);
        }
        if (!tlsKey.getAlgorithm().equals("EC") || !matches(tlsKey, tlsCert, "SHA256withECDSA")) {
            throw new CertificateException(nodeKey + " is not the EC key of " + keyDir.resolve("node.crt"));
        }
        X509Certificate signingCert = Pem.readCertificates(keyDir.resolve("signing.crt")).getFirst();
        String signingParticipant;
        if (trust.mode() == CommunityTrust.Mode.CA) {
            signingParticipant = trust.verifySigningCertificate(signingCert, Instant.now());
        } else {
            signingCert.checkValidity();
            signingParticipant = Certificates.participant(signingCert);
        }
        if (!signingParticipant.equals(participant)) {
            throw new CertificateException("node.crt names '" + participant + "' but signing.crt names '" + signingParticipant + "'");
        }
        ProvenanceSigner signer;
        try {
            signer = new ProvenanceSigner(Pem.readPrivateKey(signingKey), signingCert);
        } catch (IllegalArgumentException e) {
            throw new CertificateException(signingKey + ": " + e.getMessage());
        }
        return new NodeCredentials(participant, tlsKey, tlsCert, signer, trust);
    }

    private static boolean matches(PrivateKey key, X509Certificate cert, String algorithm) {
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(new byte[] {1});
            byte[] sig = s.sign();
            s.initVerify(cert.getPublicKey());
            s.update(new byte[] {1});
            return s.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public String participant() {
        return participant;
    }

    public X509Certificate tlsCertificate() {
        return tlsCertificate;
    }

    /** The certificate chain this node presents: its TLS certificate, then the CA's in CA mode. */
    public X509Certificate[] tlsChain() {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(tlsCertificate);
        if (trust.mode() == CommunityTrust.Mode.CA) {
            chain.add(trust.anchors().getFirst());
        }
        return chain.toArray(X509Certificate[]::new);
    }

    public ProvenanceSigner signer() {
        return signer;
    }

    public CommunityTrust trust() {
        return trust;
    }

    /** This node's own signing key, for checking objects it signed. Add peers' with {@link ParticipantKeys#with}. */
    public ParticipantKeys ownKeys() {
        try {
            return ParticipantKeys.empty(trust).with(signer.certificate());
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The TLS key and chain as an in-memory key store under alias {@code node} protected by
     * {@code password}: for the federation connector.
     */
    public KeyStore tlsKeyStore(char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("node", tlsKey, password, tlsChain());
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For outgoing federation calls to any peer the community trusts. */
    public SSLContext clientSslContext() {
        return clientSslContext(null);
    }

    /**
     * For outgoing federation calls that must also reach exactly the peer whose certificate has the
     * {@code expectedPeerFingerprint} (checked out of band, e.g. when a peer is added); null means any
     * trusted peer. The handshake fails otherwise. Use with {@link #clientSslParameters()}: the context
     * refuses connections without hostname verification or with anything older than TLS 1.3.
     */
    public SSLContext clientSslContext(String expectedPeerFingerprint) {
        if (expectedPeerFingerprint != null) {
            Fingerprints.normalize(expectedPeerFingerprint);
        }
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(new KeyManager[] {TrustManagers.single(tlsKey, tlsChain())},
                    new TrustManager[] {TrustManagers.peerServer(TrustManagers.pkix(trust.trustStore()), expectedPeerFingerprint)},
                    null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** TLS 1.3 only, hostname verification on. */
    public static SSLParameters clientSslParameters() {
        SSLParameters p = new SSLParameters();
        p.setProtocols(new String[] {"TLSv1.3"});
        p.setEndpointIdentificationAlgorithm("HTTPS");
        return p;
    }

    /** An HTTP client for calls to peers (see {@link #clientSslContext(String)}). */
    public HttpClient httpClient(String expectedPeerFingerprint) {
        return HttpClient.newBuilder()
                .sslContext(clientSslContext(expectedPeerFingerprint))
                .sslParameters(clientSslParameters())
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }
}
