package org.entente.correlation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.entente.intel.IntelStored;
import org.entente.intel.StoredVersion;
import org.entente.stix.StixJson;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Announces newly stored versions (kind "intel") to live delivery, labelled like the versions, so each
 * notice reaches exactly who may read them: one notice per STIX type and label of each committed batch
 * (a single object: its id, type, version, name; several: their type, count and up to
 * {@value #MAX_IDS} ids). The objects themselves are read through the store. Relabels are not
 * announced here.
 */
@Component
class IntelNotifications {

    /** Ids listed in one notice about many objects. */
    static final int MAX_IDS = 100;

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
        // One notice per STIX type and label within a committed batch: a single object is announced
        // as itself; a bulk import (2,000 objects a batch) as a handful of notices listing ids, not
        // as thousands of deliveries per subscriber.
        Map<List<Object>, List<StoredVersion>> groups = new LinkedHashMap<>();
        for (StoredVersion v : event.versions()) {
            groups.computeIfAbsent(List.of(v.type(), v.label()), k -> new ArrayList<>()).add(v);
        }
        for (List<StoredVersion> group : groups.values()) {
            StoredVersion first = group.getFirst();
            ObjectNode payload = StixJson.MAPPER.createObjectNode();
            if (group.size() == 1) {
                payload.put("id", first.id());
                payload.put("type", first.type());
                if (!first.version().isEmpty()) {
                    payload.put("version", first.version());
                }
                first.name().ifPresent(n -> payload.put("name", n));
            } else {
                payload.put("type", first.type());
                payload.put("count", group.size());
                ArrayNode ids = payload.putArray("ids");
                group.stream().limit(MAX_IDS).forEach(v -> ids.add(v.id()));
                payload.put("truncated", group.size() > MAX_IDS);
            }
            notifier.publish("intel", first.id(), first.type(), first.label(), payload.toString());
        }
    }
}
