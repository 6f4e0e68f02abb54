package org.entente.stream;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the NATS JetStream publisher ({@code entente.nats.*}); off unless {@code url} is set
 * (environment {@code ENTENTE_NATS_URL}).
 *
 * <p>The stream is bounded, oldest messages discarded first: NATS consumers are organisations' systems
 * that may be gone for good, and without limits a node left running fills the NATS server's disk. The
 * limits are applied to a stream that already exists too (one made by an older version had none).
 *
 * @param url      e.g. {@code nats://127.0.0.1:4222}; empty: no NATS
 * @param stream   the JetStream stream, created over {@code entente.>} when missing (default {@code ENTENTE})
 * @param maxAge   how long the stream keeps a message (default 7 days, e.g. {@code 7d}); at least 1 s: recent
 *                 NATS servers refuse very short ages, and the deduplication window (which must fit in it)
 *                 has to outlast a publisher's retries
 * @param maxBytes how much the stream holds in all (default 1 GiB; {@code 1GB} and plain bytes are read
 *                 as Spring reads sizes, in binary units); the oldest messages go first beyond it
 */
@ConfigurationProperties("entente.nats")
record NatsProperties(String url, String stream, Duration maxAge, DataSize maxBytes) {

    static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
    static final DataSize DEFAULT_MAX_BYTES = DataSize.ofGigabytes(1);

    NatsProperties {
        stream = stream == null || stream.isBlank() ? "ENTENTE" : stream;
        maxAge = maxAge == null ? DEFAULT_MAX_AGE : maxAge;
        maxBytes = maxBytes == null ? DEFAULT_MAX_BYTES : maxBytes;
        if (maxAge.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("entente.nats.max-age must be at least 1s (was " + maxAge + ")");
        }
        try {
            maxAge.toNanos(); // how NATS holds it
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("entente.nats.max-age is too long for NATS (was " + maxAge + ")");
        }
        if (maxBytes.toBytes() < 1) {
            throw new IllegalArgumentException("entente.nats.max-bytes must be positive (was " + maxBytes.toBytes() + " bytes)");
        }
    }

    boolean enabled() {
        return url != null && !url.isBlank();
    }
}
