package org.entente.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Tier;
import org.entente.node.NodeProperties;
import org.entente.support.RunningNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

/** Coordination through the API of a real node: consensus and signatures, audiences, transitions, audit. */
class CoordinationApiTest extends RunningNode {

    @Autowired
    Community community;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    NodeProperties node;

    final String run = UUID.randomUUID().toString().substring(0, 8);
    ParticipantId china, russia, india, mongolia, outsiderState;
    OrganisationId chinaOrg, russiaOrg, indiaOrg, mongoliaOrg, outsiderOrg;
    String chinaDelegate, russiaDelegate, indiaDelegate, mongoliaDelegate, outsider, russiaReader;

    @BeforeEach
    void community() {
        china = community.addParticipant("China " + run, Tier.MEMBER);
        russia = community.addParticipant("Russia " + run, Tier.MEMBER);
        india = community.addParticipant("India " + run, Tier.MEMBER);
        mongolia = community.addParticipant("Mongolia " + run, Tier.OBSERVER);
        outsiderState = community.addParticipant("Belarus " + run, Tier.MEMBER);
        chinaOrg = community.addOrganisation(china, "CN MoD");
        russiaOrg = community.addOrganisation(russia, "RU MoD");
        indiaOrg = community.addOrganisation(india, "CERT-In");
        mongoliaOrg = community.addOrganisation(mongolia, "MN Intelligence");
        outsiderOrg = community.addOrganisation(outsiderState, "BY KGB");
        chinaDelegate = token("cn " + run, chinaOrg, "delegate");
        russiaDelegate = token("ru " + run, russiaOrg, "delegate");
        indiaDelegate = token("in " + run, indiaOrg, "delegate");
        mongoliaDelegate = token("mn " + run, mongoliaOrg, "delegate");
        outsider = token("by " + run, outsiderOrg, "delegate");
        russiaReader = token("ru-reader " + run, russiaOrg, "reader");
    }

    String declaration(String as) {
        HttpResponse<String> created = post(as, "/api/v1/coordination/declarations", """
                {"title": "Qingdao joint declaration %s", "text": "The ministers condemn terrorism in all its forms.",
                 "signatories": [%d, %d, %d, %d], "sharing": {"tlp": "amber", "audience": {"kind": "named", "participants": [%d, %d, %d, %d]}}}"""
                .formatted(run, china.value(), russia.value(), india.value(), mongolia.value(),
                        china.value(), russia.value(), india.value(), mongolia.value()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created.body()).path("id").asString();
    }

    @Test
    void consensusOfEveryFullMemberAdoptsTheDeclarationAndItsDocumentVerifiesOffline() throws Exception {
        String id = declaration(chinaDelegate);
        String base = "/api/v1/coordination/declarations/" + id;
        // A draft is for full members only: the observer does not see it yet.
        assertThat(get(mongoliaDelegate, base).statusCode()).isEqualTo(404);
        assertThat(post(indiaDelegate, base + "/revisions/1/comments", "{\"text\":\"Name cross-border terrorism.\"}").statusCode()).isEqualTo(200);
        assertThat(post(chinaDelegate, base + "/revisions", "{\"text\":\"The ministers condemn terrorism in all its forms, including cross-border terrorism.\"}")
                .statusCode()).isEqualTo(200);
        JsonNode circulating = json(post(chinaDelegate, base + "/circulation", "").body());
        assertThat(circulating.path("state").asString()).isEqualTo("circulating");
        assertThat(circulating.path("circulated_version").asInt()).isEqualTo(2);
        assertThat(circulating.path("members")).hasSize(3); // the observer is not a full member

        assertThat(post(mongoliaDelegate, base + "/support", "{\"version\":2}").statusCode()).isEqualTo(200);
        HttpResponse<String> observerEndorses = post(mongoliaDelegate, base + "/endorsements", "{\"version\":2,\"decision\":\"withhold\",\"reason\":\"no\"}");
        assertThat(observerEndorses.statusCode()).isEqualTo(409);
        assertThat(json(observerEndorses.body()).path("detail").asString()).contains("only full members");
        assertThat(post(indiaDelegate, base + "/endorsements", "{\"version\":1,\"decision\":\"endorse\"}").statusCode()).isEqualTo(409);

        for (String member : List.of(chinaDelegate, russiaDelegate)) {
            assertThat(json(post(member, base + "/endorsements", "{\"version\":2,\"decision\":\"endorse\"}").body()).path("state").asString())
                    .isEqualTo("circulating");
        }
        assertThat(get(chinaDelegate, base + "/document").statusCode()).isEqualTo(409);
        JsonNode adopted = json(post(indiaDelegate, base + "/endorsements", "{\"version\":2,\"decision\":\"endorse\"}").body());
        assertThat(adopted.path("state").asString()).isEqualTo("adopted");
        assertThat(adopted.path("adopted_version").asInt()).isEqualTo(2);

        HttpResponse<String> document = get(russiaReader, base + "/document");
        assertThat(document.statusCode()).isEqualTo(200);
        Path file = Files.createTempFile("declaration", ".json");
        Files.writeString(file, document.body());
        assertThat(verify(file)).startsWith("VALID");
        Files.writeString(file, document.body().replace("cross-border terrorism", "terrorism"));
        assertThat(verify(file)).startsWith("INVALID").contains("the text was altered");

        // Keys: generated on first use, one file per participant, readable by the node's user only.
        Path key = node.home().resolve("keys/participants/" + india.value() + ".key");
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(jdbc.queryForObject("select count(*) from participant_signing_key where participant_id = ?", Long.class, india.value()))
                .isEqualTo(1L);
        assertThat(jdbc.queryForObject("select count(*) from audit_log where subject = ? and action = 'DECLARATION'", Long.class,
                "declaration:" + id)).isEqualTo(4L); // three endorsements and one support
        // A revision is immutable, even by SQL.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.update(
                "update declaration_revision set text = 'x' where declaration_id = ?::uuid", id)).hasMessageContaining("immutable");
    }

    @Test
    void oneMemberWithholdingMeansNoAdoptionAndTheChairMayIssueAStatement() {
        String id = declaration(chinaDelegate);
        String base = "/api/v1/coordination/declarations/" + id;
        post(chinaDelegate, base + "/circulation", "");
        post(chinaDelegate, base + "/endorsements", "{\"version\":1,\"decision\":\"endorse\"}");
        post(russiaDelegate, base + "/endorsements", "{\"version\":1,\"decision\":\"endorse\"}");
        HttpResponse<String> noReason = post(indiaDelegate, base + "/endorsements", "{\"version\":1,\"decision\":\"withhold\"}");
        assertThat(noReason.statusCode()).isEqualTo(409);
        post(indiaDelegate, base + "/endorsements", "{\"version\":1,\"decision\":\"withhold\",\"reason\":\"no reference to cross-border terrorism\"}");
        post(mongoliaDelegate, base + "/support", "{\"version\":1}");

        assertThat(post(russiaDelegate, base + "/circulation/close", "").statusCode()).isEqualTo(409); // not the chair
        JsonNode closed = json(post(chinaDelegate, base + "/circulation/close", "").body());
        assertThat(closed.path("state").asString()).isEqualTo("not-adopted");
        assertThat(closed.path("withheld_by").toString()).contains("India " + run);
        assertThat(get(chinaDelegate, base + "/document").statusCode()).isEqualTo(409);

        JsonNode statement = json(post(chinaDelegate, base + "/chair-statement", "{\"text\":\"The chair's summary of the discussion.\"}").body());
        assertThat(statement.path("state").asString()).isEqualTo("chair-statement");
        assertThat(statement.path("chair_statement").asString()).startsWith("The chair's summary");
        assertThat(jdbc.queryForObject("select count(*) from audit_log where subject = ? and details->>'change' = 'chair-statement'",
                Long.class, "declaration:" + id)).isEqualTo(1L);
    }

    @Test
    void commitmentsFollowTheirStateMachineWithHistoryAndTheBoardCountsOnlyWhatTheReaderSees() {
        HttpResponse<String> created = post(russiaDelegate, "/api/v1/coordination/commitments", """
                {"participant": %d, "text": "Conduct joint anti-terrorism drills", "responsible_organisation": %d, "due": "2020-12-31"}"""
                .formatted(russia.value(), russiaOrg.value()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long id = json(created.body()).path("id").asLong();
        String base = "/api/v1/coordination/commitments/" + id;

        HttpResponse<String> skip = post(russiaDelegate, base + "/status", "{\"status\":\"done\"}");
        assertThat(skip.statusCode()).isEqualTo(409);
        JsonNode problem = json(skip.body());
        assertThat(problem.path("from").asString()).isEqualTo("proposed");
        assertThat(problem.path("to").asString()).isEqualTo("done");
        assertThat(problem.path("detail").asString()).contains("must be accepted first");
        assertThat(post(indiaDelegate, base + "/status", "{\"status\":\"accepted\"}").statusCode()).isEqualTo(403);

        post(russiaDelegate, base + "/status", "{\"status\":\"accepted\",\"note\":\"agreed in Qingdao\"}");
        JsonNode after = json(get(russiaDelegate, base).body());
        assertThat(after.path("status").asString()).isEqualTo("accepted");
        assertThat(after.path("overdue").asBoolean()).isTrue();
        assertThat(after.path("history")).hasSize(2);
        assertThat(after.path("history").get(1).path("from").asString()).isEqualTo("proposed");
        assertThat(after.path("history").get(1).path("note").asString()).isEqualTo("agreed in Qingdao");

        // Own-organisation commitment of India: Russia sees neither it nor its count.
        long hidden = json(post(indiaDelegate, "/api/v1/coordination/commitments", """
                {"participant": %d, "text": "Enhance cybersecurity protocols", "responsible_organisation": %d, "due": "2030-01-01",
                 "sharing": {"audience": {"kind": "own-organisation"}}}""".formatted(india.value(), indiaOrg.value())).body()).path("id").asLong();
        assertThat(get(russiaDelegate, "/api/v1/coordination/commitments/" + hidden).statusCode()).isEqualTo(404);
        assertThat(get(russiaDelegate, "/api/v1/coordination/commitments?participant=" + india.value()).body()).contains("\"count\":0");
        JsonNode board = json(get(russiaDelegate, "/api/v1/coordination/commitments/board").body());
        List<String> names = new ArrayList<>();
        board.path("participants").forEach(p -> names.add(p.path("name").asString()));
        assertThat(names).contains("Russia " + run).doesNotContain("India " + run);
        board.path("participants").forEach(p -> {
            if (p.path("name").asString().equals("Russia " + run)) {
                assertThat(p.path("by_status").path("accepted").asLong()).isEqualTo(1);
                assertThat(p.path("overdue").asLong()).isEqualTo(1);
            }
        });
        assertThat(json(get(indiaDelegate, "/api/v1/coordination/commitments/board").body()).toString()).contains("India " + run);
        assertThat(jdbc.queryForObject("select count(*) from audit_log where subject = ? and action = 'COORDINATION_CHANGE'",
                Long.class, "commitment:" + id)).isEqualTo(2L);
    }

    @Test
    void evidenceTheReaderMayNotReadAppearsNeitherInTheEvidenceNorInTheHistory() {
        String indicator = "indicator--" + UUID.randomUUID();
        HttpResponse<String> imported = send(HttpRequest.newBuilder(uri("/api/v1/objects")).header("Authorization", "Bearer "
                        + token("in-evidence " + run, indiaOrg, "analyst")).header("Content-Type", "application/stix+json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"type":"indicator","spec_version":"2.1","id":"%s","created":"2025-06-26T08:00:00.000Z","modified":"2025-06-26T08:00:00.000Z",
                         "pattern":"[ipv4-addr:value = '198.51.100.9']","pattern_type":"stix","valid_from":"2025-06-26T08:00:00Z"}""".formatted(indicator))));
        assertThat(imported.statusCode()).isLessThan(300);
        // India's commitment, visible to all members; its evidence is India's own indicator.
        long id = json(post(indiaDelegate, "/api/v1/coordination/commitments", """
                {"participant": %d, "text": "Share border-post indicators", "responsible_organisation": %d, "due": "2030-01-01"}"""
                .formatted(india.value(), indiaOrg.value())).body()).path("id").asLong();
        String base = "/api/v1/coordination/commitments/" + id;
        HttpResponse<String> added = post(indiaDelegate, base + "/evidence", "{\"kind\":\"intelligence\",\"ref\":\"" + indicator + "\"}");
        assertThat(added.statusCode()).as(added.body()).isLessThan(300);

        assertThat(get(indiaDelegate, base).body()).contains(indicator);
        HttpResponse<String> russiaView = get(russiaDelegate, base);
        assertThat(russiaView.statusCode()).isEqualTo(200);
        assertThat(json(russiaView.body()).path("history").toString()).contains("intelligence evidence added");
        assertThat(russiaView.body()).doesNotContain(indicator);
        // India's own delegate through a token scoped to coordination.read: the commitment, not the intelligence.
        HttpResponse<String> scopedView = get(scopedToken("in " + run, "coordination.read"), base);
        assertThat(scopedView.statusCode()).isEqualTo(200);
        assertThat(scopedView.body()).doesNotContain(indicator);
    }

    @Test
    void anOperationIsVisibleOnlyToItsParticipantsAndShowsOnlyLinksTheReaderMayRead() {
        String indicator = "indicator--" + UUID.randomUUID();
        HttpResponse<String> imported = send(HttpRequest.newBuilder(uri("/api/v1/objects")).header("Authorization", "Bearer "
                        + token("in-analyst " + run, indiaOrg, "analyst")).header("Content-Type", "application/stix+json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"type":"indicator","spec_version":"2.1","id":"%s","created":"2025-06-26T08:00:00.000Z","modified":"2025-06-26T08:00:00.000Z",
                         "pattern":"[ipv4-addr:value = '198.51.100.7']","pattern_type":"stix","valid_from":"2025-06-26T08:00:00Z"}""".formatted(indicator))));
        assertThat(imported.statusCode()).isLessThan(300);

        HttpResponse<String> created = post(indiaDelegate, "/api/v1/coordination/operations", """
                {"name": "Border ransomware %s", "type": "ransomware", "participants": [%d, %d]}""".formatted(run, india.value(), russia.value()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long id = json(created.body()).path("id").asLong();
        String base = "/api/v1/coordination/operations/" + id;
        assertThat(json(created.body()).path("protocol")).hasSize(5);

        assertThat(post(indiaDelegate, base + "/links", "{\"stix_id\":\"" + indicator + "\"}").statusCode()).isEqualTo(200);
        assertThat(json(get(indiaDelegate, base).body()).path("links")).hasSize(1);
        // Russia is a participant but the indicator is India's own: the link is not shown, not even its id.
        HttpResponse<String> russiaView = get(russiaDelegate, base);
        assertThat(russiaView.statusCode()).isEqualTo(200);
        assertThat(russiaView.body()).doesNotContain(indicator);
        assertThat(get(russiaDelegate, base + "/timeline").body()).doesNotContain(indicator);
        assertThat(get(indiaDelegate, base + "/timeline").body()).contains(indicator);
        // The same delegate through a token scoped to coordination.read: it reads the operation, not the intelligence
        // its links name (being allowed to read coordination records grants no intel.read).
        String coordinationOnly = scopedToken("in " + run, "coordination.read");
        HttpResponse<String> scopedView = get(coordinationOnly, base);
        assertThat(scopedView.statusCode()).isEqualTo(200);
        assertThat(json(scopedView.body()).path("links")).isEmpty();
        assertThat(scopedView.body()).doesNotContain(indicator);
        assertThat(get(coordinationOnly, base + "/timeline").body()).doesNotContain(indicator);

        // An outsider: 404, and absent from the list and its count.
        assertThat(get(outsider, base).statusCode()).isEqualTo(404);
        assertThat(get(outsider, base + "/timeline").statusCode()).isEqualTo(404);
        assertThat(post(outsider, base + "/state", "{\"state\":\"active\"}").statusCode()).isEqualTo(404);
        assertThat(get(outsider, "/api/v1/coordination/operations").body()).doesNotContain("Border ransomware " + run);

        HttpResponse<String> conclude = post(russiaDelegate, base + "/state", "{\"state\":\"concluded\"}");
        assertThat(conclude.statusCode()).isEqualTo(409);
        assertThat(json(conclude.body()).path("from").asString()).isEqualTo("proposed");
        assertThat(post(russiaDelegate, base + "/state", "{\"state\":\"active\"}").statusCode()).isEqualTo(200);
        JsonNode withTask = json(post(russiaDelegate, base + "/tasks", "{\"title\":\"Collect samples\",\"owner_organisation\":%d,\"deadline\":\"2025-07-10\"}"
                .formatted(russiaOrg.value())).body());
        long task = withTask.path("tasks").get(0).path("id").asLong();
        assertThat(post(russiaDelegate, base + "/tasks/" + task + "/state", "{\"state\":\"done\"}").statusCode()).isEqualTo(200);
        assertThat(post(russiaDelegate, base + "/tasks/" + task + "/state", "{\"state\":\"open\"}").statusCode()).isEqualTo(409);
        JsonNode checked = json(post(indiaDelegate, base + "/protocol/1/check", "").body());
        assertThat(checked.path("protocol").get(0).path("checked_by").asString()).isEqualTo("in " + run);
        assertThat(post(indiaDelegate, base + "/protocol/1/check", "").statusCode()).isEqualTo(409);
        assertThat(json(post(indiaDelegate, base + "/state", "{\"state\":\"concluded\"}").body()).path("state").asString()).isEqualTo("concluded");

        JsonNode timeline = json(get(indiaDelegate, base + "/timeline").body()).path("events");
        List<String> actions = new ArrayList<>();
        timeline.forEach(e -> actions.add(e.path("action").asString()));
        assertThat(actions).containsExactly("created", "linked", "state", "task", "task-state", "checked", "state");
        assertThat(jdbc.queryForObject("select count(*) from audit_log where subject = ?", Long.class, "operation:" + id)).isEqualTo(7L);
    }

    @Test
    void meetingsExercisesAndPlansKeepToTheirAudiences() {
        long exercise = json(post(russiaDelegate, "/api/v1/coordination/exercises", """
                {"name": "Peace Mission %s", "scenario": "counter-terrorism in mountainous terrain", "starts": "2025-09-01", "ends": "2025-09-10",
                 "participants": [%d, %d]}""".formatted(run, russia.value(), china.value())).body()).path("id").asLong();
        assertThat(get(indiaDelegate, "/api/v1/coordination/exercises/" + exercise).statusCode()).isEqualTo(404);
        assertThat(put(chinaDelegate, "/api/v1/coordination/exercises/" + exercise + "/after-action-report",
                "{\"after_action_report\":\"Interoperability of command posts improved.\"}").statusCode()).isEqualTo(200);

        long meeting = json(post(chinaDelegate, "/api/v1/coordination/meetings", """
                {"title": "22nd meeting of defence ministers %s", "place": "Qingdao", "date": "2025-06-26",
                 "participants": [%d, %d, %d, %d], "agenda": ["Regional security", "Counter-terrorism"]}"""
                .formatted(run, china.value(), russia.value(), india.value(), mongolia.value())).body()).path("id").asLong();
        assertThat(json(get(mongoliaDelegate, "/api/v1/coordination/meetings/" + meeting).body()).path("agenda")).hasSize(2);
        HttpResponse<String> bad = post(chinaDelegate, "/api/v1/coordination/meetings", "{\"title\":\"x\",\"place\":\"y\",\"date\":\"26.06.2025\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad.body()).path("pointer").asString()).isEqualTo("/date");

        long plan = json(post(chinaDelegate, "/api/v1/coordination/plans", "{\"name\":\"Earthquake %s\",\"hazard\":\"natural disaster\"}".formatted(run))
                .body()).path("id").asLong();
        post(chinaDelegate, "/api/v1/coordination/plans/" + plan + "/resources", "{\"type\":\"field hospital\",\"quantity\":2,\"readiness_hours\":48}");
        post(russiaDelegate, "/api/v1/coordination/plans/" + plan + "/resources", "{\"type\":\"field hospital\",\"quantity\":1,\"readiness_hours\":24}");
        assertThat(post(mongoliaDelegate, "/api/v1/coordination/plans/" + plan + "/resources",
                "{\"type\":\"rescue team\",\"quantity\":1,\"readiness_hours\":12}").statusCode()).isEqualTo(403);
        JsonNode totals = json(get(mongoliaDelegate, "/api/v1/coordination/plans/" + plan).body()).path("totals");
        assertThat(totals).hasSize(1);
        assertThat(totals.get(0).path("quantity").asInt()).isEqualTo(3);
        assertThat(totals.get(0).path("fastest_readiness_hours").asInt()).isEqualTo(24);
        assertThat(totals.get(0).path("participants").asInt()).isEqualTo(2);
    }

    private String verify(Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int code = org.entente.cli.Cli.run(new String[]{"declaration", "verify", file.toString()});
            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(code).as(text).isEqualTo(text.startsWith("VALID") ? 0 : 1);
            return text;
        } finally {
            System.setOut(stdout);
        }
    }

    private HttpResponse<String> post(String token, String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> put(String token, String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }
}
