package org.entente.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.entente.support.Stix;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** API tokens: shown once, hashed at rest, expiry, revocation and scopes. */
class ApiTokenTest extends IdentityTestSupport {

    @Test
    void aTokenIsShownOnceListedWithoutItsSecretAndAudited() {
        TestUser user = user("analyst");
        String first = tokenFor(user);
        long mark = auditMark();
        Instant expires = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

        HttpResponse<String> issued = api("POST", "/api/v1/tokens", first,
                JSON.writeValueAsString(Map.of("label", "nightly export", "expiresAt", expires.toString())));

        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        JsonNode token = json(issued.body());
        String secret = token.path("token").asString();
        assertThat(secret).startsWith("ent_").hasSizeGreaterThan(40);
        assertThat(Instant.parse(token.path("expiresAt").asString())).isEqualTo(expires);
        assertThat(issued.headers().firstValue("Location")).hasValue("/api/v1/tokens/" + token.path("id").asLong());
        assertThat(api("GET", "/api/v1/objects?limit=1", secret, null).statusCode()).isEqualTo(200);

        HttpResponse<String> list = api("GET", "/api/v1/tokens", secret, null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(secret).doesNotContain(first);
        assertThat(json(list.body()).path("tokens").valueStream().map(t -> t.path("label").asString()))
                .containsExactly("nightly export", "test");
        assertThat(jdbc.sql("select count(*) from api_token where token_hash = ?").param(ApiTokens.hash(secret))
                .query(Long.class).single()).as("stored as its hash").isEqualTo(1);
        assertThat(auditSince(mark, "TOKEN_ISSUED")).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo(user.username());
            assertThat(e.details().path("label").asString()).isEqualTo("nightly export");
            assertThat(e.details().toString()).doesNotContain(secret);
        });
    }

    @Test
    void anExpiredTokenIsRefusedWith401() {
        TestUser user = user("reader");
        // A token used (so cached) before it expires, with a lifetime shorter than the cache's TTL. The
        // first use has to come back before the expiry for the test to mean anything; on a loaded machine
        // it may not, and then the test starts again with a new token (a refusal before the expiry fails).
        Instant expiry = null;
        JsonNode token = null;
        String secret = null;
        for (int attempt = 1; expiry == null; attempt++) {
            Instant candidate = Instant.now().plus(3, ChronoUnit.SECONDS);
            token = tokenFor(user, Map.of("label", "short-lived", "expiresAt", candidate.toString()));
            secret = token.path("token").asString();
            int status = api("GET", "/api/v1/objects?limit=1", secret, null).statusCode();
            if (Instant.now().isBefore(candidate)) {
                assertThat(status).as("used before its expiry").isEqualTo(200);
                expiry = candidate;
            } else {
                org.junit.jupiter.api.Assumptions.assumeTrue(attempt < 5, "too loaded to use a token within 3 s of making it");
            }
        }

        // The node caches authenticated tokens: an expiry must still apply at once, not when the entry ages out.
        while (!Instant.now().isAfter(expiry.plusMillis(50))) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        HttpResponse<String> refused = api("GET", "/api/v1/objects?limit=1", secret, null);

        assertProblem(refused, 401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"entente\", error=\"invalid_token\"");
        assertThat(json(api("GET", "/api/v1/tokens/" + token.path("id").asLong(), tokenFor(user), null).body())
                .path("status").asString()).isEqualTo("expired");
    }

    @Test
    void anExpiryInThePastIsRefusedWhenIssuing() {
        TestUser user = user("reader");

        HttpResponse<String> refused = api("POST", "/api/v1/tokens", tokenFor(user),
                JSON.writeValueAsString(Map.of("label", "x", "expiresAt", "2020-01-01T00:00:00Z")));

        assertProblem(refused, 400);
        assertThat(json(refused.body()).path("parameter").asString()).isEqualTo("expiresAt");
    }

    @Test
    void aRevokedTokenIsRefusedAtOnceAndTheRevocationAudited() {
        TestUser user = user("reader");
        String keeper = tokenFor(user);
        JsonNode doomed = tokenFor(user, Map.of("label", "laptop"));
        String secret = doomed.path("token").asString();
        assertThat(api("GET", "/api/v1/objects?limit=1", secret, null).statusCode()).isEqualTo(200);
        long mark = auditMark();

        HttpResponse<String> revoked = api("DELETE", "/api/v1/tokens/" + doomed.path("id").asLong(), keeper, null);

        assertThat(revoked.statusCode()).isEqualTo(204);
        assertProblem(api("GET", "/api/v1/objects?limit=1", secret, null), 401);
        assertThat(json(api("GET", "/api/v1/tokens/" + doomed.path("id").asLong(), keeper, null).body())
                .path("status").asString()).isEqualTo("revoked");
        assertThat(auditSince(mark, "TOKEN_REVOKED")).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo(user.username());
            assertThat(e.details().path("tokenId").asLong()).isEqualTo(doomed.path("id").asLong());
        });
    }

    @Test
    void anotherUsersTokenCannotBeSeenOrRevoked() {
        TestUser owner = user("reader");
        TestUser other = user("reader");
        JsonNode token = tokenFor(owner, Map.of("label", "mine"));
        String otherToken = tokenFor(other);

        assertProblem(api("DELETE", "/api/v1/tokens/" + token.path("id").asLong(), otherToken, null), 404);
        assertProblem(api("GET", "/api/v1/tokens/" + token.path("id").asLong(), otherToken, null), 404);
        assertThat(api("GET", "/api/v1/objects?limit=1", token.path("token").asString(), null).statusCode()).isEqualTo(200);
    }

    @Test
    void aScopedTokenCannotUseAPermissionOutsideItsScopes() {
        TestUser user = user("analyst"); // intel.read, intel.write, intel.share
        String readOnly = tokenFor(user, Map.of("label", "reader", "scopes", List.of("intel.read"))).path("token").asString();
        long mark = auditMark();

        HttpResponse<String> read = api("GET", "/api/v1/objects?limit=1", readOnly, null);
        HttpResponse<String> write = send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/objects"))
                .header("Authorization", "Bearer " + readOnly).header("Content-Type", "application/stix+json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Stix.identity("Scoped out"))));

        assertThat(read.statusCode()).isEqualTo(200);
        JsonNode me = json(api("GET", "/api/v1/me", readOnly, null).body());
        assertThat(me.path("permissions").valueStream().map(JsonNode::asString)).containsExactly("intel.read");
        assertThat(me.path("scopes").valueStream().map(JsonNode::asString)).containsExactly("intel.read");
        assertProblem(write, 403);
        assertThat(json(write.body()).path("detail").asString()).contains("intel.write");
        assertThat(auditSince(mark, "ACCESS_DENIED")).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo(user.username());
            assertThat(e.details().path("permission").asString()).isEqualTo("intel.write");
            assertThat(e.details().toString()).doesNotContain(readOnly);
        });
    }

    @Test
    void scopesAreLimitedToWhatTheUserHoldsAndAScopedTokenOnlyIssuesTokensAsNarrow() {
        TestUser user = user("reader");
        String full = tokenFor(user);

        HttpResponse<String> beyond = api("POST", "/api/v1/tokens", full,
                JSON.writeValueAsString(Map.of("label", "x", "scopes", List.of("community.admin"))));
        HttpResponse<String> unknown = api("POST", "/api/v1/tokens", full,
                JSON.writeValueAsString(Map.of("label", "x", "scopes", List.of("everything"))));
        assertProblem(beyond, 400);
        assertProblem(unknown, 400);

        TestUser analyst = user("analyst");
        String scoped = tokenFor(analyst, Map.of("label", "scoped", "scopes", List.of("intel.read"))).path("token").asString();
        HttpResponse<String> child = api("POST", "/api/v1/tokens", scoped, JSON.writeValueAsString(Map.of("label", "child")));
        assertThat(child.statusCode()).isEqualTo(201);
        assertThat(json(child.body()).path("scopes").valueStream().map(JsonNode::asString)).containsExactly("intel.read");
        assertProblem(api("POST", "/api/v1/tokens", scoped,
                JSON.writeValueAsString(Map.of("label", "wider", "scopes", List.of("intel.write")))), 400);
    }

    @Test
    void aScopeNeverGrantsWhatTheUsersRolesNoLongerDo() {
        TestUser user = user("analyst");
        String token = tokenFor(user, Map.of("label", "writer", "scopes", List.of("intel.read", "intel.write")))
                .path("token").asString();

        api("PUT", "/api/v1/users/" + user.id() + "/roles", ADMIN_TOKEN, JSON.writeValueAsString(Map.of("roles", List.of("reader"))));

        assertProblem(send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/objects"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/stix+json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Stix.identity("No longer")))), 403);
    }

    @Test
    void noOrAnUnknownTokenGets401WithAChallenge() {
        HttpResponse<String> none = api("GET", "/api/v1/tokens", null, null);
        HttpResponse<String> unknown = api("GET", "/api/v1/tokens", "ent_not-a-token", null);

        assertProblem(none, 401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"entente\"");
        assertProblem(unknown, 401);
        assertThat(unknown.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"entente\", error=\"invalid_token\"");
    }

    @Test
    void malformedRequestsAreProblemDetails() {
        String token = tokenFor(user("reader"));

        assertProblem(api("POST", "/api/v1/tokens", token, "{not json"), 400);
        assertProblem(api("POST", "/api/v1/tokens", token, "{\"label\":\"\"}"), 400);
        assertProblem(api("POST", "/api/v1/tokens", token, "{\"label\":\"x\",\"expiresAt\":\"tomorrow\"}"), 400);
        assertProblem(api("DELETE", "/api/v1/tokens/999999999", token, null), 404);
    }
}
