package org.entente.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.entente.audit.AuditEntry;
import org.entente.audit.AuditLog;
import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Tier;
import org.entente.support.RunningNode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/** Users with fresh names, signed-in browsers, API calls with any token, and the audit entries a test caused. */
abstract class IdentityTestSupport extends RunningNode {

    static final String PASSWORD = "correct horse battery staple";

    @Autowired
    Community community;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AuditLog audit;

    private OrganisationId organisation;

    record TestUser(long id, String username, String password) {
    }

    static String fresh(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    OrganisationId organisation() {
        if (organisation == null) {
            var participant = community.addParticipant(fresh("Participant"), Tier.MEMBER);
            organisation = community.addOrganisation(participant, fresh("Agency"));
        }
        return organisation;
    }

    /** A new user with a password, created through the API by the administrator. */
    TestUser user(String... roles) {
        String username = fresh("user");
        HttpResponse<String> created = api("POST", "/api/v1/users", ADMIN_TOKEN, JSON.writeValueAsString(Map.of(
                "username", username, "organisation", organisation().value(), "roles", List.of(roles), "password", PASSWORD)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return new TestUser(json(created.body()).path("id").asLong(), username, PASSWORD);
    }

    HttpResponse<String> api(String method, String path, String token, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request);
    }

    /** Issues an API token for {@code user} by signing in to the console; returns the token's JSON answer. */
    JsonNode tokenFor(TestUser user, Map<String, Object> request) {
        Browser browser = new Browser();
        assertThat(browser.signIn(user.username(), user.password()).headers().firstValue("Location")).hasValue(uri("/").toString());
        HttpResponse<String> issued = browser.postJson("/console/tokens", JSON.writeValueAsString(request), true);
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        return json(issued.body());
    }

    String tokenFor(TestUser user) {
        return tokenFor(user, Map.of("label", "test")).path("token").asString();
    }

    long auditMark() {
        return jdbc.sql("select coalesce(max(seq), 0) from audit_log").query(Long.class).single();
    }

    /** Audit entries after {@code mark} with the given action. */
    List<AuditEntry> auditSince(long mark, String action) {
        return audit.entries(mark, 1000).stream().filter(e -> e.action().equals(action)).toList();
    }

    /** Under /taxii2/ every error is a TAXII 2.1 error message (section 3.6.1), with the TAXII media type. */
    static void assertTaxiiError(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/taxii+json"));
        JsonNode error = json(response.body());
        assertThat(error.path("http_status").asString()).isEqualTo(Integer.toString(status));
        assertThat(error.path("description").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "at org.", "SQL");
    }

    static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = json(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "at org.", "SQL");
    }

    /** A browser: keeps cookies, never follows redirects. */
    class Browser {
        private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

        final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String path, String accept) {
            return send(HttpRequest.newBuilder(uri(path)).header("Accept", accept).GET());
        }

        /** The CSRF token of the sign-in page's form (creates the pre-sign-in session). */
        String loginPageCsrf() {
            HttpResponse<String> page = get("/login", "text/html");
            assertThat(page.statusCode()).isEqualTo(200);
            Matcher m = CSRF_FIELD.matcher(page.body());
            assertThat(m.find()).as("CSRF field in " + page.body()).isTrue();
            return m.group(1);
        }

        HttpResponse<String> signIn(String username, String password) {
            return postForm("/login", Map.of("username", username, "password", password, "_csrf", loginPageCsrf()));
        }

        HttpResponse<String> postForm(String path, Map<String, String> fields) {
            String form = fields.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(form)));
        }

        /** The signed-in session as {@code /console/session} describes it. */
        JsonNode session() {
            HttpResponse<String> session = get("/console/session", "application/json");
            assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
            return json(session.body());
        }

        HttpResponse<String> postJson(String path, String body, boolean withCsrf) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            if (withCsrf) {
                JsonNode csrf = session().path("csrf");
                request.header(csrf.path("headerName").asString(), csrf.path("token").asString());
            }
            return send(request);
        }

        String sessionId() {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID"))
                    .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
        }

        Set<String> permissions() {
            Set<String> out = new java.util.TreeSet<>();
            session().path("permissions").forEach(p -> out.add(p.asString()));
            return out;
        }

        HttpResponse<String> send(HttpRequest.Builder request) {
            try {
                return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
