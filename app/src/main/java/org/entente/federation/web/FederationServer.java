package org.entente.federation.web;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.util.Base64;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.entente.federation.FederationNode;
import org.entente.federation.FederationProperties;
import org.entente.federation.Fingerprints;
import org.entente.federation.NodeCredentials;
import org.entente.node.NodeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The federation port: a second Tomcat connector next to the API's, TLS 1.3 only, a client certificate
 * required and trusted only when the community CA issued it (or it is pinned). Credentials are loaded
 * (and checked) when the node starts, so a node with broken keys does not start at all.
 */
@Component
class FederationServer implements FederationNode, WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private static final Logger log = LoggerFactory.getLogger(FederationServer.class);

    private final FederationProperties properties;
    private final Path keyDir;
    private final NodeCredentials credentials;
    private volatile Connector connector;

    FederationServer(FederationProperties properties, NodeProperties node) {
        this.properties = properties;
        this.keyDir = properties.keyDir() != null ? properties.keyDir() : node.home().resolve("federation");
        if (properties.enabled()) {
            try {
                this.credentials = NodeCredentials.load(keyDir);
            } catch (IOException | CertificateException e) {
                throw new IllegalStateException("federation is enabled but the credentials in " + keyDir.toAbsolutePath()
                        + " are not usable: " + e.getMessage(), e);
            }
        } else {
            this.credentials = null;
        }
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (!properties.enabled()) {
            return;
        }
        Connector c = new Connector(Http11NioProtocol.class.getName());
        c.setPort(properties.port());
        c.setScheme("https");
        c.setSecure(true);
        Http11NioProtocol protocol = (Http11NioProtocol) c.getProtocolHandler();
        protocol.setSSLEnabled(true);
        protocol.setSslImplementationName("org.apache.tomcat.util.net.jsse.JSSEImplementation");
        SSLHostConfig host = new SSLHostConfig();
        host.setProtocols("TLSv1.3");
        host.setCertificateVerification("required");
        host.setTrustStore(credentials.trust().trustStore());
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.EC);
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getEncoder().encodeToString(secret); // in memory only, for the in-memory key store
        certificate.setCertificateKeystore(credentials.tlsKeyStore(password.toCharArray()));
        certificate.setCertificateKeystorePassword(password);
        certificate.setCertificateKeyAlias("node");
        host.addCertificate(certificate);
        protocol.addSslHostConfig(host);
        factory.addAdditionalConnectors(c);
        this.connector = c;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        if (connector != null) {
            log.info("Federation port {} (mutual TLS 1.3) as participant '{}', trusting {} ({}); TLS certificate {}", port(),
                    credentials.participant(), credentials.trust().mode() == org.entente.federation.CommunityTrust.Mode.CA
                            ? "the community CA" : "pinned certificates",
                    credentials.trust().anchors().size() + " certificate(s)", Fingerprints.sha256(credentials.tlsCertificate()));
        }
    }

    @Override
    public boolean enabled() {
        return properties.enabled();
    }

    @Override
    public int port() {
        Connector c = connector;
        return c == null ? -1 : c.getLocalPort();
    }

    @Override
    public Path keyDirectory() {
        return keyDir;
    }

    @Override
    public NodeCredentials credentials() {
        if (credentials == null) {
            throw new IllegalStateException("federation is not enabled on this node (entente.federation.enabled)");
        }
        return credentials;
    }
}
