package org.entente.federation.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code entente.federation.lag} (seconds since each peer was last caught up, tag {@code peer}: its
 * participant's name) and {@code entente.federation.received} / {@code quarantined} per peer. The
 * values come from table federation_peer, refreshed every 15 s off the request path (a scrape never
 * queries the database); a peer never caught up has no lag series yet. Peers are few, so the
 * {@code peer} tag is bounded by configuration, not by traffic.
 */
@Component
class PeerLagMetrics implements MeterBinder, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PeerLagMetrics.class);

    private final Peers peers;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("federation-metrics").daemon(true).factory());
    private MultiGauge lag;
    private MultiGauge received;
    private MultiGauge quarantined;

    PeerLagMetrics(Peers peers) {
        this.peers = peers;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        lag = MultiGauge.builder("entente.federation.lag").baseUnit("seconds")
                .description("Seconds since the peer's feed was last read to its end").register(registry);
        received = MultiGauge.builder("entente.federation.received")
                .description("Objects received from the peer").register(registry);
        quarantined = MultiGauge.builder("entente.federation.quarantined")
                .description("Objects from the peer that did not verify").register(registry);
        refresher.scheduleWithFixedDelay(this::refresh, 5, 15, TimeUnit.SECONDS);
    }

    void refresh() {
        try {
            var all = peers.all();
            Instant now = Instant.now();
            lag.register(all.stream().filter(p -> p.caughtUpAt() != null)
                    .map(p -> MultiGauge.Row.of(Tags.of("peer", p.participantName()),
                            Duration.between(p.caughtUpAt(), now).toMillis() / 1000.0)).toList(), true);
            received.register(all.stream().map(p -> MultiGauge.Row.of(Tags.of("peer", p.participantName()), p.received())).toList(), true);
            quarantined.register(all.stream().map(p -> MultiGauge.Row.of(Tags.of("peer", p.participantName()), p.quarantined())).toList(), true);
        } catch (RuntimeException e) {
            log.debug("federation metrics not refreshed: {}", e.getMessage());
        }
    }

    @Override
    public void destroy() {
        refresher.shutdownNow();
    }
}
