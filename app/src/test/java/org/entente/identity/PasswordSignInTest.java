package org.entente.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.entente.audit.AuditEntry;
import org.junit.jupiter.api.Test;

/** Console sign-in with username and password: sessions, refusals that give nothing away, lockout. */
class PasswordSignInTest extends IdentityTestSupport {

    @Test
    void theRightPasswordSignsInWithAFreshSessionIdAndIsAudited() {
        TestUser user = user("analyst");
        Browser browser = new Browser();
        browser.loginPageCsrf();
        String before = browser.sessionId();
        long mark = auditMark();

        HttpResponse<String> signedIn = browser.signIn(user.username(), user.password());

        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValue(uri("/").toString());
        assertThat(before).isNotNull();
        assertThat(browser.sessionId()).isNotNull().isNotEqualTo(before); // session fixation protection
        assertThat(browser.session().path("username").asString()).isEqualTo(user.username());
        assertThat(browser.permissions()).containsExactly("coordination.read", "coordination.write", "intel.read", "intel.share", "intel.write");
        HttpResponse<String> home = browser.get("/", "text/html");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("Signed in as <strong>" + user.username() + "</strong>");
        List<AuditEntry> logins = auditSince(mark, "LOGIN");
        assertThat(logins).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo(user.username());
            assertThat(e.details().toString()).doesNotContain(user.password());
        });
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrict() {
        TestUser user = user("reader");
        Browser browser = new Browser();
        String csrf = browser.loginPageCsrf();

        HttpResponse<String> signedIn = browser.postForm("/login",
                Map.of("username", user.username(), "password", user.password(), "_csrf", csrf));

        List<String> setCookies = signedIn.headers().allValues("Set-Cookie");
        assertThat(setCookies).anySatisfy(c -> assertThat(c).startsWith("JSESSIONID="));
        for (String cookie : setCookies.stream().filter(c -> c.startsWith("JSESSIONID=")).toList()) {
            assertThat(cookie).containsIgnoringCase("; HttpOnly").containsIgnoringCase("; SameSite=Strict")
                    .doesNotContainIgnoringCase("Secure"); // plain HTTP here; Tomcat adds Secure over HTTPS
        }
        // and the pre-sign-in session cookie too
        assertThat(new Browser().get("/login", "text/html").headers().allValues("Set-Cookie"))
                .anySatisfy(c -> assertThat(c).startsWith("JSESSIONID=").contains("HttpOnly").contains("SameSite=Strict"));
    }

    @Test
    void aWrongPasswordIsRefusedAndAuditedWithTheUsernameAttempted() {
        TestUser user = user("reader");
        long mark = auditMark();
        Browser browser = new Browser();

        HttpResponse<String> refused = browser.signIn(user.username(), "not the password at all");

        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.headers().firstValue("Location")).hasValue(uri("/login?error").toString());
        assertThat(browser.get("/console/session", "application/json").statusCode()).isEqualTo(401);
        assertThat(browser.get("/login?error", "text/html").body()).contains("Sign-in failed");
        assertThat(auditSince(mark, "LOGIN")).isEmpty();
        assertThat(auditSince(mark, "LOGIN_FAILED")).singleElement().satisfies(e -> {
            assertThat(e.subject()).isEqualTo(user.username());
            assertThat(e.details().path("username").asString()).isEqualTo(user.username());
            assertThat(e.details().path("reason").asString()).isEqualTo("wrong-password");
            assertThat(e.details().toString()).doesNotContain("not the password at all");
        });
    }

    @Test
    void anUnknownUserIsIndistinguishableFromAWrongPassword() {
        TestUser user = user("reader");
        String unknown = fresh("nobody");
        long mark = auditMark();

        List<Long> wrongTimes = new ArrayList<>();
        List<Long> unknownTimes = new ArrayList<>();
        HttpResponse<String> wrong = null;
        HttpResponse<String> missing = null;
        for (int i = 0; i < 3; i++) { // fewer than the lockout threshold
            Browser a = new Browser();
            String csrfA = a.loginPageCsrf();
            long t0 = System.nanoTime();
            wrong = a.postForm("/login", Map.of("username", user.username(), "password", "wrong-" + i, "_csrf", csrfA));
            wrongTimes.add(System.nanoTime() - t0);
            Browser b = new Browser();
            String csrf = b.loginPageCsrf();
            long t1 = System.nanoTime();
            missing = b.postForm("/login", Map.of("username", unknown, "password", "wrong-" + i, "_csrf", csrf));
            unknownTimes.add(System.nanoTime() - t1);
        }

        assertThat(missing.statusCode()).isEqualTo(wrong.statusCode()).isEqualTo(302);
        assertThat(missing.headers().firstValue("Location")).isEqualTo(wrong.headers().firstValue("Location"));
        assertThat(missing.body()).isEqualTo(wrong.body());
        // Both spend one Argon2 verification, so their fastest attempts are of the same order. The
        // fastest, not the median: a loaded machine only ever adds time, and a path that skipped the
        // hash would still be an order of magnitude faster than the bound (the check is loose on purpose).
        long wrongFastest = wrongTimes.stream().min(Long::compare).orElseThrow();
        long unknownFastest = unknownTimes.stream().min(Long::compare).orElseThrow();
        assertThat((double) unknownFastest / wrongFastest).isBetween(0.25, 4.0);
        assertThat(auditSince(mark, "LOGIN_FAILED")).filteredOn(e -> e.subject().equals(unknown)).hasSize(3)
                .allSatisfy(e -> assertThat(e.details().path("reason").asString()).isEqualTo("unknown-user"));
    }

    @Test
    void aUserWithoutAPasswordCannotSignInWithOne() {
        String username = fresh("tokens-only");
        HttpResponse<String> created = api("POST", "/api/v1/users", ADMIN_TOKEN, JSON.writeValueAsString(Map.of(
                "username", username, "organisation", organisation().value(), "roles", List.of("reader"))));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created.body()).path("hasPassword").asBoolean()).isFalse();

        for (String attempt : List.of("", PASSWORD)) {
            HttpResponse<String> refused = new Browser().signIn(username, attempt);
            assertThat(refused.headers().firstValue("Location")).hasValue(uri("/login?error").toString());
        }
    }

    @Test
    void fiveFailuresLockTheAccountEvenAgainstTheRightPasswordUntilTheLockEnds() {
        TestUser user = user("reader");
        long mark = auditMark();
        for (int i = 0; i < 5; i++) {
            assertThat(new Browser().signIn(user.username(), "guess-" + i).headers().firstValue("Location"))
                    .hasValue(uri("/login?error").toString());
        }

        HttpResponse<String> rightButLocked = new Browser().signIn(user.username(), user.password());

        assertThat(rightButLocked.headers().firstValue("Location")).hasValue(uri("/login?error").toString());
        List<AuditEntry> failures = auditSince(mark, "LOGIN_FAILED");
        assertThat(failures).hasSize(6);
        assertThat(failures.get(4).details().path("locked").asBoolean()).isTrue();
        assertThat(failures.get(5).details().path("reason").asString()).isEqualTo("locked");
        assertThat(jdbc.sql("select locked_until > now() + interval '14 minutes' from app_user where id = ?")
                .param(user.id()).query(Boolean.class).single()).as("locked for the configured 15 minutes").isTrue();

        // The lock period passes (moved in the database rather than waited for).
        jdbc.sql("update app_user set locked_until = now() - interval '1 second' where id = ?").param(user.id()).update();

        Browser browser = new Browser();
        assertThat(browser.signIn(user.username(), user.password()).headers().firstValue("Location"))
                .hasValue(uri("/").toString());
        assertThat(browser.session().path("username").asString()).isEqualTo(user.username());
    }

    @Test
    void aSuccessResetsTheCountOfFailures() {
        TestUser user = user("reader");
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 4; i++) {
                new Browser().signIn(user.username(), "guess-" + i);
            }
            assertThat(new Browser().signIn(user.username(), user.password()).headers().firstValue("Location"))
                    .as("round " + round).hasValue(uri("/").toString());
        }
        assertThat(jdbc.sql("select failed_logins from app_user where id = ?").param(user.id()).query(Integer.class).single())
                .isZero();
    }

    @Test
    void settingAPasswordLiftsALock() {
        TestUser user = user("reader");
        for (int i = 0; i < 5; i++) {
            new Browser().signIn(user.username(), "guess-" + i);
        }
        String newPassword = "a different passphrase 42";

        HttpResponse<String> set = api("PUT", "/api/v1/users/" + user.id() + "/password", ADMIN_TOKEN,
                JSON.writeValueAsString(Map.of("password", newPassword)));

        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(json(set.body()).path("locked").asBoolean()).isFalse();
        assertThat(new Browser().signIn(user.username(), newPassword).headers().firstValue("Location"))
                .hasValue(uri("/").toString());
    }
}
