package org.entente.federation;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Federation settings ({@code entente.federation.*}).
 *
 * @param enabled whether this node opens the federation port; default false
 * @param port    the federation port (mutual TLS, TLS 1.3 only); default 8443, 0 picks a free one
 * @param keyDir  the key directory (see {@link NodeCredentials}); default {@code <home>/federation}
 */
@ConfigurationProperties("entente.federation")
public record FederationProperties(boolean enabled, Integer port, Path keyDir) {

    public static final int DEFAULT_PORT = 8443;

    public FederationProperties {
        port = port == null ? DEFAULT_PORT : port;
    }
}
