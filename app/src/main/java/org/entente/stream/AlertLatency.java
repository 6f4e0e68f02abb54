package org.entente.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

/**
 * {@code entente.alert.latency}: from the alert's notification (the sighting that raised it was
 * committed) to its delivery, tagged by channel ({@code sse}: written and flushed to the stream;
 * {@code webhook}: the receiver answered 2xx, retries included). Only alerts, one sample per delivery.
 */
final class AlertLatency {

    private static final Map<String, Timer> TIMERS = new ConcurrentHashMap<>();

    private AlertLatency() {
    }

    static void record(String channel, Instant notified) {
        Duration d = Duration.between(notified, Instant.now());
        TIMERS.computeIfAbsent(channel, c -> Timer.builder("entente.alert.latency")
                .description("Alert notification to delivery").tag("channel", c).register(Metrics.globalRegistry))
                .record(d.isNegative() ? Duration.ZERO : d);
    }
}
