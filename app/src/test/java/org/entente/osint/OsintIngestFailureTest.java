package org.entente.osint;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Tier;
import org.entente.support.RunningNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

/**
 * An upload whose database part fails after the STIX store committed its objects (the store commits on its own,
 * ADR 0002). The fault is a trigger created in the test database that raises a constraint violation for this test's
 * pages only, so no production code knows about tests. Afterwards nothing of the attempt may be readable (no report
 * without its article), and a repeat, with the fault gone, must give exactly one article and one report.
 */
class OsintIngestFailureTest extends RunningNode {

    @Autowired
    Community community;
    @Autowired
    JdbcTemplate jdbc;

    final String run = UUID.randomUUID().toString().substring(0, 8);
    /** Every source of a page that must fail starts with this; other tests' uploads never do. */
    final String faulty = "fault-" + run;
    final String fault = "osint_fault_" + run;
    OrganisationId org;
    String analyst;

    @BeforeEach
    void community() {
        ParticipantId participant = community.addParticipant("Fault " + run, Tier.MEMBER);
        org = community.addOrganisation(participant, "Fault OSINT " + run);
        long user = community.addUser("fault-analyst " + run, org, Set.of("analyst")).value();
        analyst = "osint-fault-" + UUID.randomUUID();
        jdbc.update("insert into api_token (user_id, token_hash, label) values (?, sha256(convert_to(?, 'UTF8')), 'test')", user, analyst);
    }

    @AfterEach
    void removeFault() {
        jdbc.execute("drop trigger if exists " + fault + " on osint_article");
        jdbc.execute("drop trigger if exists " + fault + " on osint_mention");
        jdbc.execute("drop function if exists " + fault + "()");
    }

    /** Inserts into {@code table} of rows belonging to this test's faulty pages raise a check violation. */
    private void injectFault(String table, String condition) {
        jdbc.execute("create function " + fault + "() returns trigger language plpgsql as $$ begin"
                + " if " + condition + " then raise exception '" + fault + " injected' using errcode = '23514'; end if;"
                + " return new; end $$");
        jdbc.execute("create trigger " + fault + " before insert on " + table + " for each row execute function " + fault + "()");
    }

    private void faultOnArticleInsert() {
        injectFault("osint_article", "new.source like '" + faulty + "%'");
    }

    private void faultOnMentionInsert() {
        // After the article row: the whole rest of the transaction has run up to here.
        injectFault("osint_mention", "exists (select 1 from osint_article a where a.id = new.article_id and a.source like '" + faulty + "%')");
    }

    private void removeFaultNow() {
        removeFault();
    }

    @Test
    void aFailedArticleInsertLeavesNoReportAndTheRetryGivesExactlyOneArticleAndOneReport() {
        byte[] page = page(OsintApiTest.SEEDS.get(4), "alpha");
        faultOnArticleInsert();

        HttpResponse<String> failed = upload(page, faulty + "-004");
        assertFailedWithoutInternals(failed);
        // Nothing of the attempt is in the store: no report, no entity version under the upload's label.
        assertThat(versionsOwned()).as("the store after the failed attempt").isEmpty();
        assertThat(reportsFound("alpha")).as("reports readable through the API").isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from osint_article where owner_org = ?", Long.class, org.value())).isZero();

        removeFaultNow();
        HttpResponse<String> retried = upload(page, faulty + "-004");
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
        JsonNode created = json(retried.body());
        String article = created.path("article").asString();
        String report = created.path("report").asString();
        assertThat(ownedReports()).containsExactly(report);
        assertThat(jdbc.queryForList("select id::text from osint_article where owner_org = ?", String.class, org.value()))
                .containsExactly(article);
        JsonNode stored = json(get(analyst, "/api/v1/objects/" + report).body());
        assertThat(reportsFound("alpha")).as(stored.toString()).containsExactly(report);
        assertThat(stored.path(OsintStix.ARTICLE_PROPERTY).asString()).isEqualTo(article);
        assertThat(json(get(analyst, "/api/v1/osint/articles/" + article).body()).path("report").asString()).isEqualTo(report);

        // A genuine re-upload of the stored page is still a duplicate of it, and writes no second report.
        HttpResponse<String> again = upload(page, faulty + "-004-again");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(json(again.body()).path("duplicate_of").asString()).isEqualTo(article);
        assertThat(ownedReports()).containsExactly(report);
    }

    @Test
    void aFailureLateInTheTransactionWithdrawsOnlyWhatThatAttemptWrote() {
        // An earlier article under the same label: its report and entity versions must survive the failure.
        HttpResponse<String> earlier = upload(page(OsintApiTest.SEEDS.get(2), "beta"), "earlier-" + run);
        assertThat(earlier.statusCode()).as(earlier.body()).isEqualTo(201);
        String earlierReport = json(earlier.body()).path("report").asString();
        String earlierArticle = json(earlier.body()).path("article").asString();
        Set<String> before = versionsOwned();
        assertThat(before).hasSizeGreaterThan(5);

        faultOnMentionInsert();
        byte[] page = page(OsintApiTest.SEEDS.get(4), "gamma");
        HttpResponse<String> failed = upload(page, faulty + "-004");
        assertFailedWithoutInternals(failed);
        assertThat(versionsOwned()).as("exactly what the earlier article left").isEqualTo(before);
        assertThat(reportsFound("gamma")).isEmpty();
        assertThat(get(analyst, "/api/v1/objects/" + earlierReport).statusCode()).isEqualTo(200);
        assertThat(get(analyst, "/api/v1/osint/articles/" + earlierArticle).statusCode()).isEqualTo(200);

        removeFaultNow();
        HttpResponse<String> retried = upload(page, faulty + "-004");
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
        String report = json(retried.body()).path("report").asString();
        String article = json(retried.body()).path("article").asString();
        assertThat(ownedReports()).containsExactlyInAnyOrder(earlierReport, report);
        assertThat(reportsFound("gamma")).containsExactly(report);
        // Every entity the retried article names is readable to its reader: the versions the failed attempt wrote
        // were withdrawn together with the bookkeeping that said they existed, so the retry wrote them again.
        JsonNode view = json(get(analyst, "/api/v1/osint/articles/" + article).body());
        assertThat(view.path("entities").size()).isGreaterThan(5);
        for (JsonNode e : view.path("entities")) {
            String stixId = e.path("stix_id").asString();
            assertThat(get(analyst, "/api/v1/objects/" + stixId).statusCode()).as(e.path("key").asString()).isEqualTo(200);
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private void assertFailedWithoutInternals(HttpResponse<String> failed) {
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(500);
        assertThat(failed.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = json(failed.body());
        assertThat(problem.path("title").asString()).isEqualTo("Upload failed");
        assertThat(problem.path("withdrawn").asBoolean()).isTrue();
        assertThat(problem.path("detail").asString()).contains("can be repeated");
        assertThat(failed.body()).doesNotContain(fault).doesNotContain("osint_").doesNotContain("SQL")
                .doesNotContain("Exception").doesNotContain("at org.").doesNotContain("23514");
    }

    /** The page, made this test's own by a first line naming {@code marker} (it lands in the report's name and description). */
    private byte[] page(String seed, String marker) {
        String text = "Probe " + marker + run + ": " + new String(OsintApiTest.seed(seed), StandardCharsets.UTF_8);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Every version the store holds for this test's organisation, as id@version. */
    private Set<String> versionsOwned() {
        return new HashSet<>(jdbc.queryForList("select id || '@' || version from stix_object where owner_org = ?",
                String.class, org.value()));
    }

    private List<String> ownedReports() {
        return jdbc.queryForList("select id from stix_object where owner_org = ? and type = 'report'", String.class, org.value());
    }

    /** The reports the analyst can read whose text names {@code marker}. */
    private List<String> reportsFound(String marker) {
        HttpResponse<String> r = get(analyst, "/api/v1/objects?type=report&q=" + marker + run);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> ids = new java.util.ArrayList<>();
        json(r.body()).path("objects").forEach(o -> ids.add(o.path("id").asString()));
        return ids;
    }

    private HttpResponse<String> upload(byte[] body, String source) {
        return send(HttpRequest.newBuilder(uri("/api/v1/osint/articles?source=" + source))
                .header("Authorization", "Bearer " + analyst).header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }
}
