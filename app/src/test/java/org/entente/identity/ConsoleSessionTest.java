package org.entente.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The signed-in console: CSRF tokens on every state change, sign-out, and who the session is. */
class ConsoleSessionTest extends IdentityTestSupport {

    @Test
    void aSessionPostWithoutTheCsrfTokenIsRefusedAndWithItAccepted() {
        TestUser user = user("analyst");
        Browser browser = new Browser();
        browser.signIn(user.username(), user.password());
        String body = JSON.writeValueAsString(Map.of("label", "taxii client"));

        HttpResponse<String> without = browser.postJson("/console/tokens", body, false);
        HttpResponse<String> with = browser.postJson("/console/tokens", body, true);

        assertProblem(without, 403);
        assertThat(json(without.body()).path("detail").asString()).contains("CSRF");
        assertThat(with.statusCode()).as(with.body()).isEqualTo(201);
        assertThat(json(with.body()).path("token").asString()).startsWith("ent_");
    }

    @Test
    void aForgedCsrfTokenIsRefusedToo() {
        TestUser user = user("reader");
        Browser browser = new Browser();
        browser.signIn(user.username(), user.password());

        HttpResponse<String> forged = browser.send(HttpRequest.newBuilder(uri("/console/tokens"))
                .header("Content-Type", "application/json").header("X-CSRF-TOKEN", "not-the-token")
                .POST(HttpRequest.BodyPublishers.ofString("{\"label\":\"x\"}")));

        assertProblem(forged, 403);
    }

    @Test
    void signingInItselfNeedsTheCsrfTokenOfTheSignInPage() {
        TestUser user = user("reader");
        Browser browser = new Browser();
        browser.loginPageCsrf();

        HttpResponse<String> refused = browser.postForm("/login", Map.of("username", user.username(), "password", user.password()));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(browser.get("/console/session", "application/json").statusCode()).isEqualTo(401);
    }

    @Test
    void signingOutNeedsTheCsrfTokenAndEndsTheSession() {
        TestUser user = user("reader");
        Browser browser = new Browser();
        browser.signIn(user.username(), user.password());

        assertThat(browser.postForm("/logout", Map.of()).statusCode()).isEqualTo(403);
        assertThat(browser.session().path("username").asString()).isEqualTo(user.username());

        String csrf = browser.session().path("csrf").path("token").asString();
        HttpResponse<String> out = browser.postForm("/logout", Map.of("_csrf", csrf));

        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(out.headers().firstValue("Location")).hasValue(uri("/login?logout").toString());
        assertThat(browser.get("/console/session", "application/json").statusCode()).isEqualTo(401);
    }

    @Test
    void withoutASessionPagesRedirectToSignInAndOtherRequestsGet401() {
        Browser browser = new Browser();

        HttpResponse<String> page = browser.get("/", "text/html,application/xhtml+xml");
        HttpResponse<String> data = browser.get("/console/session", "application/json");

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValue(uri("/login").toString());
        assertProblem(data, 401);
        assertThat(data.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    void aSessionCookieOpensNothingUnderTheApi() {
        TestUser user = user("reader");
        Browser browser = new Browser();
        browser.signIn(user.username(), user.password());

        HttpResponse<String> api = browser.get("/api/v1/tokens", "application/json");

        assertProblem(api, 401);
        assertThat(api.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
    }

    @Test
    void aRoleTakenAwayAppliesToAnOpenSessionAtItsNextRequest() {
        TestUser user = user("analyst");
        Browser browser = new Browser();
        browser.signIn(user.username(), user.password());
        assertThat(browser.permissions()).contains("intel.write");

        HttpResponse<String> changed = api("PUT", "/api/v1/users/" + user.id() + "/roles", ADMIN_TOKEN,
                JSON.writeValueAsString(Map.of("roles", List.of("reader"))));

        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(browser.permissions()).containsExactly("coordination.read", "intel.read");
    }

    @Test
    void consolePagesCarryAStrictContentSecurityPolicy() {
        HttpResponse<String> page = new Browser().get("/login", "text/html");

        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'"));
        assertThat(page.body()).doesNotContain("<script", "style=");
    }
}
