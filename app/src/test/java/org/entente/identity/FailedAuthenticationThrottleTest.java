package org.entente.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.entente.audit.AuditEntry;
import org.entente.audit.AuditLog;
import org.entente.community.Community;
import org.entente.community.Tier;
import org.entente.stix.StixJson;
import org.entente.support.Http;
import org.entente.support.RunningNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * A node that blocks an address after 3 failed authentications in a minute. Each test speaks from its own
 * loopback address (127.0.0.x, bound as the client's source address), so the node sees distinct clients;
 * the throttle's clock is the context's {@link InstantSource}, moved on instead of waited for.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(FailedAuthenticationThrottleTest.ClockConfiguration.class)
class FailedAuthenticationThrottleTest {

    private static final String ADMIN = "throttle-admin-" + UUID.randomUUID();
    private static final String PASSWORD = "correct horse battery staple";

    @DynamicPropertySource
    static void node(DynamicPropertyRegistry registry) {
        registry.add("entente.home", () -> RunningNode.freshHome().toString());
        registry.add("entente.admin-token", () -> ADMIN);
        registry.add("entente.identity.throttle-failures", () -> "3");
        registry.add("entente.identity.throttle-window", () -> "60s");
    }

    /** Real time plus however far a test has moved it. */
    static final class MovableClock implements InstantSource {
        final AtomicLong ahead = new AtomicLong();

        @Override
        public Instant instant() {
            return Instant.now().plusMillis(ahead.get());
        }

        void move(Duration by) {
            ahead.addAndGet(by.toMillis());
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class ClockConfiguration {
        @Bean
        MovableClock throttleClock() {
            return new MovableClock();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    MovableClock clock;
    @Autowired
    AuditLog audit;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Community community;

    /** A client whose connections come from {@code address}; skips the test where that cannot be bound. */
    Client from(String address) {
        try (Socket probe = new Socket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        } catch (IOException e) {
            Assumptions.abort("cannot use " + address + " as a source address here: " + e.getMessage());
        }
        try {
            return new Client(InetAddress.getByName(address));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    final class Client {
        final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        final HttpClient http;

        Client(InetAddress source) {
            http = HttpClient.newBuilder().localAddress(source).cookieHandler(cookies)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }

        HttpResponse<String> get(String path, String authorization) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return send(request);
        }

        HttpResponse<String> bearer(String token) {
            return get("/api/v1/objects/count", "Bearer " + token);
        }

        HttpResponse<String> signIn(String username, String password) {
            HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                    .header("Accept", "text/html").GET());
            assertThat(page.statusCode()).as("the sign-in page carries no credential and is never throttled").isEqualTo(200);
            Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
            assertThat(csrf.find()).isTrue();
            String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
            return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
        }

        HttpResponse<String> send(HttpRequest.Builder request) {
            return Http.send(http, request);
        }
    }

    long auditMark() {
        return jdbc.sql("select coalesce(max(seq), 0) from audit_log").query(Long.class).single();
    }

    List<AuditEntry> auditSince(long mark, String action) {
        return audit.entries(mark, 1000).stream().filter(e -> e.action().equals(action)).toList();
    }

    static void assertThrottled(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = StixJson.MAPPER.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(429);
        assertThat(problem.path("title").asString()).isEqualTo("Too Many Requests");
        assertThat(problem.path("detail").asString()).contains("failed authentications");
        assertThat(response.body()).doesNotContain("Exception", "at org.", "127.0.0");
    }

    @Test
    void threeWrongTokensBlockTheAddressEvenForAValidTokenWithRetryAfterAndAProblemAuditedOnce() {
        Client attacker = from("127.0.0.11");
        long mark = auditMark();
        for (String wrong : List.of("Bearer ent_wrong", "Bearer ", "Token not-a-scheme-we-know")) {
            assertThat(attacker.get("/api/v1/objects/count", wrong).statusCode()).as(wrong).isEqualTo(401);
        }

        assertThrottled(attacker.bearer(ADMIN));
        for (int i = 0; i < 5; i++) {
            assertThrottled(attacker.bearer("ent_guess-" + i));
        }
        // TAXII clients get the TAXII error shape, with HTTP Basic too.
        HttpResponse<String> taxii = attacker.get("/taxii2/", "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + ADMIN).getBytes(StandardCharsets.UTF_8)));
        assertThat(taxii.statusCode()).isEqualTo(429);
        assertThat(taxii.headers().firstValue("Retry-After")).isPresent();
        assertThat(StixJson.MAPPER.readTree(taxii.body()).path("http_status").asString()).isEqualTo("429");
        // Requests without a credential are not throttled: the probes, and an anonymous request is still a 401.
        assertThat(attacker.get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(attacker.get("/api/v1/objects/count", null).statusCode()).isEqualTo(401);

        assertThat(auditSince(mark, "AUTHENTICATION_THROTTLED")).singleElement().satisfies(e -> {
            assertThat(e.subject()).isEqualTo("127.0.0.11");
            assertThat(e.details().path("failures").asInt()).isEqualTo(3);
            assertThat(e.details().path("blockedFor").asString()).isEqualTo("PT1M");
        });
    }

    @Test
    void anotherAddressIsUnaffected() {
        Client attacker = from("127.0.0.12");
        for (int i = 0; i < 3; i++) {
            attacker.bearer("ent_wrong-" + i);
        }
        assertThrottled(attacker.bearer(ADMIN));

        Client neighbour = from("127.0.0.13");
        assertThat(neighbour.bearer(ADMIN).statusCode()).isEqualTo(200);
        assertThat(neighbour.bearer("ent_typo").statusCode()).as("its own failures are its own").isEqualTo(401);
        assertThat(neighbour.bearer(ADMIN).statusCode()).isEqualTo(200);
    }

    @Test
    void successesNeitherResetTheCountNorAreThrottledBeforeTheBlock() {
        Client client = from("127.0.0.14");
        for (int round = 0; round < 2; round++) {
            assertThat(client.bearer("ent_wrong-" + round).statusCode()).isEqualTo(401);
            assertThat(client.bearer(ADMIN).statusCode()).as("round " + round).isEqualTo(200);
        }

        assertThat(client.bearer("ent_wrong-third").statusCode()).isEqualTo(401);

        assertThrottled(client.bearer(ADMIN));
    }

    @Test
    void afterTheWindowTheAddressAuthenticatesAgainAndCountsAfresh() {
        Client client = from("127.0.0.15");
        for (int i = 0; i < 3; i++) {
            client.bearer("ent_wrong-" + i);
        }
        assertThrottled(client.bearer(ADMIN));
        clock.move(Duration.ofSeconds(59));
        assertThrottled(client.bearer(ADMIN));

        clock.move(Duration.ofSeconds(2));

        assertThat(client.bearer(ADMIN).statusCode()).isEqualTo(200);
        assertThat(client.bearer("ent_wrong-again").statusCode()).isEqualTo(401);
        assertThat(client.bearer("ent_wrong-again").statusCode()).isEqualTo(401);
        assertThat(client.bearer(ADMIN).statusCode()).as("two of three: not yet").isEqualTo(200);
    }

    @Test
    void failedPasswordSignInsCountAndABlockedSignInIsNotChecked() {
        String username = "throttled-" + UUID.randomUUID().toString().substring(0, 8);
        var participant = community.addParticipant("Participant " + username, Tier.MEMBER);
        var organisation = community.addOrganisation(participant, "Agency " + username);
        HttpResponse<String> created = from("127.0.0.16").send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/users"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(StixJson.MAPPER.writeValueAsString(Map.of("username", username,
                        "organisation", organisation.value(), "roles", List.of("reader"), "password", PASSWORD)))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Client client = from("127.0.0.17");
        long mark = auditMark();
        for (int i = 0; i < 3; i++) {
            assertThat(client.signIn(username, "guess-" + i).headers().firstValue("Location"))
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        }

        assertThrottled(client.signIn(username, PASSWORD));

        assertThat(auditSince(mark, "LOGIN_FAILED")).as("the blocked attempt was never checked").hasSize(3);
        assertThat(auditSince(mark, "LOGIN")).isEmpty();
        assertThat(auditSince(mark, "AUTHENTICATION_THROTTLED")).singleElement()
                .satisfies(e -> assertThat(e.subject()).isEqualTo("127.0.0.17"));
        assertThat(jdbc.sql("select failed_logins from app_user where username = ?").param(username).query(Integer.class).single())
                .as("three of the account's five: the lockout never came into it").isEqualTo(3);
        assertThat(from("127.0.0.18").signIn(username, PASSWORD).headers().firstValue("Location"))
                .as("the user signs in from elsewhere").hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
    }
}
