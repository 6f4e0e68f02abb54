package org.entente.stream;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the NATS JetStream publisher ({@code entente.nats.*}); off unless {@code url} is set
 * (environment {@code ENTENTE_NATS_URL}).
 *
 * @param url    e.g. {@code nats://127.0.0.1:4222}; empty: no NATS
 * @param stream the JetStream stream, created over {@code entente.>} when missing (default {@code ENTENTE})
 */
@ConfigurationProperties("entente.nats")
record NatsProperties(String url, String stream) {

    NatsProperties {
        stream = stream == null || stream.isBlank() ? "ENTENTE" : stream;
    }

    boolean enabled() {
        return url != null && !url.isBlank();
    }
}
