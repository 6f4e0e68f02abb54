package org.entente.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.UUID;

import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Tier;
import org.entente.support.RunningNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

/** Releasing, widening and narrowing, as analysts and publishers of two member states do it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharingApiTest extends RunningNode {

    @Autowired
    Community community;
    @Autowired
    JdbcTemplate jdbc;

    final String run = UUID.randomUUID().toString().substring(0, 8);
    String kzAnalyst;
    String kzPublisher;
    String ruReader;
    String ruPublisher;
    OrganisationId ruMod;

    @BeforeAll
    void community() {
        ParticipantId kz = community.addParticipant("Kazakhstan " + run, Tier.MEMBER);
        ParticipantId ru = community.addParticipant("Russia " + run, Tier.MEMBER);
        OrganisationId kzCert = community.addOrganisation(kz, "KZ-CERT");
        community.addOrganisation(kz, "KZ Border Service");
        ruMod = community.addOrganisation(ru, "RU MoD");
        kzAnalyst = user("kz-analyst", kzCert, "analyst");
        kzPublisher = user("kz-publisher", kzCert, "publisher");
        ruReader = user("ru-reader", ruMod, "reader");
        ruPublisher = user("ru-publisher", ruMod, "publisher");
    }

    @Test
    void anAnalystMayKeepIntelligenceInTheirOrganisationButNotReleaseIt() {
        HttpResponse<String> own = importAs(kzAnalyst, indicatorName(), "");
        HttpResponse<String> release = importAs(kzAnalyst, indicatorName(), "?audience=all-members&tlp=green");

        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(release.statusCode()).isEqualTo(403);
        assertThat(json(release.body()).path("detail").asString()).contains("intel.publish");
        assertThat(json(release.body()).path("received").isMissingNode()).as("nothing was read or stored").isTrue();
    }

    @Test
    void wideningIsAnAuditedReleaseAndNarrowingWithdrawsAccess() {
        String id = "identity--" + UUID.randomUUID();
        importAs(kzPublisher, identity(id, "Border post roster " + run), "");
        assertThat(getAs(ruReader, "/api/v1/objects/" + id).statusCode()).isEqualTo(404);

        HttpResponse<String> widened = share(kzPublisher, id, "{\"tlp\":\"amber\",\"audience\":{\"kind\":\"all-members\"}}");
        assertThat(widened.statusCode()).as(widened.body()).isEqualTo(200);
        assertThat(json(widened.body()).path("widened").asBoolean()).isTrue();
        assertThat(json(widened.body()).path("recipients").valueStream().map(JsonNode::asLong)).contains(ruMod.value());
        assertThat(getAs(ruReader, "/api/v1/objects/" + id).statusCode()).isEqualTo(200);
        JsonNode release = lastAuditEntryAbout(id);
        assertThat(release.path("action").asString()).isEqualTo("RELEASE");
        assertThat(release.path("details").path("audience").asString()).isEqualTo("all-members");

        HttpResponse<String> narrowed = share(kzPublisher, id, "{\"tlp\":\"amber\",\"audience\":{\"kind\":\"own-organisation\"}}");
        assertThat(json(narrowed.body()).path("widened").asBoolean()).isFalse();
        assertThat(getAs(ruReader, "/api/v1/objects/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void onlyTheOwnersOrganisationChangesHowAnObjectIsShared() {
        String id = "identity--" + UUID.randomUUID();
        importAs(kzPublisher, identity(id, "Shared roster " + run), "?audience=all-members&tlp=green");

        HttpResponse<String> foreign = share(ruPublisher, id, "{\"tlp\":\"clear\",\"audience\":{\"kind\":\"whole-community\"}}");
        HttpResponse<String> invisible = share(ruPublisher, "identity--" + UUID.randomUUID(), "{\"tlp\":\"clear\",\"audience\":{\"kind\":\"whole-community\"}}");

        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(invisible.statusCode()).isEqualTo(404);
    }

    @Test
    void badSharingRequestsNameTheField() {
        String id = "identity--" + UUID.randomUUID();
        importAs(kzPublisher, identity(id, "x " + run), "");

        assertThat(json(share(kzPublisher, id, "{\"tlp\":\"purple\",\"audience\":{\"kind\":\"all-members\"}}").body())
                .path("parameter").asString()).isEqualTo("tlp");
        assertThat(json(share(kzPublisher, id, "{\"tlp\":\"red\",\"audience\":{\"kind\":\"named\"}}").body())
                .path("parameter").asString()).isEqualTo("participants");
        assertThat(importAs(kzPublisher, identity("identity--" + UUID.randomUUID(), "y"), "?audience=task-force").statusCode())
                .isEqualTo(400);
        HttpResponse<String> noSuchTaskForce = importAs(kzPublisher, identity("identity--" + UUID.randomUUID(), "z"),
                "?audience=task-force&task_force=987654321");
        assertThat(noSuchTaskForce.statusCode()).isEqualTo(400);
        assertThat(json(noSuchTaskForce.body()).path("parameter").asString()).isEqualTo("task_force");
        assertThat(json(share(kzPublisher, id, "{\"tlp\":\"red\",\"audience\":{\"kind\":\"named\",\"organisations\":[987654321]}}").body())
                .path("parameter").asString()).isEqualTo("organisations");
    }

    private JsonNode lastAuditEntryAbout(String subject) {
        JsonNode page = json(get("/api/v1/audit?limit=1000").body());
        JsonNode found = null;
        String after = null;
        while (true) {
            for (JsonNode e : page.path("entries")) {
                if (subject.equals(e.path("subject").asString())) {
                    found = e;
                }
                after = e.path("sequence").asString();
            }
            if (!page.path("more").asBoolean()) {
                break;
            }
            page = json(get("/api/v1/audit?limit=1000&after=" + after).body());
        }
        assertThat(found).as("an audit entry about " + subject).isNotNull();
        return found;
    }

    private HttpResponse<String> importAs(String token, String body, String query) {
        return send(HttpRequest.newBuilder(uri("/api/v1/objects" + query)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/stix+json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> share(String token, String id, String body) {
        return send(HttpRequest.newBuilder(uri("/api/v1/objects/" + id + "/sharing")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> getAs(String token, String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET());
    }

    private String indicatorName() {
        return identity("identity--" + UUID.randomUUID(), "Indicator owner " + run);
    }

    private static String identity(String id, String name) {
        return """
                {"type":"identity","spec_version":"2.1","id":"%s","created":"2025-06-26T08:00:00.000Z",
                 "modified":"2025-06-26T08:00:00.000Z","name":"%s","identity_class":"organization"}""".formatted(id, name);
    }

    private String user(String name, OrganisationId org, String role) {
        var id = community.addUser(name + " " + run, org, Set.of(role));
        String token = "sharing-" + UUID.randomUUID();
        jdbc.update("insert into api_token (user_id, token_hash, label) values (?, sha256(convert_to(?, 'UTF8')), 'test')",
                id.value(), token);
        return token;
    }
}
