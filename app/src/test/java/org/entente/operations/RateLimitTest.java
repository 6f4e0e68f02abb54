package org.entente.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.entente.stix.StixJson;
import org.entente.support.RunningNode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A node with a tight per-caller rate limit: a burst is served, the rest answered 429 with Retry-After. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RateLimitTest {

    private static final String ADMIN = "rate-admin-" + UUID.randomUUID();

    @DynamicPropertySource
    static void node(DynamicPropertyRegistry registry) {
        registry.add("entente.home", () -> RunningNode.freshHome().toString());
        registry.add("entente.admin-token", () -> ADMIN);
        registry.add("entente.limits.requests-per-second", () -> "0.5");
        registry.add("entente.limits.burst", () -> "5");
    }

    @LocalServerPort
    int port;
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aCallerOverItsBurstGets429WithRetryAfterAndAProblemDetail() throws Exception {
        List<Integer> codes = new ArrayList<>();
        HttpResponse<String> limited = null;
        for (int i = 0; i < 12; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/objects/count"))
                    .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
            codes.add(r.statusCode());
            if (r.statusCode() == 429 && limited == null) {
                limited = r;
            }
        }
        assertThat(codes.subList(0, 5)).containsOnly(200);
        assertThat(codes).contains(429);
        assertThat(codes.stream().filter(c -> c == 200).count()).isLessThanOrEqualTo(7); // burst + what refilled meanwhile
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 2L);
        var problem = StixJson.MAPPER.readTree(limited.body());
        assertThat(problem.path("status").asInt()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).contains("problem+json"));

        // TAXII clients get the TAXII error shape, and the health probes are never limited.
        HttpResponse<String> taxii = null;
        for (int i = 0; i < 5 && (taxii == null || taxii.statusCode() != 429); i++) { // a token may have refilled meanwhile
            taxii = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/taxii2/"))
                    .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
        }
        assertThat(taxii.statusCode()).isEqualTo(429);
        assertThat(StixJson.MAPPER.readTree(taxii.body()).path("http_status").asString()).isEqualTo("429");
        for (int i = 0; i < 10; i++) {
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anotherCallerHasItsOwnBucket() throws Exception {
        // Unauthenticated callers are refused by authentication (401) before the limiter; a wrong
        // token therefore never drains the administrator's bucket.
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/objects/count"))
                    .header("Authorization", "Bearer wrong-" + i).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(401);
        }
    }
}
