package org.entente.taxii.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryTest {

    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(40), 2, 0.5,
            Duration.ofSeconds(3));

    private final StubTaxiiServer stub = StubTaxiiServer.start().collection("c", "Feed", true, true);
    private final List<String> retries = new CopyOnWriteArrayList<>();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        stub.close();
    }

    private TaxiiClient client(RetryPolicy policy) {
        return TaxiiClient.builder(stub.apiRootUrl()).apiRoot().retryPolicy(policy)
                .onRetry((method, uri, attempt, wait, reason) -> {
                    retries.add(method + " " + attempt + " " + reason);
                    waits.add(wait);
                })
                .build();
    }

    @Test
    void retriesOn503ThenSucceeds() {
        stub.fault("GET", "/api1/collections/", 0, 2, 503, Map.of());
        try (TaxiiClient client = client(FAST)) {
            assertThat(client.collections()).hasSize(1);
        }
        assertThat(retries).containsExactly("GET 1 503 Service Unavailable", "GET 2 503 Service Unavailable");
        assertThat(stub.requests("GET", "/api1/collections/")).hasSize(3);
        assertThat(waits).allSatisfy(w -> assertThat(w).isBetween(Duration.ofMillis(2), Duration.ofMillis(40)));
    }

    @Test
    void retryAfterIsHonouredOn429And503() {
        stub.fault("GET", "/api1/collections/", 0, 1, 429, Map.of("Retry-After", "1"));
        long started = System.nanoTime();
        try (TaxiiClient client = client(FAST)) {
            assertThat(client.collections()).hasSize(1);
        }
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void retryAfterIsCappedByThePolicy() {
        stub.fault("GET", "/api1/collections/", 0, 1, 503, Map.of("Retry-After", "3600"));
        RetryPolicy capped = new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1), 2, 0, Duration.ofMillis(30));
        try (TaxiiClient client = client(capped)) {
            assertThat(client.collections()).hasSize(1);
        }
        assertThat(waits).containsExactly(Duration.ofMillis(30));
    }

    @Test
    void gatewayErrorsAreRetriedToo() {
        stub.fault("GET", "/api1/collections/", 0, 1, 502, Map.of());
        stub.fault("GET", "/api1/collections/", 1, 1, 504, Map.of());
        try (TaxiiClient client = client(FAST)) {
            assertThat(client.collections()).hasSize(1);
        }
        assertThat(retries).hasSize(2);
    }

    @Test
    void attemptsAreBounded() {
        stub.fault("GET", "/api1/collections/", 0, 100, 503, Map.of());
        try (TaxiiClient client = client(FAST)) {
            assertThatThrownBy(client::collections).isInstanceOfSatisfying(TaxiiException.class,
                    e -> assertThat(e.status()).isEqualTo(503));
        }
        assertThat(stub.requests("GET", "/api1/collections/")).hasSize(4);
    }

    @Test
    void badRequestIsNeverRetried() {
        stub.fault("GET", "/api1/collections/", 0, 1, 400, Map.of());
        try (TaxiiClient client = client(FAST)) {
            assertThatThrownBy(client::collections).isInstanceOfSatisfying(TaxiiException.class,
                    e -> assertThat(e.status()).isEqualTo(400));
        }
        assertThat(stub.requests("GET", "/api1/collections/")).hasSize(1);
        assertThat(retries).isEmpty();
    }

    @Test
    void unauthorizedIsNeverRetried() {
        stub.requireAuthorization("Bearer good");
        try (TaxiiClient client = TaxiiClient.builder(stub.apiRootUrl()).apiRoot().retryPolicy(FAST)
                .bearerToken("bad").build()) {
            assertThatThrownBy(client::collections).isInstanceOfSatisfying(TaxiiException.class,
                    e -> assertThat(e.status()).isEqualTo(401));
        }
        assertThat(stub.requests("GET", "/api1/collections/")).hasSize(1);
    }

    @Test
    void aServerThatIsNotListeningIsRetriedThenReportedAsUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (TaxiiClient client = TaxiiClient.builder("http://127.0.0.1:" + port + "/api1/").apiRoot()
                .retryPolicy(FAST).onRetry((m, u, a, w, r) -> retries.add(r)).build()) {
            assertThatThrownBy(client::collections).isInstanceOfSatisfying(TaxiiException.class, e -> {
                assertThat(e.status()).isZero();
                assertThat(e).hasMessageContaining("cannot connect").hasMessageContaining("after 4 attempts");
            });
        }
        assertThat(retries).hasSize(3);
    }

    @Test
    void aPostIsRetriedOn503() {
        stub.fault("POST", "/api1/collections/c/objects/", 0, 1, 503, Map.of());
        try (TaxiiClient client = client(FAST)) {
            Status s = client.addObjects("c", List.of(StubTaxiiServer.indicator(1)));
            assertThat(s.successCount()).isEqualTo(1);
        }
        assertThat(stub.objects("c")).hasSize(1);
    }

    @Test
    void backoffGrowsExponentiallyWithinTheJitterAndTheCap() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1), 2, 0.5, Duration.ZERO);
        SplittableRandom random = new SplittableRandom(7);
        assertThat(p.backoff(1, random)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(p.backoff(3, random)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(p.backoff(9, random)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Test
    void retryAfterAcceptsSecondsAndHttpDates() {
        assertThat(Transport.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(Transport.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(Transport.retryAfter("soon")).isNull();
    }
}
