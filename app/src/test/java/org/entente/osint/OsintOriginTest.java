package org.entente.osint;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.TaskForceId;
import org.entente.community.Tier;
import org.entente.support.RunningNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

/**
 * An article derived from a STIX report (a page artifact added by TAXII) follows that origin report: narrowed, the
 * article and the report the module wrote for it narrow too; deleted, both go. KZ-CERT adds pages to a task force it
 * shares with RU MoD; each test has its own participants, so tests do not see each other's articles.
 */
class OsintOriginTest extends RunningNode {

    static final String TAXII = "application/taxii+json;version=2.1";

    @Autowired
    Community community;
    @Autowired
    JdbcTemplate jdbc;

    final String run = UUID.randomUUID().toString().substring(0, 8);
    TaskForceId taskForce;
    String kzPublisher, ruPublisher, ruReader;

    @BeforeEach
    void community() {
        // Observers: what other tests on this shared node share with all members stays out of their reach, so the
        // seeds are not near-duplicates of someone else's upload of them (a duplicate is no article of its own).
        ParticipantId kz = community.addParticipant("Kazakhstan " + run, Tier.OBSERVER);
        ParticipantId ru = community.addParticipant("Russia " + run, Tier.OBSERVER);
        OrganisationId kzCert = community.addOrganisation(kz, "KZ-CERT");
        OrganisationId ruMod = community.addOrganisation(ru, "RU MoD");
        taskForce = community.addTaskForce("SCO watch " + run, "OSINT on the SCO", Set.of(kz, ru));
        kzPublisher = token("kz-publisher " + run, kzCert, "publisher");
        ruPublisher = token("ru-publisher " + run, ruMod, "publisher");
        ruReader = token("ru-reader " + run, ruMod, "reader");
    }

    /** What a page added to the task force became: the origin report, the article and the article's own report. */
    record Derived(String origin, String article, String report, String url) {
    }

    @Test
    void narrowingTheOriginReportHidesTheArticleAndItsReportFromTheTaskForce() {
        // RU's own source says the SCO has eight members; KZ's page (004) says ten: RU sees that conflict.
        HttpResponse<String> ru003 = upload(ruPublisher, OsintApiTest.seed(OsintApiTest.SEEDS.get(3)), "source=ru-003-" + run);
        assertThat(ru003.statusCode()).as(ru003.body()).isEqualTo(201);
        Derived kz = addPage(kzPublisher, "kz-004-" + run, OsintApiTest.SEEDS.get(4));
        String event = json(get(ruReader, "/api/v1/osint/articles/" + kz.article()).body()).path("event").asString();
        assertThat(get(ruReader, "/api/v1/objects/" + kz.report()).statusCode()).isEqualTo(200);
        assertThat(taxiiObject(ruReader, kz.report()).statusCode()).isEqualTo(200);
        assertThat(get(ruReader, "/api/v1/osint/conflicts?event=" + event).body()).contains(kz.url());

        share(kzPublisher, kz.origin(), "{\"tlp\":\"amber\",\"audience\":{\"kind\":\"own-organisation\"}}");
        // In the background: the article's label first (its full text), then its report's, through the store.
        await(() -> get(ruReader, "/api/v1/osint/articles/" + kz.article()).statusCode() == 404
                && get(ruReader, "/api/v1/objects/" + kz.report()).statusCode() == 404);

        // Everything derived from the page is gone for RU, on every path.
        assertThat(get(ruReader, "/api/v1/objects/" + kz.report()).statusCode()).isEqualTo(404);
        assertThat(taxiiObject(ruReader, kz.report()).statusCode()).isEqualTo(404);
        assertThat(get(ruReader, "/api/v1/osint/articles").body()).doesNotContain(kz.article());
        assertThat(get(ruReader, "/api/v1/osint/conflicts").body()).doesNotContain(kz.url());
        assertThat(get(ruReader, "/api/v1/osint/events/" + event).body()).doesNotContain(kz.article()).doesNotContain(kz.url());
        // The owner still reads both, under the origin's new label.
        JsonNode own = json(get(kzPublisher, "/api/v1/osint/articles/" + kz.article()).body());
        assertThat(own.path("text").asString()).contains("Qingdao");
        assertThat(get(kzPublisher, "/api/v1/objects/" + kz.report()).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select audience from osint_article where id = ?", String.class, UUID.fromString(kz.article())))
                .isEqualTo("own-organisation");
        assertThat(jdbc.queryForObject("select string_agg(distinct audience, ',') from stix_object where id = ?", String.class, kz.report()))
                .isEqualTo("own-organisation");
    }

    @Test
    void deletingTheOriginReportDeletesTheArticleAndItsReportForEveryone() {
        HttpResponse<String> ru003 = upload(ruPublisher, OsintApiTest.seed(OsintApiTest.SEEDS.get(3)), "source=ru-003-" + run);
        assertThat(ru003.statusCode()).as(ru003.body()).isEqualTo(201);
        Derived kz = addPage(kzPublisher, "kz-004-" + run, OsintApiTest.SEEDS.get(4));
        String event = json(get(ruReader, "/api/v1/osint/articles/" + kz.article()).body()).path("event").asString();
        assertThat(get(ruReader, "/api/v1/osint/conflicts?event=" + event).body()).contains(kz.url());

        HttpResponse<String> deleted = send(HttpRequest.newBuilder(uri("/taxii2/api/collections/" + collection(kzPublisher, "Inbox")
                        + "/objects/" + kz.origin() + "/")).header("Authorization", "Bearer " + kzPublisher).header("Accept", TAXII).DELETE());
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        await(() -> get(kzPublisher, "/api/v1/osint/articles/" + kz.article()).statusCode() == 404);

        for (String reader : new String[]{kzPublisher, ruReader}) {
            assertThat(get(reader, "/api/v1/osint/articles/" + kz.article()).statusCode()).isEqualTo(404);
            assertThat(get(reader, "/api/v1/objects/" + kz.report()).statusCode()).isEqualTo(404);
            assertThat(get(reader, "/api/v1/osint/conflicts").body()).doesNotContain(kz.url());
        }
        assertThat(jdbc.queryForObject("select count(*) from stix_object where id = ?", Long.class, kz.report())).isZero();
        // The event's conflicts were found again without the article: none of them links a claim of it.
        assertThat(jdbc.queryForObject("select count(*) from osint_article where id = ?", Long.class, UUID.fromString(kz.article()))).isZero();
        assertThat(jdbc.queryForObject("select count(*) from osint_conflict c join osint_conflict_claim cc on cc.conflict_id = c.id"
                + " left join osint_claim cl on cl.id = cc.claim_id where c.event_id = ? and cl.id is null", Long.class, UUID.fromString(event)))
                .isZero();
        assertThat(get(ruReader, "/api/v1/osint/events/" + event).body()).doesNotContain(kz.url());
        // RU's own article is untouched.
        assertThat(get(ruReader, "/api/v1/osint/articles/" + json(ru003.body()).path("article").asString()).statusCode()).isEqualTo(200);
    }

    @Test
    void relabellingAnUnrelatedReportOrAnotherOwnersVersionOfTheOriginLeavesTheArticleAlone() {
        Derived kz = addPage(kzPublisher, "kz-004-" + run, OsintApiTest.SEEDS.get(4));

        // KZ narrows another report of its own, shared with the same task force.
        String unrelated = "report--" + UUID.randomUUID();
        importBundle(kzPublisher, "tlp=amber&audience=task-force&task_force=" + taskForce.value(), """
                {"type": "bundle", "id": "bundle--%s", "objects": [{"type": "report", "spec_version": "2.1", "id": "%s",
                 "created": "2025-06-27T08:00:00.000Z", "modified": "2025-06-27T08:00:00.000Z", "name": "Unrelated %s",
                 "published": "2025-06-27T08:00:00.000Z", "object_refs": ["identity--%s"]}]}"""
                .formatted(UUID.randomUUID(), unrelated, run, UUID.randomUUID()));
        share(kzPublisher, unrelated, "{\"tlp\":\"amber\",\"audience\":{\"kind\":\"own-organisation\"}}");
        // RU stores a later version of the origin's id under its own organisation and relabels its version: another
        // owner's version of the same report is not what the article came from.
        importBundle(ruPublisher, "tlp=amber&audience=own-organisation", """
                {"type": "bundle", "id": "bundle--%s", "objects": [{"type": "report", "spec_version": "2.1", "id": "%s",
                 "created": "2025-06-27T08:00:00.000Z", "modified": "2025-06-28T08:00:00.000Z", "name": "RU's copy %s",
                 "published": "2025-06-27T08:00:00.000Z", "object_refs": ["identity--%s"]}]}"""
                .formatted(UUID.randomUUID(), kz.origin(), run, UUID.randomUUID()));
        share(ruPublisher, kz.origin(), "{\"tlp\":\"green\",\"audience\":{\"kind\":\"own-participant\"}}");

        // The worker is one thread in order: once a page added after those relabels is an article, they were handled.
        Derived later = addPage(kzPublisher, "kz-002-" + run, OsintApiTest.SEEDS.get(2));
        assertThat(later.article()).isNotEqualTo(kz.article());
        assertThat(get(ruReader, "/api/v1/osint/articles/" + kz.article()).statusCode()).isEqualTo(200);
        assertThat(get(ruReader, "/api/v1/objects/" + kz.report()).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select audience || '/' || tlp from osint_article where id = ?", String.class,
                UUID.fromString(kz.article()))).isEqualTo("task-force/2");

        // The version it came from, deleted by its owner, takes it along (RU's version of the id stays).
        HttpResponse<String> deleted = send(HttpRequest.newBuilder(uri("/taxii2/api/collections/" + collection(kzPublisher, "Inbox")
                + "/objects/" + kz.origin() + "/")).header("Authorization", "Bearer " + kzPublisher).header("Accept", TAXII).DELETE());
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        await(() -> get(ruReader, "/api/v1/osint/articles/" + kz.article()).statusCode() == 404);
        assertThat(get(ruReader, "/api/v1/objects/" + kz.report()).statusCode()).isEqualTo(404);
        assertThat(get(ruPublisher, "/api/v1/objects/" + kz.origin()).statusCode()).isEqualTo(200);
        assertThat(get(ruReader, "/api/v1/osint/articles/" + later.article()).statusCode()).isEqualTo(200);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    /** A report with a page (an artifact with the seed's text) added by TAXII to the task force; waits for its article. */
    private Derived addPage(String token, String name, String seed) {
        String report = "report--" + UUID.randomUUID();
        String artifact = "artifact--" + UUID.randomUUID();
        String url = "https://news.example/" + name;
        String envelope = """
                {"objects": [
                  {"type": "artifact", "spec_version": "2.1", "id": "%s", "mime_type": "text/plain", "payload_bin": "%s"},
                  {"type": "report", "spec_version": "2.1", "id": "%s", "created": "2025-06-27T08:00:00.000Z",
                   "modified": "2025-06-27T08:00:00.000Z", "name": "%s", "published": "2025-06-27T08:00:00.000Z",
                   "external_references": [{"source_name": "wire", "url": "%s"}], "object_refs": ["%s"]}]}"""
                .formatted(artifact, Base64.getEncoder().encodeToString(OsintApiTest.seed(seed)), report, name, url, artifact);
        HttpResponse<String> added = send(HttpRequest.newBuilder(uri("/taxii2/api/collections/"
                        + collection(token, "Task force: SCO watch " + run) + "/objects/"))
                .header("Authorization", "Bearer " + token).header("Accept", TAXII).header("Content-Type", TAXII)
                .POST(HttpRequest.BodyPublishers.ofString(envelope)));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(202);
        await(() -> get(ruReader, "/api/v1/osint/articles").body().contains(url));
        JsonNode listed = null;
        for (JsonNode a : json(get(ruReader, "/api/v1/osint/articles").body()).path("articles")) {
            if (url.equals(a.path("url").asString(""))) {
                listed = a;
            }
        }
        assertThat(listed).isNotNull();
        JsonNode article = json(get(ruReader, "/api/v1/osint/articles/" + listed.path("id").asString()).body());
        assertThat(article.path("origin_report").asString()).isEqualTo(report);
        return new Derived(report, listed.path("id").asString(), article.path("report").asString(), url);
    }

    private void importBundle(String token, String query, String bundle) {
        HttpResponse<String> imported = send(HttpRequest.newBuilder(uri("/api/v1/objects?" + query))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/stix+json")
                .POST(HttpRequest.BodyPublishers.ofString(bundle)));
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        assertThat(json(imported.body()).path("stored").asInt()).as(imported.body()).isEqualTo(1);
    }

    private void share(String token, String id, String label) {
        HttpResponse<String> shared = send(HttpRequest.newBuilder(uri("/api/v1/objects/" + id + "/sharing"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(label)));
        assertThat(shared.statusCode()).as(shared.body()).isEqualTo(200);
    }

    private String collection(String token, String title) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/taxii2/api/collections/"))
                .header("Authorization", "Bearer " + token).header("Accept", TAXII).GET());
        for (JsonNode c : json(r.body()).path("collections")) {
            if (c.path("title").asString().equals(title)) {
                return c.path("id").asString();
            }
        }
        throw new AssertionError("no collection '" + title + "' in " + r.body());
    }

    private HttpResponse<String> taxiiObject(String token, String id) {
        return send(HttpRequest.newBuilder(uri("/taxii2/api/collections/" + collection(token, "Everything you may see") + "/objects/" + id + "/"))
                .header("Authorization", "Bearer " + token).header("Accept", TAXII).GET());
    }

    private HttpResponse<String> upload(String token, byte[] body, String query) {
        return send(HttpRequest.newBuilder(uri("/api/v1/osint/articles?" + query))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }
}
