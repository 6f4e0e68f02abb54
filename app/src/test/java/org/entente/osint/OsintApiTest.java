package org.entente.osint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Tier;
import org.entente.support.RunningNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

/**
 * OSINT ingestion through the API of a real node, on the five seed reports of the Qingdao meeting. Each test works
 * as its own organisations (audience: own organisation unless said), so tests do not see each other's articles.
 */
class OsintApiTest extends RunningNode {

    static final List<String> SEEDS = List.of("000_6bb249f4ef3806ba.txt", "001_72c4cfb1b406ca7b.txt",
            "002_58e279f617d491ad.txt", "003_4f7df24f99d9ba2e.txt", "004_327e5a02c9f6880b.txt");

    @Autowired
    Community community;
    @Autowired
    JdbcTemplate jdbc;

    final String run = UUID.randomUUID().toString().substring(0, 8);
    ParticipantId china, russia;
    OrganisationId chinaOrg, russiaOrg;
    String chinaAnalyst, chinaPublisher, russiaAnalyst, russiaReader;

    @BeforeEach
    void community() {
        china = community.addParticipant("China " + run, Tier.MEMBER);
        russia = community.addParticipant("Russia " + run, Tier.MEMBER);
        chinaOrg = community.addOrganisation(china, "CN MoD OSINT");
        russiaOrg = community.addOrganisation(russia, "RU MoD OSINT");
        chinaAnalyst = token("cn-analyst " + run, chinaOrg, "analyst");
        chinaPublisher = token("cn-publisher " + run, chinaOrg, "publisher");
        russiaAnalyst = token("ru-analyst " + run, russiaOrg, "analyst");
        russiaReader = token("ru-reader " + run, russiaOrg, "reader");
    }

    static byte[] seed(String name) {
        try (InputStream in = OsintApiTest.class.getResourceAsStream("seeds/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theSeedsThroughTheApiAreOneEventWithOneDuplicateTheMemberCountConflictAndLinkedEntities() {
        List<JsonNode> answers = new ArrayList<>();
        for (String name : SEEDS) {
            HttpResponse<String> r = upload(chinaAnalyst, seed(name), "text/plain; charset=utf-8", "source=" + name);
            answers.add(json(r.body()));
            assertThat(r.statusCode()).as(name + ": " + r.body()).isEqualTo(name.startsWith("001") ? 200 : 201);
        }
        // 000 and 001: one article scraped twice. No other pair is a duplicate (all others were 201).
        String original = answers.get(0).path("article").asString();
        assertThat(answers.get(1).path("duplicate_of").asString()).isEqualTo(original);
        assertThat(answers.get(1).path("containment").asDouble()).isGreaterThan(0.7);
        // All five: one event.
        String event = answers.get(0).path("event").asString();
        for (int i : new int[]{2, 3, 4}) {
            assertThat(answers.get(i).path("event").asString()).as(SEEDS.get(i)).isEqualTo(event);
        }
        JsonNode eventView = json(get(chinaAnalyst, "/api/v1/osint/events/" + event).body());
        assertThat(eventView.path("articles").asInt()).isEqualTo(4);
        JsonNode duplicate = json(get(chinaAnalyst, "/api/v1/osint/articles/" + answers.get(1).path("article").asString()).body());
        assertThat(duplicate.path("duplicate_of").asString()).isEqualTo(original);
        assertThat(duplicate.path("event").asString()).isEqualTo(event);
        assertThat(json(get(chinaAnalyst, "/api/v1/osint/articles/" + original).body()).path("copies").path(0).path("source").asString())
                .isEqualTo(SEEDS.get(1));

        // The member-count conflict, with its sources; and 002's list of ten introduced as "eight members".
        JsonNode conflicts = json(get(chinaAnalyst, "/api/v1/osint/conflicts?event=" + event).body()).path("conflicts");
        JsonNode members = find(conflicts, c -> c.path("predicate").asString().equals("member-count") && !c.path("internal").asBoolean());
        assertThat(members.path("subject").asString()).isEqualTo("organisation:SCO");
        assertThat(sources(members.path("values").path("8"))).contains(SEEDS.get(2), SEEDS.get(3));
        assertThat(sources(members.path("values").path("10"))).contains(SEEDS.get(4));
        assertThat(members.path("values").path("10").toString()).contains("10-member regional security bloc");
        JsonNode internal = find(conflicts, c -> c.path("predicate").asString().equals("member-count") && c.path("internal").asBoolean());
        assertThat(internal.path("sources").toString()).isEqualTo("[\"" + SEEDS.get(2) + "\"]");
        // The conflicts were announced to the uploader when they arose (the member count at 003 or 004).
        assertThat(answers.get(3).path("new_conflicts").toString() + answers.get(4).path("new_conflicts")).contains("member-count");

        // Entities: extracted, canonical, linked to STIX objects and to each article's report.
        Set<String> wanted = Set.of("person:dong jun", "person:andrey belousov", "place:qingdao", "place:the hague",
                "organisation:SCO", "organisation:NATO");
        Set<String> seen = new HashSet<>();
        for (int i : new int[]{2, 4}) {
            JsonNode article = json(get(chinaAnalyst, "/api/v1/osint/articles/" + answers.get(i).path("article").asString()).body());
            JsonNode report = json(get(chinaAnalyst, "/api/v1/objects/" + article.path("report").asString()).body());
            assertThat(report.path("type").asString()).isEqualTo("report");
            Set<String> refs = new HashSet<>();
            report.path("object_refs").forEach(r -> refs.add(r.asString()));
            for (JsonNode e : article.path("entities")) {
                String key = e.path("key").asString();
                if (!wanted.contains(key)) {
                    continue;
                }
                seen.add(key);
                String stixId = e.path("stix_id").asString();
                assertThat(refs).as(key + " in the report of " + SEEDS.get(i)).contains(stixId);
                HttpResponse<String> object = get(chinaAnalyst, "/api/v1/objects/" + stixId);
                assertThat(object.statusCode()).as(key).isEqualTo(200);
                JsonNode o = json(object.body());
                assertThat(o.path("type").asString()).isEqualTo(key.startsWith("place:") ? "location" : "identity");
                if (key.equals("person:dong jun")) {
                    assertThat(o.path("name").asString()).isEqualTo("Dong Jun");
                    assertThat(o.path("roles").toString()).contains("defence minister");
                    assertThat(e.path("role").asString()).isEqualTo("defence minister");
                    assertThat(e.path("country").asString()).isEqualTo("CN");
                }
            }
        }
        assertThat(seen).isEqualTo(wanted);
        // One object per entity whatever the spelling: "Andrei" (004) and "Andrey" (002) Belousov.
        JsonNode people = json(get(chinaAnalyst, "/api/v1/osint/entities?kind=person&event=" + event).body()).path("entities");
        JsonNode belousov = find(people, p -> p.path("key").asString().equals("person:andrey belousov"));
        assertThat(belousov.path("articles").asInt()).isEqualTo(2);
        assertThat(belousov.path("country").asString()).isEqualTo("RU");
    }

    @Test
    void nothingOutsideTheCallersAudienceShowsNotEvenAsACountOrAConflict() {
        // China's analyst ingests 002 (its own organisation only); Russia ingests 004 and 003.
        JsonNode cn002 = json(upload(chinaAnalyst, seed(SEEDS.get(2)), "text/plain", "source=cn-002").body());
        JsonNode ru004 = json(upload(russiaAnalyst, seed(SEEDS.get(4)), "text/plain", "source=ru-004").body());
        JsonNode ru003 = json(upload(russiaAnalyst, seed(SEEDS.get(3)), "text/plain", "source=ru-003").body());
        String event = ru004.path("event").asString();
        assertThat(cn002.path("event").asString()).isEqualTo(event);

        // Russia cannot read China's article, its report, or anything derived from it.
        assertThat(get(russiaReader, "/api/v1/osint/articles/" + cn002.path("article").asString()).statusCode()).isEqualTo(404);
        assertThat(get(russiaReader, "/api/v1/objects/" + cn002.path("report").asString()).statusCode()).isEqualTo(404);
        assertThat(get(russiaReader, "/api/v1/osint/articles").body()).doesNotContain(cn002.path("article").asString());
        JsonNode ruEvent = json(get(russiaReader, "/api/v1/osint/events/" + event).body());
        assertThat(ruEvent.path("articles").asInt()).isEqualTo(2);
        assertThat(ruEvent.toString()).doesNotContain("cn-002").doesNotContain("Zelensky");
        // Russia's own sources say 8 (003) and 10 (004): that conflict it sees, with its two sources only.
        JsonNode ruConflicts = json(get(russiaReader, "/api/v1/osint/conflicts?event=" + event).body()).path("conflicts");
        JsonNode members = find(ruConflicts, c -> c.path("predicate").asString().equals("member-count"));
        assertThat(members.path("sources").toString()).contains("ru-003", "ru-004").doesNotContain("cn-002");
        // 002's own contradiction (a list of ten as "eight members") is China's alone.
        assertThat(ruConflicts.toString()).doesNotContain("\"internal\":true");
        JsonNode cnConflicts = json(get(chinaAnalyst, "/api/v1/osint/conflicts?event=" + event).body()).path("conflicts");
        assertThat(cnConflicts.toString()).contains("\"internal\":true").doesNotContain("ru-00");
        // Entities count only readable articles: Zelensky appears only in China's 002.
        assertThat(get(russiaReader, "/api/v1/osint/entities?q=Zelensky").body()).doesNotContain("zelensky");
        assertThat(get(chinaAnalyst, "/api/v1/osint/entities?q=Zelensky").body()).contains("person:volodymyr zelensky");
        // A page Russia cannot read is not a duplicate for Russia: its own copy of 002 is new intelligence.
        HttpResponse<String> ru002 = upload(russiaAnalyst, seed(SEEDS.get(2)), "text/plain", "source=ru-002");
        assertThat(ru002.statusCode()).isEqualTo(201);
        // A malformed or unknown id is the same 404.
        assertThat(get(russiaReader, "/api/v1/osint/events/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        assertThat(get(russiaReader, "/api/v1/osint/conflicts/not-a-uuid").statusCode()).isEqualTo(404);
    }

    @Test
    void sharingTheReportSharesTheArticleAndAWiderUploadNeedsPublish() {
        HttpResponse<String> refused = upload(chinaAnalyst, seed(SEEDS.get(4)), "text/plain", "source=cn-004&audience=all-members");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused.body()).path("detail").asString()).contains("intel.publish");

        JsonNode shared = json(upload(chinaPublisher, seed(SEEDS.get(4)), "text/plain", "source=cn-004&audience=all-members&tlp=green").body());
        String article = shared.path("article").asString();
        JsonNode view = json(get(russiaReader, "/api/v1/osint/articles/" + article).body());
        assertThat(view.path("source").asString()).isEqualTo("cn-004");
        // The entity objects got a version under the wider label too: Russia can read what the report refers to.
        JsonNode dong = find(view.path("entities"), e -> e.path("key").asString().equals("person:dong jun"));
        assertThat(get(russiaReader, "/api/v1/objects/" + dong.path("stix_id").asString()).statusCode()).isEqualTo(200);

        // Narrowing the report through the store hides the article again.
        HttpResponse<String> narrowed = send(HttpRequest.newBuilder(uri("/api/v1/objects/" + shared.path("report").asString() + "/sharing"))
                .header("Authorization", "Bearer " + chinaPublisher).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"tlp\":\"amber\",\"audience\":{\"kind\":\"own-organisation\"}}")));
        assertThat(narrowed.statusCode()).as(narrowed.body()).isEqualTo(200);
        await(() -> get(russiaReader, "/api/v1/osint/articles/" + article).statusCode() == 404);
    }

    @Test
    void aPageInAStixReportArtifactIsIngestedLikeAnUpload() {
        String report = "report--" + UUID.randomUUID();
        String artifact = "artifact--" + UUID.randomUUID();
        String bundle = """
                {"type": "bundle", "id": "bundle--%s", "objects": [
                  {"type": "artifact", "spec_version": "2.1", "id": "%s", "mime_type": "text/plain",
                   "payload_bin": "%s"},
                  {"type": "report", "spec_version": "2.1", "id": "%s", "created": "2025-06-27T08:00:00.000Z",
                   "modified": "2025-06-27T08:00:00.000Z", "name": "Qingdao wire %s", "published": "2025-06-27T08:00:00.000Z",
                   "external_references": [{"source_name": "wire", "url": "https://news.example/qingdao-%s"}],
                   "object_refs": ["%s"]}]}""".formatted(UUID.randomUUID(), artifact,
                Base64.getEncoder().encodeToString(seed(SEEDS.get(4))), report, run, run, artifact);
        HttpResponse<String> imported = send(HttpRequest.newBuilder(uri("/api/v1/objects"))
                .header("Authorization", "Bearer " + russiaAnalyst).header("Content-Type", "application/stix+json")
                .POST(HttpRequest.BodyPublishers.ofString(bundle)));
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        assertThat(json(imported.body()).path("stored").asInt()).as(imported.body()).isEqualTo(2);
        await(() -> get(russiaAnalyst, "/api/v1/osint/articles").body().contains("news.example/qingdao-" + run));
        JsonNode list = json(get(russiaAnalyst, "/api/v1/osint/articles").body()).path("articles");
        JsonNode mine = find(list, a -> a.path("url").asString("").endsWith("qingdao-" + run));
        JsonNode article = json(get(russiaAnalyst, "/api/v1/osint/articles/" + mine.path("id").asString()).body());
        assertThat(article.path("origin").asString()).isEqualTo("taxii");
        assertThat(article.path("origin_report").asString()).isEqualTo(report);
        assertThat(article.path("entities").toString()).contains("person:dong jun");
        // Under the report's label: China cannot read it.
        assertThat(get(chinaAnalyst, "/api/v1/osint/articles/" + mine.path("id").asString()).statusCode()).isEqualTo(404);
    }

    @Test
    void badInputIsAProblemThatSaysWhatIsWrong() throws IOException {
        HttpResponse<String> noSource = upload(chinaAnalyst, seed(SEEDS.get(4)), "text/plain", "");
        assertThat(noSource.statusCode()).isEqualTo(400);
        assertThat(noSource.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json(noSource.body()).path("parameter").asString()).isEqualTo("source");

        HttpResponse<String> empty = upload(chinaAnalyst, new byte[0], "text/plain", "source=x");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(json(empty.body()).path("detail").asString()).contains("empty");

        HttpResponse<String> pdf = upload(chinaAnalyst, "%PDF-1.7".getBytes(StandardCharsets.UTF_8), "application/pdf", "source=x.pdf");
        assertThat(pdf.statusCode()).isEqualTo(415);
        assertThat(json(pdf.body()).path("detail").asString()).contains("text/html");

        HttpResponse<String> brokenGzip = upload(chinaAnalyst, new byte[]{0x1f, (byte) 0x8b, 8, 0, 1, 2}, "application/gzip", "source=x.gz");
        assertThat(brokenGzip.statusCode()).isEqualTo(400);
        assertThat(json(brokenGzip.body()).path("detail").asString()).contains("gzip");

        HttpResponse<String> noText = upload(chinaAnalyst, "<html><body>  </body></html>".getBytes(StandardCharsets.UTF_8), "text/html", "source=blank.html");
        assertThat(noText.statusCode()).isEqualTo(400);
        assertThat(json(noText.body()).path("detail").asString()).contains("no text");

        HttpResponse<String> badTlp = upload(chinaAnalyst, seed(SEEDS.get(4)), "text/plain", "source=x&tlp=purple");
        assertThat(badTlp.statusCode()).isEqualTo(400);
        assertThat(json(badTlp.body()).path("parameter").asString()).isEqualTo("tlp");

        HttpResponse<String> badUrl = upload(chinaAnalyst, seed(SEEDS.get(4)), "text/plain", "source=x&url=" + enc("file:///etc/passwd"));
        assertThat(badUrl.statusCode()).isEqualTo(400);
        assertThat(json(badUrl.body()).path("parameter").asString()).isEqualTo("url");

        byte[] huge = new byte[10 * 1024 * 1024 + 1];
        java.util.Arrays.fill(huge, (byte) 'a');
        assertThat(upload(chinaAnalyst, huge, "text/plain", "source=huge.txt").statusCode()).isEqualTo(413);

        // A reader may not write; nothing of the problem leaks internals.
        HttpResponse<String> reader = upload(russiaReader, seed(SEEDS.get(4)), "text/plain", "source=x");
        assertThat(reader.statusCode()).isEqualTo(403);
        for (HttpResponse<String> r : List.of(noSource, empty, pdf, brokenGzip, noText, badTlp, badUrl)) {
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("SQL").doesNotContain("at org.");
        }

        // Gzip of a page is the page.
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(seed(SEEDS.get(3)));
        }
        HttpResponse<String> gzip = upload(chinaAnalyst, gz.toByteArray(), "application/gzip", "source=003.txt.gz&url=" + enc("https://example.org/sco"));
        assertThat(gzip.statusCode()).as(gzip.body()).isEqualTo(201);
        assertThat(json(gzip.body()).path("entities").asInt()).isGreaterThan(5);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static Set<String> sources(JsonNode claims) {
        Set<String> out = new HashSet<>();
        claims.forEach(c -> out.add(c.path("source").asString()));
        return out;
    }

    private static JsonNode find(JsonNode array, java.util.function.Predicate<JsonNode> p) {
        for (JsonNode n : array) {
            if (p.test(n)) {
                return n;
            }
        }
        throw new AssertionError("none matches in " + array);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> upload(String token, byte[] body, String contentType, String query) {
        return send(HttpRequest.newBuilder(uri("/api/v1/osint/articles" + (query.isEmpty() ? "" : "?" + query)))
                .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }
}
