package org.entente.intel;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

/**
 * Ingest counters (docs/OPERATIONS.md#metrics): objects stored, already present and rejected, and how
 * long each import (a bundle, a TAXII envelope, a federation page) took. Registered in Micrometer's
 * global registry, which Spring Boot feeds to the Prometheus endpoint, so the store needs no extra
 * dependency; tags are a fixed set (never an object id or type).
 */
final class IngestMetrics {

    private static final Counter STORED = Counter.builder("entente.ingest.objects").tag("outcome", "stored")
            .description("STIX objects received for storage, by outcome").register(Metrics.globalRegistry);
    private static final Counter PRESENT = Counter.builder("entente.ingest.objects").tag("outcome", "already_present")
            .description("STIX objects received for storage, by outcome").register(Metrics.globalRegistry);
    private static final Counter REJECTED = Counter.builder("entente.ingest.objects").tag("outcome", "rejected")
            .description("STIX objects received for storage, by outcome").register(Metrics.globalRegistry);
    private static final Timer IMPORT = Timer.builder("entente.ingest.import")
            .description("Duration of one import (bundle, TAXII envelope or federation page), whole stream")
            .register(Metrics.globalRegistry);

    private IngestMetrics() {
    }

    static void record(ImportSummary summary, long nanos) {
        STORED.increment(summary.stored());
        PRESENT.increment(summary.alreadyPresent());
        REJECTED.increment(summary.rejected().size());
        IMPORT.record(nanos, TimeUnit.NANOSECONDS);
    }
}
