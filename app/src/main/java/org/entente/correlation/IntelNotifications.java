package org.entente.correlation;

import org.entente.intel.IntelStored;
import org.entente.intel.StoredVersion;
import org.entente.stix.StixJson;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import tools.jackson.databind.node.ObjectNode;

/**
 * Announces every newly stored version (kind "intel") to live delivery, labelled like the version, so
 * it reaches exactly who may read it. The payload is a summary (id, type, version, name); the object
 * itself is read through the store. Relabels are not announced here.
 */
@Component
class IntelNotifications {

    private final Notifier notifier;
    /** Off the store's writer thread (import throughput), one thread so notices keep commit order. */
    private final java.util.concurrent.ExecutorService announcer = java.util.concurrent.Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("intel-notifications").factory());

    IntelNotifications(Notifier notifier) {
        this.notifier = notifier;
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        announcer.shutdown();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void stored(IntelStored event) {
        if (!event.relabel()) {
            announcer.execute(() -> announce(event));
        }
    }

    private void announce(IntelStored event) {
        for (StoredVersion v : event.versions()) {
            ObjectNode payload = StixJson.MAPPER.createObjectNode();
            payload.put("id", v.id());
            payload.put("type", v.type());
            if (!v.version().isEmpty()) {
                payload.put("version", v.version());
            }
            v.name().ifPresent(n -> payload.put("name", n));
            notifier.publish("intel", v.id(), v.type(), v.label(), payload.toString());
        }
    }
}
