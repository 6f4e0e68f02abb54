package org.entente.operations.web;

import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * When the node's HTTP port serves TLS ({@code server.ssl.certificate} and
 * {@code server.ssl.certificate-private-key}, or a key store), only TLS 1.3 and 1.2 with forward-secret
 * AEAD suites are offered, unless the operator set {@code server.ssl.enabled-protocols} /
 * {@code server.ssl.ciphers} explicitly. (The federation port has its own, stricter setup: TLS 1.3,
 * mutual; see docs/FEDERATION.md.) Runs after Spring Boot's own customizer, which copies server.ssl.*.
 */
@Component
class TlsDefaults implements WebServerFactoryCustomizer<AbstractConfigurableWebServerFactory>, Ordered {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    static final String[] CIPHERS = {
            "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"};

    @Override
    public void customize(AbstractConfigurableWebServerFactory factory) {
        Ssl ssl = factory.getSsl();
        if (!Ssl.isEnabled(ssl)) {
            return;
        }
        if (ssl.getEnabledProtocols() == null || ssl.getEnabledProtocols().length == 0) {
            ssl.setEnabledProtocols(PROTOCOLS.clone());
        }
        if (ssl.getCiphers() == null || ssl.getCiphers().length == 0) {
            ssl.setCiphers(CIPHERS.clone());
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
