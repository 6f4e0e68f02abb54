package org.entente.community;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.UUID;

import org.entente.support.RunningNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The administrator builds the community; a tier ceiling change takes effect at once and is audited. */
class CommunityApiTest extends RunningNode {

    @Autowired
    Community community;
    @Autowired
    JdbcTemplate jdbc;

    final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void anAdministratorAddsParticipantsOrganisationsAndTaskForces() {
        long mongolia = json(postJson("/api/v1/community/participants", "{\"name\":\"Mongolia " + run + "\",\"tier\":\"observer\"}").body()).path("id").asLong();
        HttpResponse<String> org = postJson("/api/v1/community/organisations", "{\"participant\":" + mongolia + ",\"name\":\"MN Intelligence\"}");
        HttpResponse<String> tf = postJson("/api/v1/community/task-forces",
                "{\"name\":\"Counter-terrorism " + run + "\",\"mandate\":\"counter-terrorism\",\"members\":[" + mongolia + "]}");

        assertThat(org.statusCode()).isEqualTo(201);
        assertThat(tf.statusCode()).isEqualTo(201);
        assertThat(community.taskForces()).anySatisfy(t -> assertThat(t.name()).isEqualTo("Counter-terrorism " + run));
        assertThat(json(get("/api/v1/community").body()).path("participants").toString()).contains("Mongolia " + run);
    }

    @Test
    void badOrDuplicateCommunityChangesAreRefusedNamingTheField() {
        assertThat(json(postJson("/api/v1/community/participants", "{\"name\":\"X " + run + "\",\"tier\":\"emperor\"}").body())
                .path("field").asString()).isEqualTo("tier");
        assertThat(json(postJson("/api/v1/community/organisations", "{\"participant\":987654,\"name\":\"Y\"}").body())
                .path("field").asString()).isEqualTo("participant");
        assertThat(json(postJson("/api/v1/community/task-forces", "{\"name\":\"Z\",\"mandate\":\"m\",\"members\":[]}").body())
                .path("field").asString()).isEqualTo("members");
        postJson("/api/v1/community/participants", "{\"name\":\"Twice " + run + "\",\"tier\":\"member\"}");
        assertThat(postJson("/api/v1/community/participants", "{\"name\":\"Twice " + run + "\",\"tier\":\"member\"}").statusCode())
                .isEqualTo(409);
    }

    @Test
    void onlyACommunityAdministratorChangesTheCommunity() {
        var p = community.addParticipant("Readers " + run, Tier.MEMBER);
        String reader = token(community.addUser("reader " + run, community.addOrganisation(p, "R"), Set.of("reader")).value());

        HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/api/v1/community/participants"))
                .header("Authorization", "Bearer " + reader).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Sneaky " + run + "\",\"tier\":\"member\"}")));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(community.participants()).noneMatch(x -> x.name().equals("Sneaky " + run));
    }

    @Test
    void loweringADialoguePartnersCeilingWithdrawsGreenIntelligenceAtOnce() {
        var turkiye = community.addParticipant("Türkiye " + run, Tier.DIALOGUE_PARTNER);
        String police = token(community.addUser("police " + run, community.addOrganisation(turkiye, "TR Police"), Set.of("reader")).value());
        String id = "identity--" + UUID.randomUUID();
        send(HttpRequest.newBuilder(uri("/api/v1/objects?tlp=green&audience=whole-community"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/stix+json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"type":"identity","spec_version":"2.1","id":"%s","created":"2025-06-26T08:00:00.000Z",
                         "modified":"2025-06-26T08:00:00.000Z","name":"Green notice"}""".formatted(id))));
        assertThat(getAs(police, "/api/v1/objects/" + id).statusCode()).isEqualTo(200);
        try {
            HttpResponse<String> changed = send(HttpRequest.newBuilder(uri("/api/v1/community/ceilings/dialogue-partner"))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"tlp\":\"clear\"}")));

            assertThat(changed.statusCode()).isEqualTo(200);
            assertThat(getAs(police, "/api/v1/objects/" + id).statusCode()).isEqualTo(404);
            assertThat(jdbc.queryForObject("select count(*) from audit_log where action = 'PERMISSION_CHANGE' and subject = 'tier-ceiling:dialogue-partner'",
                    Long.class)).isPositive();
        } finally {
            community.setCeiling(Tier.DIALOGUE_PARTNER, org.entente.stix.Tlp.GREEN);
        }
    }

    private HttpResponse<String> postJson(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> getAs(String token, String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET());
    }

    private String token(long userId) {
        String token = "community-" + UUID.randomUUID();
        jdbc.update("insert into api_token (user_id, token_hash, label) values (?, sha256(convert_to(?, 'UTF8')), 'test')", userId, token);
        return token;
    }

}
