package org.entente.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.entente.community.Caller;
import org.entente.community.Ids.TaskForceId;
import org.entente.sharing.Audience;
import org.entente.sharing.SharingLabel;
import org.entente.stix.Tlp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What a subscriber may not see leaves no trace in its stream: not in its event ids, not in its queue
 * (overflow), not in what is replayed after a subject was narrowed or deleted.
 */
class StreamPrivacyTest extends StreamTestSupport {

    @Autowired
    StreamHub hub;

    /** Mongolia's own: never Russia's to see. */
    SharingLabel mongoliaOnly() {
        return new SharingLabel(mnIntel, mn, Tlp.GREEN, new Audience.OwnOrganisation());
    }

    @Test
    void eventIdsTellTheTimeNotHowManyNotificationsOthersGot() throws Exception {
        long pause = 1_000_000; // µs between the two allowed notifications, whatever happens in between
        try (SseClient stream = new SseClient(ruReader, "", null)) {
            for (int denied : new int[]{0, 50, 0, 50}) {
                long before1 = StreamHub.nowMicros();
                String a = publish("sighting", "sighting", everyone());
                long after1 = StreamHub.nowMicros();
                for (int i = 0; i < denied; i++) {
                    publish("alert", "sighting", mongoliaOnly());
                }
                while (StreamHub.nowMicros() < after1 + pause) {
                    Thread.sleep(1);
                }
                long before2 = StreamHub.nowMicros();
                String b = publish("sighting", "sighting", everyone());
                long after2 = StreamHub.nowMicros();

                long idA = Long.parseLong(stream.await(a).id());
                long idB = Long.parseLong(stream.await(b).id());
                // The id is the clock when it was published: it says nothing else.
                assertThat(idA).as("%d denied in between", denied).isBetween(before1, after1);
                assertThat(idB).as("%d denied in between", denied).isBetween(before2, after2);
                // So the gap is the time between the two publications as measured around them here, with or
                // without denied ones in between (not a fixed 200 ms above the pause: on a loaded machine a
                // publication alone can take longer than that).
                assertThat(idB - idA).as("%d denied in between", denied).isBetween(pause, after2 - before1);
            }
            assertThat(stream.received()).noneMatch(e -> "alert".equals(e.event()));
        }
    }

    @Test
    void notificationsTheSubscriberMayNotSeeNeverCountTowardItsQueue() {
        Caller reader = caller(ruReader);
        StreamHub.Subscriber s = hub.subscribe(DeliveryFilter.ANY, reader, null).subscriber();
        try {
            for (int i = 0; i < 200; i++) { // the queue holds 32 in these tests
                publish("alert", "sighting", mongoliaOnly());
            }
            assertThat(s.endReason).as("denied notices do not overflow the queue").isNull();
            assertThat(s.queue).as("nor are they queued").isEmpty();

            for (int i = 0; i < 40; i++) {
                publish("sighting", "sighting", everyone());
            }
            assertThat(s.endReason).as("notices the reader may see still do").isEqualTo("overflow");
        } finally {
            hub.unsubscribe(s);
        }
    }

    @Test
    void aSubjectNarrowedOrDeletedAfterItsNotificationIsNotReplayed() throws Exception {
        TaskForceId tf = taskForce("Maritime", kz, ru);
        TaskForceId narrower = taskForce("Maritime inner circle", kz);
        String resumeFrom;
        try (SseClient stream = new SseClient(ruReader, "", null)) {
            resumeFrom = stream.await(publish("sighting", "sighting", everyone())).id();
        }
        String narrowed = publish("alert", "sighting", taskForceLabel(tf, Tlp.AMBER));
        String deleted = publish("alert", "sighting", taskForceLabel(tf, Tlp.AMBER));
        String kept = publish("alert", "sighting", taskForceLabel(tf, Tlp.AMBER));
        String open = publish("sighting", "sighting", everyone());

        relabel(narrowed, "sighting", taskForceLabel(narrower, Tlp.AMBER), ruReader);
        delete(deleted, "sighting");

        try (SseClient replay = new SseClient(ruReader, "", resumeFrom)) {
            replay.await(open);
            assertThat(replay.saw(kept)).as("unchanged: replayed").isTrue();
            assertThat(replay.saw(narrowed)).as("narrowed since: not replayed").isFalse();
            assertThat(replay.saw(deleted)).as("deleted since: not replayed").isFalse();
        }
    }

    @Test
    void closingEventsReportOnlyIdsTheSubscriberWasSent() throws Exception {
        String token = user("ru-closing", ruMod, "reader");
        try (SseClient stream = new SseClient(token, "", null)) {
            String seen = publish("sighting", "sighting", everyone());
            String seenId = stream.await(seen).id();
            for (int i = 0; i < 5; i++) {
                publish("alert", "sighting", mongoliaOnly());
            }
            assertThat(send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/tokens/" + tokenId(token)))
                    .header("Authorization", "Bearer " + token).DELETE()).statusCode()).isEqualTo(204);
            Event closed = stream.awaitEvent("closed");
            assertThat(json(closed.data()).path("lastEventId").asLong()).isEqualTo(Long.parseLong(seenId));
        }
    }
}
