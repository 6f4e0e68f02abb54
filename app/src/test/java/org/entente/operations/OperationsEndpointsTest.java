package org.entente.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.support.RunningNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Health probes, the metrics endpoint and its permission, request ids, security headers and body
 * limits, on a running node.
 */
class OperationsEndpointsTest extends RunningNode {

    @Autowired
    Community community;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void livenessAndReadinessArePublicAndSayOnlyUpOrDown() {
        for (String probe : new String[] {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri(probe)).GET());
            assertThat(r.statusCode()).as(probe).isEqualTo(200);
            assertThat(json(r.body()).path("status").asString()).isEqualTo("UP");
            assertThat(r.body()).as("no details for anonymous callers").doesNotContain("components", "postgres", "diskSpace");
        }
    }

    @Test
    void metricsNeedMetricsReadAndOtherActuatorEndpointsAreClosed() {
        assertThat(send(HttpRequest.newBuilder(uri("/actuator/prometheus")).GET()).statusCode()).isEqualTo(401);
        String reader = userToken("reader");
        assertThat(send(HttpRequest.newBuilder(uri("/actuator/prometheus")).header("Authorization", "Bearer " + reader).GET())
                .statusCode()).isEqualTo(403);
        String monitor = userToken("monitor");
        HttpResponse<String> scrape = send(HttpRequest.newBuilder(uri("/actuator/prometheus"))
                .header("Authorization", "Bearer " + monitor).GET());
        assertThat(scrape.statusCode()).isEqualTo(200);
        for (String other : new String[] {"/actuator/env", "/actuator/beans", "/actuator/heapdump", "/actuator"}) {
            assertThat(get(other).statusCode()).as(other).isIn(403, 404);
        }
    }

    @Test
    void metricsCountIngestPolicyDecisionsAndTaxiiRequests() {
        String id = "indicator--" + UUID.randomUUID();
        String bundle = """
                {"type":"bundle","id":"bundle--%s","objects":[
                 {"type":"indicator","spec_version":"2.1","id":"%s","created":"2026-01-01T00:00:00.000Z",
                  "modified":"2026-01-01T00:00:00.000Z","pattern":"[ipv4-addr:value = '203.0.113.9']",
                  "pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z"},
                 {"type":"indicator","id":"not-an-id"}]}""".formatted(UUID.randomUUID(), id);
        assertThat(post("/api/v1/objects", bundle).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/objects/" + id).statusCode()).isEqualTo(200);
        assertThat(get("/taxii2/").statusCode()).isEqualTo(200);

        String text = get("/actuator/prometheus").body();
        assertThat(metric(text, "entente_ingest_objects_total{", "outcome=\"stored\"")).isGreaterThanOrEqualTo(1);
        assertThat(metric(text, "entente_ingest_objects_total{", "outcome=\"rejected\"")).isGreaterThanOrEqualTo(1);
        assertThat(text).contains("entente_ingest_import_seconds_count", "entente_policy_decisions_total{",
                "http_server_requests_seconds_count{", "uri=\"/taxii2/\"");
    }

    @Test
    void aSaneRequestIdIsKeptAnInsaneOneReplacedAndProblemsNameIt() {
        HttpResponse<String> kept = send(HttpRequest.newBuilder(uri("/api/v1/objects/indicator--" + UUID.randomUUID()))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("X-Request-Id", "trace-42.a:b_c").GET());
        assertThat(kept.statusCode()).isEqualTo(404);
        assertThat(kept.headers().firstValue("X-Request-Id")).hasValue("trace-42.a:b_c");
        assertThat(json(kept.body()).path("requestId").asString()).isEqualTo("trace-42.a:b_c");

        for (String hostile : new String[] {"x".repeat(65), "a b", "id;<script>", "ünïcode", "a/../b"}) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/objects/indicator--" + UUID.randomUUID()))
                    .header("X-Request-Id", hostile).GET());
            assertThat(r.statusCode()).isEqualTo(401);
            String id = r.headers().firstValue("X-Request-Id").orElseThrow();
            assertThat(id).isNotEqualTo(hostile).matches("[0-9a-f]{24}");
            assertThat(json(r.body()).path("requestId").asString()).isEqualTo(id);
        }
    }

    @Test
    void apiAnswersCarrySecurityHeaders() {
        for (String path : new String[] {"/api/v1/objects/count", "/taxii2/", "/actuator/health"}) {
            HttpResponse<String> r = get(path);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(r.headers().allValues("Content-Security-Policy")).as(path).contains("frame-ancestors 'none'");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
            assertThat(r.headers().firstValue("Strict-Transport-Security")).as("plain HTTP: no HSTS").isEmpty();
        }
    }

    @Test
    void anOversizedBodyIsRefusedWith413AndAnUnsizedOneNeverCausesA5xx() {
        byte[] big = new byte[(1 << 20) + 10];
        java.util.Arrays.fill(big, (byte) 'a');
        HttpResponse<String> declared = send(HttpRequest.newBuilder(uri("/api/v1/community/participants"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)));
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(json(declared.body()).path("status").asInt()).isEqualTo(413);

        // No Content-Length (chunked): the read fails past the limit.
        HttpResponse<String> chunked = send(HttpRequest.newBuilder(uri("/api/v1/community/participants"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        ("{\"name\":\"" + "a".repeat((1 << 20) + 10) + "\",\"tier\":\"member\"}").getBytes(StandardCharsets.UTF_8)))));
        assertThat(chunked.statusCode()).isBetween(400, 499);
    }

    @Test
    void aNulInAQueryParameterIsABadRequestNotAStoreOutage() {
        HttpResponse<String> api = get("/api/v1/objects?type=indicator&q=a%00b");
        assertThat(api.statusCode()).isEqualTo(400);
        HttpResponse<String> taxii = get("/taxii2/api/collections/x/objects/?match%5Bid%5D=%00");
        assertThat(taxii.statusCode()).isEqualTo(400);
        assertThat(json(taxii.body()).path("http_status").asString()).isEqualTo("400");
    }

    @Test
    void oversizedHeadersAreRefusedNotServed() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/objects/count"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("X-Padding", "p".repeat(20_000)).GET());
        assertThat(r.statusCode()).isBetween(400, 499);
    }

    private String userToken(String role) {
        var participant = community.addParticipant("ops-" + UUID.randomUUID().toString().substring(0, 8), org.entente.community.Tier.MEMBER);
        OrganisationId org = community.addOrganisation(participant, "ops-org-" + UUID.randomUUID().toString().substring(0, 8));
        var id = community.addUser("ops-" + role + "-" + UUID.randomUUID().toString().substring(0, 8), org, Set.of(role));
        String token = "ops-test-" + UUID.randomUUID();
        jdbc.update("insert into api_token (user_id, token_hash, label) values (?, sha256(convert_to(?, 'UTF8')), 'ops test')",
                id.value(), token);
        return token;
    }

    /** The sum of the samples of {@code prefix} lines containing {@code tag}. */
    private static double metric(String text, String prefix, String tag) {
        return text.lines().filter(l -> l.startsWith(prefix) && l.contains(tag))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
