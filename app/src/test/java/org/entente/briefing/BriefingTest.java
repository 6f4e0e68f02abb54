package org.entente.briefing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.TaskForceId;
import org.entente.community.Ids.UserId;
import org.entente.community.Tier;
import org.entente.intel.StixStore;
import org.entente.stix.StixId;
import org.entente.support.RunningNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

/**
 * A briefing holds exactly the intelligence new in its task force's scope and visible to all its
 * members: checked on the report's object_refs, the HTML and the PDF text.
 */
class BriefingTest extends RunningNode {

    @Autowired
    Community community;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    StixStore store;

    final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aBriefingHoldsExactlyWhatIsNewInScopeAndVisibleToAllMembers() throws Exception {
        ParticipantId kz = community.addParticipant("Kazakhstan " + run, Tier.MEMBER);
        ParticipantId ru = community.addParticipant("Russia " + run, Tier.MEMBER);
        ParticipantId mn = community.addParticipant("Mongolia " + run, Tier.OBSERVER);
        ParticipantId in = community.addParticipant("India " + run, Tier.MEMBER);
        OrganisationId kzCert = community.addOrganisation(kz, "KZ-CERT");
        community.addOrganisation(kz, "KZ Border Service");
        OrganisationId ruMod = community.addOrganisation(ru, "RU MoD");
        OrganisationId mnInt = community.addOrganisation(mn, "MN Intelligence");
        OrganisationId inCert = community.addOrganisation(in, "CERT-In");
        long ct = community.addTaskForce("Counter-terrorism " + run, "CT", Set.of(kz, ru, mn)).value();
        long other = community.addTaskForce("Cyber " + run, "cyber", Set.of(kz, in)).value();
        String kzPub = token("kz " + run, kzCert, "publisher");
        String ruPub = token("ru " + run, ruMod, "publisher");
        String mnReader = token("mn " + run, mnInt, "reader");
        String inPub = token("in " + run, inCert, "publisher");
        String tf = "audience=task-force&task_force=" + ct;

        // Before the first briefing: covered by it, never again.
        String old = share(kzPub, "tlp=green&" + tf, indicator("Old border-post beacon"));
        String base = "/api/v1/task-forces/" + ct + "/briefings";
        HttpResponse<String> first = generate(kzPub, base);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(refs(kzPub, json(first.body()).path("id").asLong())).contains(old);

        // Included: new, in scope, visible to every organisation of every member.
        String toTaskForce = share(kzPub, "tlp=green&" + tf, indicator("Qingdao C2 beacon"));
        String communityWide = share(ruPub, "tlp=green&audience=whole-community", object("threat-actor", "Steppe Jackal",
                "\"threat_actor_types\":[\"terrorist\"]"));
        String membersObservers = share(kzPub, "tlp=amber&audience=members-and-observers", object("attack-pattern",
                "Border drone reconnaissance", null));
        String sighting = share(ruPub, "tlp=green&" + tf, """
                {"type":"sighting","spec_version":"2.1","id":"sighting--%s","created":"2025-06-26T09:00:00.000Z",
                 "modified":"2025-06-26T09:00:00.000Z","sighting_of_ref":"%s","count":3}""".formatted(UUID.randomUUID(), toTaskForce));
        // Excluded: visible to only some members, outside the scope, revoked, deleted.
        share(kzPub, "tlp=green&audience=own-organisation", object("malware", "Own-organisation dropper", "\"is_family\":false"));
        share(kzPub, "tlp=green&audience=own-participant", object("malware", "Kazakh-only loader", "\"is_family\":false"));
        share(kzPub, "tlp=amber&audience=named&participants=" + ru.value(), object("campaign", "Named-subset campaign", null));
        share(kzPub, "tlp=amber%2Bstrict&" + tf, object("campaign", "Strict campaign above observer ceiling", null));
        share(kzPub, "tlp=green&audience=all-members", object("campaign", "Members-only campaign", null));
        share(inPub, "tlp=green&audience=whole-community", object("threat-actor", "Outside-scope actor", "\"threat_actor_types\":[\"crime-syndicate\"]"));
        share(kzPub, "tlp=green&audience=task-force&task_force=" + other, object("campaign", "Other task force campaign", null));
        String revokedId = "indicator--" + UUID.randomUUID();
        share(kzPub, "tlp=green&" + tf, indicator(revokedId, "Revoked beacon", "2025-06-26T10:00:00.000Z", false));
        share(kzPub, "tlp=green&" + tf, indicator(revokedId, "Revoked beacon", "2025-06-26T11:00:00.000Z", true));
        String deleted = share(kzPub, "tlp=green&" + tf, indicator("Deleted beacon"));
        UserId kzUser = new UserId(jdbc.queryForObject("select id from app_user where username = ?", Long.class, "kz " + run));
        assertThat(store.delete(community.caller(kzUser).orElseThrow(), StixId.parse(deleted), Set.of())).isEqualTo(1);

        HttpResponse<String> second = generate(ruPub, base);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        long id = json(second.body()).path("id").asLong();
        assertThat(refs(mnReader, id)).containsExactlyInAnyOrder(toTaskForce, communityWide, membersObservers, sighting);
        assertThat(json(second.body()).path("object_count").asInt()).isEqualTo(4);

        List<String> included = List.of("Qingdao C2 beacon", "Steppe Jackal", "Border drone reconnaissance");
        List<String> excluded = List.of("Old border-post beacon", "Own-organisation dropper", "Kazakh-only loader",
                "Named-subset campaign", "Strict campaign above observer ceiling", "Members-only campaign",
                "Outside-scope actor", "Other task force campaign", "Revoked beacon", "Deleted beacon");
        HttpResponse<String> html = send(HttpRequest.newBuilder(uri(base + "/" + id)).header("Authorization", "Bearer " + mnReader)
                .header("Accept", "text/html").GET());
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(html.headers().allValues("Content-Security-Policy")).anySatisfy(csp ->
                assertThat(csp).contains("style-src 'sha256-").doesNotContain("unsafe-inline"));
        assertThat(html.body()).contains(included).contains("[ipv4-addr:value = ").doesNotContain("<script")
                .doesNotContain("http://").doesNotContain("https://");
        excluded.forEach(name -> assertThat(html.body()).doesNotContain(name));

        HttpResponse<byte[]> pdf = http.send(HttpRequest.newBuilder(uri(base + "/" + id)).header("Authorization", "Bearer " + kzPub)
                .header("Accept", "application/pdf").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(new String(pdf.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("%PDF");
        String text;
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
        }
        assertThat(text).contains(included);
        excluded.forEach(name -> assertThat(text).doesNotContain(name));

        // Non-members: 404, like a task force that does not exist.
        assertThat(get(inPub, base).statusCode()).isEqualTo(404);
        assertThat(get(inPub, base + "/" + id).statusCode()).isEqualTo(404);
        assertThat(generate(inPub, base).statusCode()).isEqualTo(404);
        assertThat(get(kzPub, "/api/v1/task-forces/999999/briefings").statusCode()).isEqualTo(404);

        // Nothing new right after: no briefing is produced.
        assertThat(generate(kzPub, base).statusCode()).isEqualTo(204);
        assertThat(json(get(mnReader, base).body()).path("count").asInt()).isEqualTo(2);

        assertThat(jdbc.queryForObject("select count(*) from audit_log where action = 'BRIEFING' and subject = ?", Long.class,
                "briefing:" + id)).isEqualTo(1L);
    }

    @Test
    void aDueScheduleRunsExactlyOnceEvenWhenPolledConcurrently() throws Exception {
        ParticipantId kz = community.addParticipant("Kazakhstan s" + run, Tier.MEMBER);
        OrganisationId kzCert = community.addOrganisation(kz, "KZ-CERT");
        long ct = community.addTaskForce("Scheduled " + run, "CT", Set.of(kz)).value();
        String kzPub = token("kz-s " + run, kzCert, "publisher");
        String base = "/api/v1/task-forces/" + ct + "/briefings";
        share(kzPub, "tlp=green&audience=task-force&task_force=" + ct, indicator("Scheduled beacon"));
        HttpResponse<String> set = send(HttpRequest.newBuilder(uri(base + "/schedule")).header("Authorization", "Bearer " + kzPub)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"every\":\"P7D\",\"first\":\"2020-01-01T00:00:00Z\"}")));
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var runs = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(briefings::runDue));
            }
            for (var f : runs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(jdbc.queryForObject("select count(*) from briefing where task_force_id = ? and trigger = 'schedule'",
                Long.class, ct)).isEqualTo(1L);
        JsonNode schedule = json(get(kzPub, base + "/schedule").body());
        assertThat(java.time.Instant.parse(schedule.path("next_due").asString())).isAfter(java.time.Instant.now());
        assertThat(json(get(kzPub, base).body()).path("briefings").get(0).path("trigger").asString()).isEqualTo("schedule");
    }

    @Autowired
    Briefings briefings;

    private Set<String> refs(String token, long id) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/task-forces/" + taskForceOf(id) + "/briefings/" + id))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode report = json(r.body());
        assertThat(report.path("type").asString()).isEqualTo("report");
        Set<String> out = new HashSet<>();
        report.path("object_refs").forEach(n -> out.add(n.asString()));
        return out;
    }

    private long taskForceOf(long briefing) {
        return jdbc.queryForObject("select task_force_id from briefing where id = ?", Long.class, briefing);
    }

    private String share(String token, String query, String object) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/objects?" + query))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/stix+json")
                .POST(HttpRequest.BodyPublishers.ofString(object, StandardCharsets.UTF_8)));
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 202);
        assertThat(json(r.body()).path("stored").asInt()).as(r.body()).isEqualTo(1);
        return json(object).path("id").asString();
    }

    private static String indicator(String name) {
        return indicator("indicator--" + UUID.randomUUID(), name, "2025-06-26T10:00:00.000Z", false);
    }

    private static String indicator(String id, String name, String modified, boolean revoked) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"%s","created":"2025-06-26T10:00:00.000Z","modified":"%s",
                 "name":"%s","pattern":"[ipv4-addr:value = '198.51.100.%d']","pattern_type":"stix","valid_from":"2025-06-26T10:00:00Z",
                 "revoked":%s}""".formatted(id, modified, name, (int) (Math.random() * 200) + 1, revoked);
    }

    private static String object(String type, String name, String extra) {
        return """
                {"type":"%s","spec_version":"2.1","id":"%s--%s","created":"2025-06-26T10:00:00.000Z",
                 "modified":"2025-06-26T10:00:00.000Z","name":"%s","description":"About %s."%s}"""
                .formatted(type, type, UUID.randomUUID(), name, name, extra == null ? "" : "," + extra);
    }

    private HttpResponse<String> generate(String token, String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }
}
