package org.entente.correlation;

import java.time.Instant;

import org.entente.sharing.SharingLabel;
import org.entente.stream.Notification;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Hands what correlation learns to live delivery ({@link Notification}, module {@code stream}). Every notice carries a label: delivery passes it
 * through the sharing policy per recipient, so a notice reaches exactly who may read its label.
 */
@Component
class Notifier {

    private final ApplicationEventPublisher events;

    Notifier(ApplicationEventPublisher events) {
        this.events = events;
    }

    void publish(String kind, String subjectId, String subjectType, SharingLabel label, String payloadJson) {
        events.publishEvent(new Notification(kind, subjectId, subjectType, label, payloadJson, Instant.now()));
    }
}
