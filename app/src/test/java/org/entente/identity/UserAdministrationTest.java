package org.entente.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Creating users and changing their roles needs community.admin; every change is audited. */
class UserAdministrationTest extends IdentityTestSupport {

    @Test
    void changingRolesRequiresCommunityAdminAndIsAudited() {
        TestUser target = user("reader");
        TestUser analyst = user("analyst");
        String analystToken = tokenFor(analyst);
        String roles = JSON.writeValueAsString(Map.of("roles", List.of("publisher")));
        long mark = auditMark();

        HttpResponse<String> denied = api("PUT", "/api/v1/users/" + target.id() + "/roles", analystToken, roles);

        assertProblem(denied, 403);
        assertThat(auditSince(mark, "ACCESS_DENIED")).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo(analyst.username());
            assertThat(e.details().path("permission").asString()).isEqualTo("community.admin");
        });
        assertThat(auditSince(mark, "PERMISSION_CHANGE")).isEmpty();

        HttpResponse<String> changed = api("PUT", "/api/v1/users/" + target.id() + "/roles", ADMIN_TOKEN, roles);

        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(json(changed.body()).path("roles").valueStream().map(r -> r.asString())).containsExactly("publisher");
        assertThat(auditSince(mark, "PERMISSION_CHANGE")).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("admin");
            assertThat(e.subject()).isEqualTo(target.username());
            assertThat(e.details().path("before").valueStream().map(r -> r.asString())).containsExactly("reader");
            assertThat(e.details().path("after").valueStream().map(r -> r.asString())).containsExactly("publisher");
        });
        String targetToken = tokenFor(target);
        assertThat(json(api("GET", "/api/v1/users/" + target.id(), ADMIN_TOKEN, null).body()).path("roles").get(0).asString())
                .isEqualTo("publisher");
        assertProblem(api("GET", "/api/v1/users/" + target.id(), targetToken, null), 403);
    }

    @Test
    void creatingUsersRequiresCommunityAdminAndIsAudited() {
        String analystToken = tokenFor(user("analyst"));
        String username = fresh("new");
        String body = JSON.writeValueAsString(Map.of("username", username, "organisation", organisation().value(),
                "roles", List.of("reader"), "password", PASSWORD));
        long mark = auditMark();

        assertProblem(api("POST", "/api/v1/users", analystToken, body), 403);
        HttpResponse<String> created = api("POST", "/api/v1/users", ADMIN_TOKEN, body);

        assertThat(created.statusCode()).isEqualTo(201);
        JsonAssert.noSecrets(created.body(), PASSWORD);
        assertThat(json(created.body()).path("hasPassword").asBoolean()).isTrue();
        assertThat(auditSince(mark, "PERMISSION_CHANGE")).singleElement().satisfies(e -> {
            assertThat(e.subject()).isEqualTo(username);
            assertThat(e.details().path("change").asString()).isEqualTo("user-created");
            JsonAssert.noSecrets(e.details().toString(), PASSWORD);
        });
        assertThat(jdbc.sql("select password_hash from app_user where username = ?").param(username).query(String.class).single())
                .startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    }

    @Test
    void invalidUserRequestsAreProblemDetails() {
        long org = organisation().value();
        TestUser existing = user("reader");

        assertProblem(api("POST", "/api/v1/users", ADMIN_TOKEN, JSON.writeValueAsString(Map.of(
                "username", existing.username(), "organisation", org, "roles", List.of("reader")))), 409);
        assertProblem(api("POST", "/api/v1/users", ADMIN_TOKEN, JSON.writeValueAsString(Map.of(
                "username", fresh("u"), "organisation", org, "roles", List.of("overlord")))), 400);
        assertProblem(api("POST", "/api/v1/users", ADMIN_TOKEN, JSON.writeValueAsString(Map.of(
                "username", fresh("u"), "organisation", org, "roles", List.of("reader"), "password", "short"))), 400);
        assertProblem(api("POST", "/api/v1/users", ADMIN_TOKEN, JSON.writeValueAsString(Map.of(
                "username", "has space", "organisation", org, "roles", List.of("reader")))), 400);
        assertProblem(api("POST", "/api/v1/users", ADMIN_TOKEN, JSON.writeValueAsString(Map.of(
                "username", fresh("u"), "organisation", 999_999_999, "roles", List.of("reader")))), 400);
        assertProblem(api("PUT", "/api/v1/users/999999999/roles", ADMIN_TOKEN,
                JSON.writeValueAsString(Map.of("roles", List.of("reader")))), 404);
    }

    /** Small helper: a response or record must never carry a secret. */
    static final class JsonAssert {
        static void noSecrets(String text, String secret) {
            assertThat(text).doesNotContain(secret);
        }
    }
}
