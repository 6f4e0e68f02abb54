package org.entente.briefing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Tier;
import org.entente.support.RunningNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

/**
 * Hostile cases of the security review: what a reader may not read leaks neither by id nor by count;
 * scheduled runs act with the current rights of whoever set the schedule; bad input is a 400 with a
 * pointer; not found is 404 whatever the Accept header.
 */
class BriefingSecurityTest extends RunningNode {

    @Autowired
    Community community;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Briefings briefings;

    final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aLaterMemberSeesNeitherIdsNorCountsOfWhatItCannotRead() {
        ParticipantId kz = community.addParticipant("KZ l" + run, Tier.MEMBER);
        ParticipantId ru = community.addParticipant("RU l" + run, Tier.MEMBER);
        ParticipantId mn = community.addParticipant("MN l" + run, Tier.OBSERVER);
        OrganisationId kzCert = community.addOrganisation(kz, "KZ-CERT");
        OrganisationId ruMod = community.addOrganisation(ru, "RU MoD");
        OrganisationId mnInt = community.addOrganisation(mn, "MN Int");
        long tf = community.addTaskForce("Later " + run, "CT", Set.of(kz)).value();
        long strictTf = community.addTaskForce("Strict " + run, "CT", Set.of(kz)).value();
        String kzPub = token("kz l" + run, kzCert, "publisher");
        String ruReader = token("ru l" + run, ruMod, "reader");
        String mnReader = token("mn l" + run, mnInt, "reader");

        // Visible to every member at compile time (kz only), not to RU joining later.
        String ownParticipant = share(kzPub, "tlp=green&audience=own-participant", object("campaign", "Kazakh-only " + run));
        String toTaskForce = share(kzPub, "tlp=green&audience=task-force&task_force=" + tf, object("campaign", "Shared " + run));
        String base = "/api/v1/task-forces/" + tf + "/briefings";
        HttpResponse<String> made = generate(kzPub, base);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        long id = json(made.body()).path("id").asLong();
        assertThat(refs(kzPub, base + "/" + id)).containsExactlyInAnyOrder(ownParticipant, toTaskForce);

        addMember(tf, ru);
        assertThat(refs(ruReader, base + "/" + id)).containsExactly(toTaskForce);
        JsonNode report = json(get(ruReader, base + "/" + id, "application/json").body());
        assertThat(report.toString()).doesNotContain(ownParticipant).doesNotContain("2 campaign");
        JsonNode listed = json(get(ruReader, base, "application/json").body()).path("briefings").get(0);
        assertThat(listed.path("object_count").asInt()).isEqualTo(1);
        assertThat(listed.path("counts").path("campaign").asInt()).isEqualTo(1);
        // The owner still sees the report as compiled.
        JsonNode own = json(get(kzPub, base, "application/json").body()).path("briefings").get(0);
        assertThat(own.path("object_count").asInt()).isEqualTo(2);

        // A report above the later member's ceiling: not listed (no id, no count), 404 in every format.
        share(kzPub, "tlp=amber%2Bstrict&audience=task-force&task_force=" + strictTf, object("campaign", "Strict " + run));
        String strictBase = "/api/v1/task-forces/" + strictTf + "/briefings";
        HttpResponse<String> strict = generate(kzPub, strictBase);
        assertThat(strict.statusCode()).as(strict.body()).isEqualTo(201);
        long strictId = json(strict.body()).path("id").asLong();
        String strictReport = json(strict.body()).path("report_id").asString();
        addMember(strictTf, mn);
        HttpResponse<String> list = get(mnReader, strictBase, "application/json");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json(list.body()).path("count").asInt()).isZero();
        assertThat(list.body()).doesNotContain(strictReport);
        for (String accept : new String[] {"application/json", "text/html", "application/pdf"}) {
            HttpResponse<String> r = get(mnReader, strictBase + "/" + strictId, accept);
            assertThat(r.statusCode()).as(accept).isEqualTo(404);
            assertThat(r.body()).doesNotContain(strictReport);
        }
    }

    @Test
    void notFoundIs404WhateverTheAcceptHeader() {
        ParticipantId kz = community.addParticipant("KZ n" + run, Tier.MEMBER);
        ParticipantId in = community.addParticipant("IN n" + run, Tier.MEMBER);
        OrganisationId kzCert = community.addOrganisation(kz, "KZ-CERT");
        OrganisationId inCert = community.addOrganisation(in, "CERT-In");
        long tf = community.addTaskForce("NotFound " + run, "CT", Set.of(kz)).value();
        String kzPub = token("kz n" + run, kzCert, "publisher");
        String inPub = token("in n" + run, inCert, "publisher");
        share(kzPub, "tlp=green&audience=task-force&task_force=" + tf, object("campaign", "Found " + run));
        String base = "/api/v1/task-forces/" + tf + "/briefings";
        long id = json(generate(kzPub, base).body()).path("id").asLong();
        for (String accept : new String[] {"application/pdf", "text/html", "application/json", "*/*"}) {
            HttpResponse<String> outsider = get(inPub, base + "/" + id, accept);
            assertThat(outsider.statusCode()).as(accept).isEqualTo(404);
            assertThat(outsider.headers().firstValue("Content-Type").orElse("")).as(accept).startsWith("application/problem+json");
            HttpResponse<String> missing = get(kzPub, base + "/" + (id + 1_000_000), accept);
            assertThat(missing.statusCode()).as(accept).isEqualTo(404);
            assertThat(get(kzPub, "/api/v1/task-forces/999999999/briefings/" + id, accept).statusCode()).as(accept).isEqualTo(404);
        }
    }

    @Test
    void badScheduleInputIs400NamingTheField() {
        ParticipantId kz = community.addParticipant("KZ b" + run, Tier.MEMBER);
        OrganisationId kzCert = community.addOrganisation(kz, "KZ-CERT");
        long tf = community.addTaskForce("Bad " + run, "CT", Set.of(kz)).value();
        String kzPub = token("kz b" + run, kzCert, "publisher");
        String path = "/api/v1/task-forces/" + tf + "/briefings/schedule";
        String[][] cases = {
                {"{\"every\":", ""},
                {"not json at all", ""},
                {"[1,2]", ""},
                {"", ""},
                {"{}", "/every"},
                {"{\"every\":7}", "/every"},
                {"{\"every\":\"soon\"}", "/every"},
                {"{\"every\":\"PT1M\"}", "/every"},
                {"{\"every\":\"PT59M\"}", "/every"},
                {"{\"every\":\"P367D\"}", "/every"},
                {"{\"every\":\"-P7D\"}", "/every"},
                {"{\"every\":\"PT9223372036854775807S\"}", "/every"},
                {"{\"every\":\"P99999999999999D\"}", "/every"},
                {"{\"every\":\"P7D\",\"first\":\"yesterday\"}", "/first"},
                {"{\"every\":\"P7D\",\"first\":42}", "/first"},
                {"{\"every\":\"P7D\",\"first\":\"+1000000000-01-01T00:00:00Z\"}", "/first"},
                {"{\"every\":\"P7D\",\"first\":\"-1000000000-01-01T00:00:00Z\"}", "/first"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = put(kzPub, path, c[0]);
            assertThat(r.statusCode()).as(c[0] + " -> " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(json(r.body()).path("pointer").asString(null)).as(c[0]).isEqualTo(c[1]);
        }
        assertThat(jdbc.queryForObject("select count(*) from briefing_schedule where task_force_id = ?", Long.class, tf)).isZero();
        assertThat(put(kzPub, path, "{\"every\":\"PT1H\"}").statusCode()).isEqualTo(200);
        assertThat(put(kzPub, path, "{\"every\":\"P366D\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void aScheduledRunActsAsItsSetterWithCurrentRightsOrIsSkipped() {
        ParticipantId kz = community.addParticipant("KZ s" + run, Tier.MEMBER);
        ParticipantId ru = community.addParticipant("RU s" + run, Tier.MEMBER);
        OrganisationId kzCert = community.addOrganisation(kz, "KZ-CERT");
        OrganisationId ruMod = community.addOrganisation(ru, "RU MoD");
        long ok = community.addTaskForce("Sched ok " + run, "CT", Set.of(kz)).value();
        long demoted = community.addTaskForce("Sched demoted " + run, "CT", Set.of(ru)).value();
        long gone = community.addTaskForce("Sched gone " + run, "CT", Set.of(kz, ru)).value();
        long left = community.addTaskForce("Sched left " + run, "CT", Set.of(kz, ru)).value();
        String kzUser = "kz s" + run;
        String kzPub = token(kzUser, kzCert, "publisher");
        String ruUser = "ru s" + run;
        String ruPub = token(ruUser, ruMod, "publisher");
        String ruGoneUser = "ru-gone s" + run;
        String ruGone = token(ruGoneUser, ruMod, "publisher");
        for (long tf : new long[] {ok, demoted, gone, left}) {
            share(tf == demoted ? ruPub : kzPub, "tlp=green&audience=task-force&task_force=" + tf, object("campaign", "S" + tf + " " + run));
        }
        String first = "{\"every\":\"P7D\",\"first\":\"2020-01-01T00:00:00Z\"}";
        assertThat(put(kzPub, "/api/v1/task-forces/" + ok + "/briefings/schedule", first).statusCode()).isEqualTo(200);
        assertThat(put(ruPub, "/api/v1/task-forces/" + demoted + "/briefings/schedule", first).statusCode()).isEqualTo(200);
        assertThat(put(ruGone, "/api/v1/task-forces/" + gone + "/briefings/schedule", first).statusCode()).isEqualTo(200);
        assertThat(put(ruPub, "/api/v1/task-forces/" + left + "/briefings/schedule", first).statusCode()).isEqualTo(200);

        // After setting: the setter loses intel.publish, ceases to exist, or its participant leaves.
        jdbc.update("update app_user set roles = '{reader}' where username = ?", ruUser);
        jdbc.update("update app_user set username = ? where username = ?", "renamed " + run, ruGoneUser);
        community.usersChanged();
        community.removeTaskForceMember(new org.entente.community.Ids.TaskForceId(left), ru);

        briefings.runDue();

        assertThat(jdbc.queryForList("select created_by from briefing where task_force_id = ? and trigger = 'schedule'",
                String.class, ok)).containsExactly(kzUser);
        for (long tf : new long[] {demoted, gone, left}) {
            assertThat(jdbc.queryForObject("select count(*) from briefing where task_force_id = ?", Long.class, tf)).as("tf " + tf).isZero();
            assertThat(jdbc.queryForObject("""
                    select count(*) from audit_log where action = 'BRIEFING' and subject = ? and details::text like '%schedule-skipped%'""",
                    Long.class, "briefing-schedule:" + tf)).as("tf " + tf).isEqualTo(1L);
            assertThat(jdbc.queryForObject("select next_due > now() from briefing_schedule where task_force_id = ?", Boolean.class, tf)).isTrue();
        }
        assertThat(jdbc.queryForList("select details::text from audit_log where action = 'BRIEFING' and subject = ?",
                String.class, "briefing-schedule:" + demoted)).anySatisfy(d -> assertThat(d).contains("intel.publish"));
    }

    private void addMember(long taskForce, ParticipantId participant) {
        jdbc.update("insert into task_force_member (task_force_id, participant_id) values (?, ?)", taskForce, participant.value());
        community.usersChanged();
    }

    private Set<String> refs(String token, String path) {
        HttpResponse<String> r = get(token, path, "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Set<String> out = new HashSet<>();
        json(r.body()).path("object_refs").forEach(n -> out.add(n.asString()));
        return out;
    }

    private String share(String token, String query, String object) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/objects?" + query))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/stix+json")
                .POST(HttpRequest.BodyPublishers.ofString(object, StandardCharsets.UTF_8)));
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 202);
        assertThat(json(r.body()).path("stored").asInt()).as(r.body()).isEqualTo(1);
        return json(object).path("id").asString();
    }

    private static String object(String type, String name) {
        return """
                {"type":"%s","spec_version":"2.1","id":"%s--%s","created":"2025-06-26T10:00:00.000Z",
                 "modified":"2025-06-26T10:00:00.000Z","name":"%s"}""".formatted(type, type, UUID.randomUUID(), name);
    }

    private HttpResponse<String> get(String token, String path, String accept) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).header("Accept", accept).GET());
    }

    private HttpResponse<String> generate(String token, String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private HttpResponse<String> put(String token, String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
    }
}
