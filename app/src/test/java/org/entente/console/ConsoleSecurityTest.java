package org.entente.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.UserId;
import org.entente.community.Tier;
import org.entente.intel.ImportLabel;
import org.entente.intel.StixStore;
import org.entente.sharing.Audience;
import org.entente.stix.StixId;
import org.entente.stix.Tlp;
import org.entente.support.RunningNode;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console's HTTP rules, without a browser: sign-in required, CSRF on every state change, the CSP
 * on every page, assets public, and the share and import forms refusing what the store refuses.
 */
class ConsoleSecurityTest extends RunningNode {

    static final String PASSWORD = "correct horse battery staple";

    @Autowired
    Community community;
    @Autowired
    StixStore store;

    private record Session(HttpClient client, String csrf) {
    }

    private record Account(long id, String username) {
    }

    private Account user(OrganisationId organisation, String role) {
        String username = "sec-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/api/v1/users"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("username", username,
                        "organisation", organisation.value(), "roles", List.of(role), "password", PASSWORD)))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return new Account(json(created.body()).path("id").asLong(), username);
    }

    private Session signIn(String username) throws Exception {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String csrf = Jsoup.parse(client.send(HttpRequest.newBuilder(uri("/login")).build(), HttpResponse.BodyHandlers.ofString())
                .body()).select("input[name=_csrf]").attr("value");
        HttpResponse<String> in = client.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + username + "&password=" + PASSWORD.replace(' ', '+')
                        + "&_csrf=" + csrf)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(in.statusCode()).isEqualTo(302);
        String page = client.send(HttpRequest.newBuilder(uri("/")).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new Session(client, Jsoup.parse(page).select("form.signout input[name=_csrf]").attr("value"));
    }

    private String object(Account owner) {
        String id = "malware--" + UUID.randomUUID();
        var caller = community.caller(new UserId(owner.id())).orElseThrow();
        store.ingest(new ByteArrayInputStream(("{\"type\":\"malware\",\"spec_version\":\"2.1\",\"id\":\"" + id
                + "\",\"created\":\"2026-01-05T08:00:00.000Z\",\"modified\":\"2026-01-05T08:00:00.000Z\",\"name\":\"m\",\"is_family\":true}")
                .getBytes(StandardCharsets.UTF_8)), new ImportLabel(caller, Optional.empty(), new Audience.OwnOrganisation()));
        return id;
    }

    @Test
    void pagesNeedASignInButAssetsDoNot() {
        HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/console/intel")).header("Accept", "text/html"));
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        for (String asset : List.of("/assets/console.css", "/assets/console.js", "/webjars/htmx.org/dist/htmx.min.js",
                "/webjars/cytoscape/dist/cytoscape.min.js")) {
            assertThat(send(HttpRequest.newBuilder(uri(asset))).statusCode()).as(asset).isEqualTo(200);
        }
        assertThat(send(HttpRequest.newBuilder(uri("/assets/../application.yml"))).statusCode()).isNotEqualTo(200);
    }

    @Test
    void everyStateChangeNeedsTheCsrfTokenAndPagesCarryTheCsp() throws Exception {
        OrganisationId organisation = community.addOrganisation(community.addParticipant("Sec-" + UUID.randomUUID(), Tier.MEMBER), "SecOrg-" + UUID.randomUUID());
        Account owner = user(organisation, "publisher");
        String id = object(owner);
        Session session = signIn(owner.username());
        String form = "tlp=green&audience=own-participant";

        HttpResponse<String> without = session.client().send(HttpRequest.newBuilder(uri("/console/intel/objects/" + id + "/share"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(without.statusCode()).isEqualTo(403);
        assertThat(store.labelOf(StixId.parse(id)).orElseThrow().tlp()).isEqualTo(Tlp.AMBER);

        HttpResponse<String> with = session.client().send(HttpRequest.newBuilder(uri("/console/intel/objects/" + id + "/share"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-CSRF-TOKEN", session.csrf())
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(with.statusCode()).as(with.body()).isEqualTo(200);
        assertThat(store.labelOf(StixId.parse(id)).orElseThrow().tlp()).isEqualTo(Tlp.GREEN);

        HttpResponse<String> observations = session.client().send(HttpRequest.newBuilder(uri("/console/correlation/observations"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("values=198.51.100.1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(observations.statusCode()).isEqualTo(403);

        HttpResponse<String> page = session.client().send(HttpRequest.newBuilder(uri("/console/intel/objects/" + id))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'").contains("style-src 'self'").doesNotContain("unsafe-inline"));
    }

    @Test
    void anAnalystMayNotShareBeyondTheirOrganisationAndIsToldWhy() throws Exception {
        OrganisationId organisation = community.addOrganisation(community.addParticipant("Sec-" + UUID.randomUUID(), Tier.MEMBER), "SecOrg-" + UUID.randomUUID());
        Account owner = user(organisation, "analyst");
        String id = object(owner);
        Session session = signIn(owner.username());

        HttpResponse<String> refused = session.client().send(HttpRequest.newBuilder(uri("/console/intel/objects/" + id + "/share"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-CSRF-TOKEN", session.csrf())
                .header("HX-Request", "true")
                .POST(HttpRequest.BodyPublishers.ofString("tlp=green&audience=whole-community")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(Jsoup.parse(refused.body()).select("[role=alert]").text()).contains("intel.publish");
        assertThat(refused.body()).doesNotContain("Exception").doesNotContain("at org.");
        assertThat(store.labelOf(StixId.parse(id)).orElseThrow().audience()).isEqualTo(new Audience.OwnOrganisation());
    }

    @Test
    void aBadFilterIsAReadableProblemNamingTheField() throws Exception {
        OrganisationId organisation = community.addOrganisation(community.addParticipant("Sec-" + UUID.randomUUID(), Tier.MEMBER), "SecOrg-" + UUID.randomUUID());
        Session session = signIn(user(organisation, "reader").username());

        HttpResponse<String> bad = session.client().send(HttpRequest.newBuilder(uri("/console/intel?from=yesterday"))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(bad.statusCode()).isEqualTo(400);
        var doc = Jsoup.parse(bad.body());
        assertThat(doc.select("h1").text()).isEqualTo("Bad parameter");
        assertThat(doc.select(".problem-parameter code").text()).isEqualTo("from");
        assertThat(doc.select("nav[aria-label=Main]")).isNotEmpty(); // still inside the console's frame
    }
}
