package org.entente.federation.trust;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.entente.federation.Fingerprints;

/** The JSSE pieces of outgoing federation calls. */
public final class TrustManagers {

    private TrustManagers() {
    }

    /** The JDK's PKIX trust manager over exactly these trust anchors (a CA, or pinned leaf certificates). */
    public static X509ExtendedTrustManager pkix(KeyStore anchors) {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance("PKIX");
            f.init(anchors);
            for (TrustManager tm : f.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("no X509ExtendedTrustManager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks a server (a peer node) for an outgoing call, failing closed: the PKIX check of the delegate,
     * then TLS 1.3, hostname verification switched on for the connection (so the delegate did it), a
     * participant name in the certificate and, when given, the expected fingerprint.
     */
    public static X509ExtendedTrustManager peerServer(X509ExtendedTrustManager pkix, String expectedFingerprint) {
        return new X509ExtendedTrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
                if (!(socket instanceof SSLSocket s)) {
                    throw new CertificateException("federation calls must use TLS sockets");
                }
                pkix.checkServerTrusted(chain, authType, socket);
                after(chain, s.getSSLParameters().getEndpointIdentificationAlgorithm(), s.getHandshakeSession());
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
                pkix.checkServerTrusted(chain, authType, engine);
                after(chain, engine.getSSLParameters().getEndpointIdentificationAlgorithm(), engine.getHandshakeSession());
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("federation calls need a connection-aware TLS check (hostname verification)");
            }

            private void after(X509Certificate[] chain, String identification, SSLSession session) throws CertificateException {
                if (!"HTTPS".equalsIgnoreCase(identification)) {
                    throw new CertificateException("hostname verification is off for this connection; federation calls"
                            + " need it (SSLParameters.setEndpointIdentificationAlgorithm(\"HTTPS\"))");
                }
                if (session != null && !"TLSv1.3".equals(session.getProtocol())) {
                    throw new CertificateException("peer negotiated " + session.getProtocol() + "; federation needs TLSv1.3");
                }
                Certificates.participant(chain[0]);
                if (expectedFingerprint != null && !Fingerprints.matches(chain[0], expectedFingerprint)) {
                    throw new CertificateException("peer presented certificate " + Fingerprints.sha256(chain[0])
                            + ", expected " + Fingerprints.normalize(expectedFingerprint));
                }
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
                throw new CertificateException("client side only");
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
                throw new CertificateException("client side only");
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("client side only");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return pkix.getAcceptedIssuers();
            }
        };
    }

    /**
     * Presents this node's one certificate whatever issuers the server lists: with pinned certificates
     * the server names the pinned certificates rather than their issuers, and the JDK's key manager would
     * then send no certificate at all.
     */
    public static X509ExtendedKeyManager single(PrivateKey key, X509Certificate[] chain) {
        X509Certificate[] copy = Arrays.copyOf(chain, chain.length);
        String alias = "node";
        return new X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[] {alias};
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return alias;
            }

            @Override
            public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
                return alias;
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String a) {
                return alias.equals(a) ? copy.clone() : null;
            }

            @Override
            public PrivateKey getPrivateKey(String a) {
                return alias.equals(a) ? key : null;
            }
        };
    }
}
