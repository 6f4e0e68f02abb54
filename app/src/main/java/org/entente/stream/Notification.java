package org.entente.stream;

import java.time.Instant;

import org.entente.sharing.SharingLabel;

/**
 * Something a user may want to learn about at once. Published with Spring's ApplicationEventPublisher
 * (after commit: inside a transaction, delivery starts when it commits). Every delivery, on every
 * channel, passes {@code SharingPolicy.decide(recipient, label)} with the recipient's rights at the
 * time of delivery.
 *
 * @param kind        "alert" (an observation matched an indicator), "sighting", "intel" (new object in the audience) …
 * @param subjectId   STIX id of the object the notification is about (e.g. the sighting)
 * @param subjectType its STIX type, e.g. "sighting", "indicator"
 * @param label       who may receive it
 * @param payloadJson the JSON body delivered (e.g. {"sighting":{...},"indicator":{...}}), already limited to
 *                    what the label's audience may see
 * @param at          when it happened
 */
public record Notification(String kind,
                           String subjectId,
                           String subjectType,
                           SharingLabel label,
                           String payloadJson,
                           Instant at) {}
