package org.entente.taxii.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.entente.stix.StixJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class PushTest {

    private final StubTaxiiServer stub = StubTaxiiServer.start().collection("c", "Inbox", false, true);

    @AfterEach
    void stop() {
        stub.close();
    }

    private TaxiiClient client() {
        return TaxiiClient.builder(stub.discoveryUrl()).statusPollInterval(Duration.ofMillis(5))
                .retryPolicy(RetryPolicy.NONE).build();
    }

    private static ByteArrayInputStream bundle(int n) {
        ObjectNode b = StixJson.MAPPER.createObjectNode();
        b.put("type", "bundle");
        b.put("id", "bundle--6b4c4f2e-0e3c-4c47-a8f5-5f3f3f3f3f3f");
        var a = b.putArray("objects");
        IntStream.range(0, n).forEach(i -> a.add(StubTaxiiServer.indicator(i)));
        return new ByteArrayInputStream(StixJson.MAPPER.writeValueAsBytes(b));
    }

    @Test
    void sendsEnvelopesOfTheBatchSizeAndCountsSuccesses() {
        List<Integer> batches = new ArrayList<>();
        PushResult r;
        try (TaxiiClient client = client()) {
            r = client.push("c", bundle(10), 4, new PushListener() {
                @Override
                public void batchSent(int objects, Status status) {
                    batches.add(objects);
                }
            });
        }
        assertThat(batches).containsExactly(4, 4, 2);
        assertThat(r.ok()).isTrue();
        assertThat(r.read()).isEqualTo(10);
        assertThat(r.succeeded()).isEqualTo(10);
        assertThat(r.statusIds()).hasSize(3);
        assertThat(stub.objects("c")).hasSize(10);
        var posts = stub.requests("POST", "/api1/collections/c/objects/");
        assertThat(posts).allSatisfy(p -> {
            assertThat(p.headers().getFirst("Content-Type")).isEqualTo("application/taxii+json;version=2.1");
            JsonNode env = StixJson.MAPPER.readTree(p.body());
            assertThat(env.properties()).extracting(e -> e.getKey()).containsExactly("objects");
        });
    }

    @Test
    void pollsEachStatusUntilComplete() {
        stub.pendingPolls(2);
        PushResult r;
        try (TaxiiClient client = client()) {
            r = client.push("c", bundle(5), 5, PushListener.NONE);
        }
        assertThat(r.succeeded()).isEqualTo(5);
        assertThat(r.pending()).isZero();
        assertThat(stub.requests("GET", "/api1/status/[^/]+/")).hasSize(3);
    }

    @Test
    void aStatusStillPendingAfterTheTimeoutIsReportedAsPending() {
        stub.pendingPolls(1_000);
        PushResult r;
        try (TaxiiClient client = TaxiiClient.builder(stub.discoveryUrl()).statusPollInterval(Duration.ofMillis(5))
                .statusTimeout(Duration.ofMillis(60)).build()) {
            r = client.push("c", bundle(3), 10, PushListener.NONE);
        }
        assertThat(r.pending()).isEqualTo(3);
        assertThat(r.pendings()).hasSize(3);
        assertThat(r.ok()).isFalse();
    }

    @Test
    void partialFailuresAreReportedWithTheServersReasons() {
        stub.refuse(o -> o.path("name").asString().endsWith("3") || o.path("name").asString().endsWith("7"),
                "pattern rejected by policy");
        PushResult r;
        try (TaxiiClient client = client()) {
            r = client.push("c", bundle(10), 3, PushListener.NONE);
        }
        assertThat(r.succeeded()).isEqualTo(8);
        assertThat(r.failed()).isEqualTo(2);
        assertThat(r.failures()).extracting(StatusDetail::id)
                .containsExactly(StubTaxiiServer.indicator(3).path("id").asString(),
                        StubTaxiiServer.indicator(7).path("id").asString());
        assertThat(r.failures()).allSatisfy(f -> {
            assertThat(f.message()).isEqualTo("pattern rejected by policy");
            assertThat(f.version()).isEqualTo("2024-01-01T00:00:00.000Z");
        });
        assertThat(r.ok()).isFalse();
    }

    @Test
    void batchesStayWithinTheApiRootsMaxContentLength() {
        int size = StixJson.MAPPER.writeValueAsBytes(StubTaxiiServer.indicator(0)).length;
        stub.maxContentLength(3L * size + 40); // three objects and the envelope fit, four do not
        PushResult r;
        try (TaxiiClient client = client()) {
            r = client.push("c", bundle(7), 100, PushListener.NONE);
        }
        assertThat(r.succeeded()).isEqualTo(7);
        assertThat(stub.requests("POST", "/api1/collections/c/objects/")).hasSize(3);
    }

    @Test
    void anObjectLargerThanMaxContentLengthFailsWithoutBeingSent() {
        stub.maxContentLength(600);
        ObjectNode big = StubTaxiiServer.indicator(99).put("description", "x".repeat(1000));
        PushResult r;
        try (TaxiiClient client = client()) {
            r = client.push("c", List.<JsonNode>of(StubTaxiiServer.indicator(1), big).iterator(), 10,
                    PushListener.NONE);
        }
        assertThat(r.succeeded()).isEqualTo(1);
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.failures().getFirst().message()).contains("max_content_length");
    }

    @Test
    void aRefusedBatchCountsItsObjectsAsFailedAndThePushGoesOn() {
        stub.fault("POST", "/api1/collections/c/objects/", 0, 1, 400, java.util.Map.of());
        PushResult r;
        try (TaxiiClient client = client()) {
            r = client.push("c", bundle(4), 2, PushListener.NONE);
        }
        assertThat(r.failed()).isEqualTo(2);
        assertThat(r.succeeded()).isEqualTo(2);
        assertThat(r.failures()).allSatisfy(f -> assertThat(f.message()).contains("batch refused").contains("400"));
    }

    @Test
    void malformedInputStopsReadingButPushesWhatCameBefore() {
        String text = "{\"type\":\"bundle\",\"id\":\"bundle--6b4c4f2e-0e3c-4c47-a8f5-5f3f3f3f3f3f\",\"objects\":["
                + StubTaxiiServer.indicator(1) + "," + StubTaxiiServer.indicator(2) + ",{\"type\": oops";
        PushResult r;
        try (TaxiiClient client = client()) {
            r = client.push("c", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 10,
                    PushListener.NONE);
        }
        assertThat(r.succeeded()).isEqualTo(2);
        assertThat(r.inputError()).contains("malformed JSON").contains("line 1");
        assertThat(r.ok()).isFalse();
    }

    @Test
    void refusedCredentialsStopThePushWithWhatWasDone() {
        stub.requireAuthorization("Bearer good");
        try (TaxiiClient client = TaxiiClient.builder(stub.apiRootUrl()).apiRoot().bearerToken("bad").build()) {
            assertThatThrownBy(() -> client.push("c", bundle(3), 1, PushListener.NONE))
                    .isInstanceOfSatisfying(TaxiiPushException.class, e -> {
                        assertThat(e.status()).isEqualTo(401);
                        assertThat(e.partial().sent()).isZero();
                    });
        }
    }

    @Test
    void aCollectionThatIsNotWritableStopsThePush() {
        stub.collection("ro", "Feed", true, false);
        try (TaxiiClient client = client()) {
            assertThatThrownBy(() -> client.push("ro", bundle(3), 2, PushListener.NONE))
                    .isInstanceOfSatisfying(TaxiiPushException.class, e -> {
                        assertThat(e.status()).isEqualTo(403);
                        assertThat(e.partial().read()).isEqualTo(3); // the third object closed the first batch
                        assertThat(e.partial().sent()).isZero();
                    });
        }
    }
}
