package org.entente.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.entente.community.Caller;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One account cannot hold an unbounded number of live streams (each is a connection, a thread and a
 * queue on the node): the default is 16 per user, then 429 with a problem detail until one closes.
 */
class StreamLimitsTest extends StreamTestSupport {

    @Autowired
    StreamHub hub;

    @Test
    void aUserMayHoldSixteenStreamsTheSeventeenthIsRefusedAndAnotherUserIsNotAffected() throws Exception {
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                SseClient c = new SseClient(ruReader, "", null);
                open.add(c);
                assertThat(c.status).as("stream %d", i + 1).isEqualTo(200);
            }
            // A timeout, so that a stream wrongly let through fails the test instead of hanging it.
            HttpResponse<String> refused = as(ruReader, HttpRequest.newBuilder(uri("/api/v1/stream"))
                    .timeout(Duration.ofSeconds(30)).header("Accept", "text/event-stream").GET());
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(json(refused.body()).path("detail").asString()).contains("16 streams open");

            try (SseClient other = new SseClient(mnReader, "", null)) {
                assertThat(other.status).as("another user's stream").isEqualTo(200);
            }

            open.removeFirst().close();
            // The node notices the closed connection at its next write (a heartbeat, 1 s in these tests).
            int status = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                SseClient again = new SseClient(ruReader, "", null);
                status = again.status;
                if (status == 200) {
                    open.add(again);
                    break;
                }
                Thread.sleep(250);
            }
            assertThat(status).as("a stream once one has closed").isEqualTo(200);
        } finally {
            for (SseClient c : open) {
                c.close();
            }
        }
    }

    @Test
    void theHubRefusesOverTheNodeWideLimitWhateverTheUser() {
        StreamHub small = new StreamHub(new StreamProperties(null, null, null, null, 16, 2), null);
        small.start();
        Caller a = caller(ruReader);
        Caller b = caller(mnReader);
        StreamHub.Subscriber first = small.subscribe(DeliveryFilter.ANY, a, null).subscriber();
        small.subscribe(DeliveryFilter.ANY, b, null);
        assertThatThrownBy(() -> small.subscribe(DeliveryFilter.ANY, caller(ruReader), null))
                .isInstanceOf(StreamHub.TooManyStreams.class).hasMessageContaining("This node has 2 streams open");
        small.unsubscribe(first);
        assertThat(small.subscribe(DeliveryFilter.ANY, a, null).subscriber().owner).isEqualTo(a.user());
    }
}
