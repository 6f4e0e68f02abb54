package org.entente.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.entente.cli.Cli;
import org.entente.support.RunningNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.zaxxer.hikari.HikariDataSource;

import tools.jackson.databind.JsonNode;

/** The audit log over HTTP and through {@code ./entente audit verify}. */
class AuditApiTest extends RunningNode {

    @Autowired
    AuditLog audit;
    @Autowired
    HikariDataSource pool;
    @Autowired
    HeadAnchor anchor;
    @Autowired
    JdbcClient jdbc;

    @Test
    void verificationEndpointReportsAnIntactChain() {
        audit.record(new AuditEvent("alice", AuditAction.LOGIN, "api-" + UUID.randomUUID()));

        HttpResponse<String> response = get("/api/v1/audit/verification");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode v = json(response.body());
        assertThat(v.path("intact").asBoolean()).isTrue();
        assertThat(v.path("entriesChecked").asLong()).isPositive();
        assertThat(v.path("firstProblem").isNull() || v.path("firstProblem").isMissingNode()).isTrue();
    }

    @Test
    void entriesEndpointPagesThroughTheLog() {
        String tag = "api-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            audit.record(new AuditEvent("alice", AuditAction.RELEASE, tag, Map.of("i", i)));
        }
        long first = jdbc.sql("select min(seq) from audit_log where subject = ?").param(tag).query(Long.class).single();

        HttpResponse<String> response = get("/api/v1/audit?after=" + (first - 1) + "&limit=2");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode page = json(response.body());
        List<JsonNode> entries = page.path("entries").valueStream().toList();
        assertThat(entries).hasSize(2);
        assertThat(page.path("more").asBoolean()).isTrue();
        JsonNode e = entries.getFirst();
        assertThat(e.path("sequence").asLong()).isEqualTo(first);
        assertThat(e.path("actor").asString()).isEqualTo("alice");
        assertThat(e.path("action").asString()).isEqualTo("RELEASE");
        assertThat(e.path("subject").asString()).isEqualTo(tag);
        assertThat(e.path("details").path("i").asInt()).isZero();
        assertThat(e.path("at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(e.path("hash").asString()).hasSize(64);
        assertThat(entries.get(1).path("prevHash").asString()).isEqualTo(e.path("hash").asString());
    }

    @Test
    void badParametersAreProblemDetails() {
        for (String query : List.of("limit=0", "limit=1001", "limit=ten", "after=-1", "after=x")) {
            HttpResponse<String> response = get("/api/v1/audit?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/problem+json"));
            JsonNode problem = json(response.body());
            assertThat(problem.path("parameter").asString()).isEqualTo(query.substring(0, query.indexOf('=')));
            assertThat(problem.path("detail").asString()).isNotBlank();
        }
    }

    @Test
    void theAuditLogNeedsAToken() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/audit/verification")).GET());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/audit")).header("Authorization", "Bearer wrong").GET())
                .statusCode()).isEqualTo(401);
    }

    @Test
    void cliReportsAnIntactChainWithExitCode0() {
        audit.record(new AuditEvent("alice", AuditAction.LOGIN, "cli-" + UUID.randomUUID()));

        Run run = cli("audit", "verify", "--url", "http://localhost:" + port, "--token", ADMIN_TOKEN);

        assertThat(run.exit()).isZero();
        assertThat(run.out()).matches("audit chain intact: [\\d,]+ entries\\R");
    }

    @Test
    void cliNamesTheFirstBadEntryWithExitCode1() throws Exception {
        String tag = "cli-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            audit.record(new AuditEvent("alice", AuditAction.RELEASE, tag));
        }
        long seq = jdbc.sql("select min(seq) from audit_log where subject = ?").param(tag).query(Long.class).single();
        try (Tampering db = new Tampering(pool, anchor)) {
            db.execute("update audit_log set actor = 'mallory' where seq = " + seq);
            db.unlock(); // the request itself may be audited
            try {
                Run run = cli("audit", "verify", "--url", "http://localhost:" + port, "--token", ADMIN_TOKEN);
                JsonNode viaHttp = json(get("/api/v1/audit/verification").body());

                assertThat(run.exit()).isEqualTo(1);
                assertThat(run.out()).startsWith("audit chain BROKEN at entry " + seq + ": altered (hash does not match its content)");
                assertThat(viaHttp.path("intact").asBoolean()).isFalse();
                assertThat(viaHttp.path("firstProblem").path("sequence").asLong()).isEqualTo(seq);
                assertThat(viaHttp.path("firstProblem").path("kind").asString()).isEqualTo("altered");
            } finally {
                db.execute("update audit_log set actor = 'alice' where seq = " + seq);
            }
            assertThat(cli("audit", "verify", "--url", "http://localhost:" + port, "--token", ADMIN_TOKEN).exit()).isZero();
        }
    }

    @Test
    void cliWithARejectedTokenFails() {
        Run run = cli("audit", "verify", "--url", "http://localhost:" + port, "--token", "not-a-token");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("did not accept the API token");
    }

    record Run(int exit, String out, String err) {
    }

    private static synchronized Run cli(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Cli.run(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }
}
