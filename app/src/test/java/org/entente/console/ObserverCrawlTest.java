package org.entente.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.TaskForceId;
import org.entente.community.Ids.UserId;
import org.entente.community.Tier;
import org.entente.correlation.Correlation;
import org.entente.correlation.Submission;
import org.entente.intel.ImportLabel;
import org.entente.intel.ImportSummary;
import org.entente.intel.StixStore;
import org.entente.sharing.Audience;
import org.entente.stix.StixJson;
import org.entente.stix.Tlp;
import org.entente.support.RunningNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 9, acceptance 2: a user of an observer participant browsing every console page never sees an
 * object, name, id or count outside their audience. A crawler signs in as the observer and visits
 * everything reachable from the navigation (and the object and graph endpoints the pages and graphs
 * name), and no answer may contain any of the secrets: names, descriptions and STIX ids of what only
 * members may see (audience, TLP:RED marking, ceiling above AMBER, a task force without the observer,
 * a newer version, a relationship, a sighting), the task force's name, and the count only the full
 * audience could compute. The same crawl as a member must find the secrets, so the check cannot pass
 * by seeing nothing. Pages added later are reached through the navigation, so they are covered too.
 */
class ObserverCrawlTest extends RunningNode {

    static final String PASSWORD = "correct horse battery staple";
    static final int LIMIT = 400;

    @Autowired
    Community community;
    @Autowired
    StixStore store;
    @Autowired
    Correlation correlation;

    private String tag;
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final Map<String, String> visible = new LinkedHashMap<>();
    private String observer;
    private String member;
    private int fullCount;
    private int observerCount;

    private long user(OrganisationId organisation, String username, String... roles) {
        HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/api/v1/users"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("username", username,
                        "organisation", organisation.value(), "roles", List.of(roles), "password", PASSWORD)))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created.body()).path("id").asLong();
    }

    private void store(Caller owner, Tlp tlp, Audience audience, String json) {
        ImportSummary s = store.ingest(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                new ImportLabel(owner, Optional.of(tlp), audience));
        assertThat(s.rejected()).as(json).isEmpty();
        assertThat(s.stored()).isPositive();
    }

    private String object(String type, String name, String description, String extra) {
        String id = type + "--" + UUID.randomUUID();
        return "{\"type\":\"" + type + "\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":\"2026-01-05T08:00:00.000Z\","
                + "\"modified\":\"2026-01-05T08:00:00.000Z\",\"name\":\"" + name + "\",\"description\":\"" + description + "\"" + extra + "}";
    }

    private static String id(String json) {
        return StixJson.MAPPER.readTree(json).path("id").asString();
    }

    @BeforeEach
    void community() {
        tag = "crawl" + UUID.randomUUID().toString().substring(0, 8);
        ParticipantId memberState = community.addParticipant("Member-" + tag, Tier.MEMBER);
        OrganisationId memberOrg = community.addOrganisation(memberState, "MemberAgency-" + tag);
        ParticipantId otherMember = community.addParticipant("OtherMember-" + tag, Tier.MEMBER);
        community.addOrganisation(otherMember, "OtherAgency-" + tag);
        ParticipantId observerState = community.addParticipant("Observer-" + tag, Tier.OBSERVER);
        OrganisationId observerOrg = community.addOrganisation(observerState, "ObserverAgency-" + tag);
        String taskForceName = "SecretTaskForce-" + tag;
        TaskForceId secretTaskForce = community.addTaskForce(taskForceName, "members only", Set.of(memberState, otherMember));
        community.addTaskForce("SharedTaskForce-" + tag, "with the observer", Set.of(memberState, observerState));
        member = "member-" + tag;
        observer = "observer-" + tag;
        Caller owner = community.caller(new UserId(user(memberOrg, member, "publisher"))).orElseThrow();
        user(observerOrg, observer, "analyst");
        secrets.put("task force name", taskForceName);

        // What the observer may see: members and observers at AMBER, the whole community at GREEN.
        String setJson = object("intrusion-set", "Visible set " + tag, "seen by observers", "");
        String malwareJson = object("malware", "Visible malware " + tag, "first version", ",\"is_family\":true");
        String publicJson = object("tool", "Public tool " + tag, "for everyone", "");
        String set = id(setJson);
        String malware = id(malwareJson);
        String usesVisible = "relationship--" + UUID.randomUUID();
        store(owner, Tlp.AMBER, new Audience.MembersAndObservers(), "[" + setJson + "," + malwareJson + ","
                + relationship(usesVisible, "uses", set, malware) + "]");
        store(owner, Tlp.GREEN, new Audience.WholeCommunity(), publicJson);
        visible.put("set", "Visible set " + tag);
        visible.put("malware", "Visible malware " + tag);
        visible.put("tool", "Public tool " + tag);

        // What it may not: one per rule that can refuse it.
        secret(owner, Tlp.AMBER, new Audience.AllMembers(), "malware", "Members-only malware", "audience refuses observers");
        secret(owner, Tlp.RED, new Audience.MembersAndObservers(), "threat-actor", "Red actor", "red is named-only");
        secret(owner, Tlp.AMBER_STRICT, new Audience.MembersAndObservers(), "campaign", "Strict campaign", "above the observer ceiling");
        secret(owner, Tlp.GREEN, new Audience.TaskForce(secretTaskForce), "tool", "Task-force tool", "observer not in the task force");
        // A newer version of a visible object, for members only: the observer keeps seeing the first.
        String v2 = ((tools.jackson.databind.node.ObjectNode) StixJson.MAPPER.readTree(malwareJson)).put("modified", "2026-02-01T00:00:00.000Z")
                .put("description", "SecretVersion-" + tag).toString();
        store(owner, Tlp.AMBER, new Audience.AllMembers(), v2);
        secrets.put("newer version's description", "SecretVersion-" + tag);
        // A members-only link between two visible objects, and one to a members-only object.
        String secretMalware = secrets.get("Members-only malware id");
        String hiddenEdge = "relationship--" + UUID.randomUUID();
        String edgeToSecret = "relationship--" + UUID.randomUUID();
        store(owner, Tlp.AMBER, new Audience.AllMembers(), "[" + relationship(hiddenEdge, "attributed-to", malware, set) + ","
                + relationship(edgeToSecret, "uses", set, secretMalware) + "]");
        secrets.put("hidden relationship id", hiddenEdge);
        secrets.put("relationship to a secret id", edgeToSecret);
        // A members-only indicator, and a sighting of it (through correlation, as in real life).
        String domain = "secret-" + tag + ".border-post.net";
        String indicatorJson = object("indicator", "Secret indicator " + tag, "members only",
                ",\"pattern\":\"[domain-name:value = '" + domain + "']\",\"pattern_type\":\"stix\",\"valid_from\":\"2026-01-05T08:00:00Z\"");
        store(owner, Tlp.AMBER, new Audience.AllMembers(), indicatorJson);
        secrets.put("indicator name", "Secret indicator " + tag);
        secrets.put("indicator id", id(indicatorJson));
        var result = correlation.submit(owner, Submission.ofValues(StixJson.MAPPER.readTree(
                "{\"values\":[\"" + domain + "\"]}"), java.time.Instant.now()), Tlp.AMBER, new Audience.AllMembers());
        assertThat(result.sightings()).as("catalog %s", result.catalog()).hasSize(1);
        secrets.put("sighting id", result.sightings().getFirst().path("id").asString());

        // Objects whose name carries the tag: the observer may count 3, members count them all.
        observerCount = 3;
        // + four secret objects, the secret indicator, and the member organisation's identity that
        // correlation stored with the sighting (named after the organisation, so it carries the tag).
        fullCount = 3 + 4 + 1 + 1;
    }

    private void secret(Caller owner, Tlp tlp, Audience audience, String type, String name, String why) {
        String json = object(type, name + " " + tag, "Secret-" + why.replace(' ', '-') + "-" + tag,
                type.equals("malware") ? ",\"is_family\":true" : "");
        store(owner, tlp, audience, json);
        secrets.put(name, name + " " + tag);
        secrets.put(name + " id", id(json));
        secrets.put(name + " description", "Secret-" + why.replace(' ', '-') + "-" + tag);
    }

    private static String relationship(String id, String type, String source, String target) {
        return "{\"type\":\"relationship\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":\"2026-01-05T08:00:00.000Z\","
                + "\"modified\":\"2026-01-05T08:00:00.000Z\",\"relationship_type\":\"" + type + "\",\"source_ref\":\"" + source
                + "\",\"target_ref\":\"" + target + "\"}";
    }

    /** Where the crawl starts: the dashboard (and its navigation), plus searches a curious user would try. */
    private List<String> seeds() {
        List<String> seeds = new ArrayList<>(List.of("/", "/console/intel?q=" + tag));
        secrets.values().forEach(s -> seeds.add("/console/intel?q=" + ConsoleCrawler.enc(s)));
        // Asking directly for what the observer may not see: object pages, graphs, diffs, share dialogs, exports.
        secrets.entrySet().stream().filter(e -> e.getKey().endsWith("id")).map(Map.Entry::getValue).forEach(id -> {
            seeds.add("/console/intel/objects/" + id);
            seeds.add("/console/intel/objects/" + id + "/graph");
            seeds.add("/console/intel/objects/" + id + "/share");
            seeds.add("/console/intel/export?id=" + id);
        });
        return seeds;
    }

    @Test
    void anObserverBrowsingEveryPageNeverSeesWhatIsOutsideTheirAudience() {
        Map<String, ConsoleCrawler.Visit> visits = new ConsoleCrawler(port).signIn(observer, PASSWORD).crawl(seeds(), LIMIT);

        List<String> leaks = new ArrayList<>();
        for (ConsoleCrawler.Visit v : visits.values()) {
            // A page may echo what the user typed (the search box): that is not disclosure.
            String body = v.withoutOwnQuery();
            secrets.forEach((what, secret) -> {
                if (body.contains(secret)) {
                    leaks.add(v.path() + " (" + v.status() + ") shows the " + what + " '" + secret + "'");
                }
            });
            assertThat(v.status()).as("status of %s", v.path()).isIn(200, 400, 403, 404);
        }
        assertThat(leaks).isEmpty();

        // The crawl really went through the console: pages, objects, graphs, versions, exports.
        assertThat(visits.keySet()).contains("/", "/console/intel", "/console/correlation", "/console/intel/import");
        assertThat(visits.keySet()).anyMatch(p -> p.matches("/console/intel/objects/intrusion-set--[^/?]+"));
        assertThat(visits.keySet()).anyMatch(p -> p.endsWith("/graph"));
        assertThat(visits.keySet()).anyMatch(p -> p.startsWith("/console/intel/export?id="));
        String all = String.join("\n", visits.values().stream().map(ConsoleCrawler.Visit::body).toList());
        assertThat(all).contains(visible.values());
        // The count of the tagged objects is the observer's, never the members'.
        ConsoleCrawler.Visit tagged = visits.get("/console/intel?q=" + tag);
        assertThat(tagged.body()).contains(observerCount + " objects").doesNotContain(fullCount + " objects");
        // Objects outside the audience are the same 404 as objects that do not exist.
        for (String id : secrets.entrySet().stream().filter(e -> e.getKey().endsWith("id")).map(Map.Entry::getValue).toList()) {
            assertThat(visits.get("/console/intel/objects/" + id).status()).as(id).isEqualTo(404);
            assertThat(visits.get("/console/intel/objects/" + id + "/graph").status()).as(id).isEqualTo(404);
        }
    }

    @Test
    void theSameCrawlAsAMemberFindsTheSecretsSoTheObserverCheckIsNotBlind() {
        Map<String, ConsoleCrawler.Visit> visits = new ConsoleCrawler(port).signIn(member, PASSWORD).crawl(seeds(), LIMIT);

        String all = String.join("\n", visits.values().stream().map(ConsoleCrawler.Visit::body).toList());
        List<String> found = secrets.entrySet().stream().filter(e -> !e.getKey().equals("task force name"))
                .filter(e -> all.contains(e.getValue())).map(Map.Entry::getKey).toList();
        assertThat(found).containsExactlyInAnyOrderElementsOf(secrets.keySet().stream()
                .filter(k -> !k.equals("task force name")).toList());
        assertThat(visits.get("/console/intel?q=" + tag).body()).contains(fullCount + " objects");
    }

    @Test
    void noPageHasAnInlineScriptStyleOrEventHandlerAndEveryPageHasItsLandmarks() {
        Map<String, ConsoleCrawler.Visit> visits = new ConsoleCrawler(port).signIn(member, PASSWORD).crawl(seeds(), LIMIT);

        List<String> faults = new ArrayList<>();
        for (ConsoleCrawler.Visit v : visits.values()) {
            if (v.status() < 0 || v.status() >= 500) {
                faults.add(v.path() + ": " + v.status() + " " + v.body());
            }
            if (!v.contentType().startsWith("text/html")) {
                continue;
            }
            var doc = org.jsoup.Jsoup.parse(v.body());
            doc.select("[style]").forEach(e -> faults.add(v.path() + ": style attribute on <" + e.tagName() + ">"));
            doc.select("style").forEach(e -> faults.add(v.path() + ": <style> element"));
            doc.select("script:not([src])").forEach(e -> faults.add(v.path() + ": inline <script>"));
            doc.getAllElements().forEach(e -> e.attributes().forEach(a -> {
                if (a.getKey().startsWith("on") || a.getKey().startsWith("hx-on")) {
                    faults.add(v.path() + ": event handler attribute " + a.getKey());
                }
            }));
            doc.select("input:not([type=hidden]):not([type=checkbox]), select, textarea").forEach(e -> {
                if (e.id().isEmpty() || doc.select("label[for=" + e.id() + "]").isEmpty()) {
                    faults.add(v.path() + ": form field " + e.attr("name") + " without a label");
                }
            });
            boolean fullPage = v.body().startsWith("<!DOCTYPE html>");
            if (fullPage && (doc.select("main#main").size() != 1 || doc.select("h1").size() != 1 || doc.select("header").isEmpty()
                    || doc.select("nav[aria-label]").isEmpty() || doc.select("footer").isEmpty())) {
                faults.add(v.path() + ": missing a landmark or not exactly one <main> and one <h1>");
            }
        }
        assertThat(faults).isEmpty();
        assertThat(visits.values()).filteredOn(v -> v.contentType().startsWith("text/html")).hasSizeGreaterThan(20);
    }
}
