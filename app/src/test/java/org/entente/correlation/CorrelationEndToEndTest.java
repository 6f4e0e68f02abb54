package org.entente.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.TaskForceId;
import org.entente.community.Tier;
import org.entente.stream.Notification;
import org.entente.support.RunningNode;
import org.entente.support.SseStream;
import org.entente.support.Stix;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

/**
 * Issue 5 acceptance: A's organisation publishes an indicator to task force TF (A and B); B, in TF,
 * submits a matching observation shared with TF; B learns of the match, A sees the sighting; C, a
 * member outside TF, learns nothing on any channel. Plus: warninglists suppress with their reason;
 * revoked and expired indicators no longer match; a submitter outside the indicator's audience gets
 * no match and no sighting is created.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorrelationEndToEndTest extends RunningNode {

    /** Every notice correlation hands to live delivery (until delivery is asserted on its own channels). */
    final List<Notification> NOTICES = new CopyOnWriteArrayList<>();

    /** Registered by hand (not as a test bean): the node's context stays the one every test shares. */
    @Autowired
    org.springframework.context.ConfigurableApplicationContext context;

    @Autowired
    Community community;
    @Autowired
    JdbcTemplate jdbc;

    final String run = UUID.randomUUID().toString().substring(0, 8);
    TaskForceId tf;
    OrganisationId orgA;
    OrganisationId orgB;
    OrganisationId orgC;
    String a;
    String b;
    String c;
    String adminA;
    String adminC;

    @BeforeAll
    void community() {
        context.addApplicationListener((org.springframework.context.ApplicationListener<org.springframework.context.PayloadApplicationEvent<?>>)
                e -> {
                    if (e.getPayload() instanceof Notification n) {
                        NOTICES.add(n);
                    }
                });
        ParticipantId pa = community.addParticipant("A " + run, Tier.MEMBER);
        ParticipantId pb = community.addParticipant("B " + run, Tier.MEMBER);
        ParticipantId pc = community.addParticipant("C " + run, Tier.MEMBER);
        orgA = community.addOrganisation(pa, "A-CERT " + run);
        orgB = community.addOrganisation(pb, "B-CERT " + run);
        orgC = community.addOrganisation(pc, "C-CERT " + run);
        tf = community.addTaskForce("TF " + run, "correlation", Set.of(pa, pb));
        a = token(community.addUser("a " + run, orgA, Set.of("publisher")).value());
        b = token(community.addUser("b " + run, orgB, Set.of("publisher")).value());
        c = token(community.addUser("c " + run, orgC, Set.of("publisher")).value());
        adminA = token(community.addUser("admin a " + run, orgA, Set.of("administrator")).value());
        adminC = token(community.addUser("admin c " + run, orgC, Set.of("administrator")).value());
    }

    @Test
    void aTaskForceMembersSightingReachesTheIndicatorsOwnerAndNoOneOutside() throws Exception {
        String ip = freshIp();
        String indicator = indicator("[ipv4-addr:value = '" + ip + "']", "Border C2 " + run, false);
        String indicatorId = json(indicator).path("id").stringValue();
        publishToTaskForce(a, indicator);
        long sightingsCSees = count(c, "sighting");
        try (SseStream streamA = sse(a); SseStream streamB = sse(b); SseStream streamC = sse(c);
             Hook hookB = new Hook(b); Hook hookC = new Hook(c)) {

            HttpResponse<String> submitted = submit(b, values(ip, "task-force"));

            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
            JsonNode answer = json(submitted.body());
            assertThat(answer.path("matches")).hasSize(1);
            assertThat(answer.path("matches").get(0).path("indicator").path("id").stringValue()).isEqualTo(indicatorId);
            assertThat(answer.path("matches").get(0).path("indicator").path("pattern").stringValue()).contains(ip);
            assertThat(answer.path("counts").path("sightings").asInt()).isEqualTo(1);
            JsonNode sighting = answer.path("sightings").get(0);
            String sightingId = sighting.path("id").stringValue();
            assertThat(sighting.path("sighting_of_ref").stringValue()).isEqualTo(indicatorId);
            assertThat(sighting.path("count").asInt()).isEqualTo(1);
            assertThat(sighting.path("where_sighted_refs")).hasSize(1);
            assertThat(sighting.path("created_by_ref").stringValue()).isEqualTo(sighting.path("where_sighted_refs").get(0).stringValue());

            // B, the submitter, gets the alert live (SSE and webhook), with the indicator's content:
            // its audience (TF) contains the sighting's (TF).
            SseStream.Event alertB = streamB.await("alert", sightingId);
            assertThat(json(alertB.data()).path("indicator").path("pattern").stringValue()).contains(ip);
            assertThat(json(alertB.data()).path("sighting").path("id").stringValue()).isEqualTo(sightingId);
            hookB.await(sightingId);
            // A, the indicator's owner and in TF, sees the sighting: live, as an object, and on the indicator.
            streamA.await("sighting", sightingId);
            streamA.await("alert", sightingId);
            assertThat(getAs(a, "/api/v1/objects/" + sightingId).statusCode()).isEqualTo(200);
            assertThat(getAs(a, "/api/v1/objects/" + sighting.path("observed_data_refs").get(0).stringValue()).statusCode())
                    .isEqualTo(200);
            assertThat(getAs(a, "/api/v1/objects/" + indicatorId + "/relationships").body()).contains(sightingId);

            // C, outside TF, learns nothing on any channel (checked once the positive deliveries arrived,
            // and after a last notice C may see has come through C's own channels).
            String marker = publishWholeCommunityMarker();
            streamC.await("intel", marker);
            hookC.await(marker);
            for (String secret : List.of(sightingId, indicatorId, ip, "Border C2 " + run)) {
                assertThat(streamC.saw(secret)).as("C's stream mentions " + secret).isFalse();
                assertThat(hookC.saw(secret)).as("C's webhook mentions " + secret).isFalse();
            }
            assertThat(getAs(c, "/api/v1/objects/" + sightingId).statusCode()).isEqualTo(404);
            assertThat(getAs(c, "/api/v1/objects/" + indicatorId).statusCode()).isEqualTo(404);
            assertThat(count(c, "sighting")).isEqualTo(sightingsCSees);
            assertThat(getAs(c, "/api/v1/objects?type=sighting").body()).doesNotContain(sightingId).doesNotContain(indicatorId);
            assertThat(getAs(c, "/api/v1/export?type=sighting").body()).doesNotContain(sightingId);
        }
    }

    @Test
    void theSightingStaysWithTheSubmitterByDefaultAndNeverReachesFurtherThanItsIndicator() throws Exception {
        String ip = freshIp();
        publishToTaskForce(a, indicator("[ipv4-addr:value = '" + ip + "']", "Owner only name " + run, false));

        JsonNode answer = json(submit(b, "{\"values\":[\"" + ip + "\"]}").body());
        String sightingId = answer.path("sightings").get(0).path("id").stringValue();

        assertThat(getAs(b, "/api/v1/objects/" + sightingId).statusCode()).isEqualTo(200);
        assertThat(getAs(a, "/api/v1/objects/" + sightingId).statusCode()).as("own-organisation sighting").isEqualTo(404);
        // B's own organisation is inside TF, so everyone the sighting reaches may read the indicator.
        assertThat(json(awaitNotice("alert", sightingId).payloadJson()).path("indicator").has("pattern")).isTrue();

        // Asked for the whole community, the sighting would show the indicator's id to C, who may not read
        // it: B still learns of the match, but no sighting is created and C gets nothing at all.
        String ip2 = freshIp();
        String secret = indicator("[ipv4-addr:value = '" + ip2 + "']", "Secret " + run, false);
        String secretId = json(secret).path("id").stringValue();
        publishToTaskForce(a, secret);
        long sightingsBefore = count(b, "sighting");
        try (SseStream streamC = sse(c); SseStream streamB = sse(b)) {
            JsonNode wide = json(submit(b, values(ip2, "whole-community")).body());

            assertThat(wide.path("matches").get(0).path("indicator").path("id").stringValue()).isEqualTo(secretId);
            assertThat(wide.path("sightings")).isEmpty();
            assertThat(wide.path("not_sighted").get(0).path("indicator").stringValue()).isEqualTo(secretId);
            assertThat(wide.path("not_sighted").get(0).path("reason").stringValue()).contains("audience");
            assertThat(count(b, "sighting")).isEqualTo(sightingsBefore);

            // A later, visible notice proves the streams were live; C's saw nothing of the secret.
            String marker = publishWholeCommunityMarker();
            streamC.await("intel", marker);
            streamB.await("intel", marker);
            assertThat(streamC.saw(secretId)).isFalse();
            assertThat(streamB.saw(secretId)).as("no sighting, so no alert either").isFalse();
            assertThat(getAs(c, "/api/v1/objects/" + secretId).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aSubmitterOutsideTheIndicatorsAudienceGetsNoMatchAndNoSightingIsCreated() {
        String ip = freshIp();
        String indicator = indicator("[ipv4-addr:value = '" + ip + "']", null, false);
        publishToTaskForce(a, indicator);
        long sightingsBefore = count(a, "sighting");

        JsonNode answer = json(submit(c, "{\"values\":[\"" + ip + "\"]}").body());

        assertThat(answer.path("matches")).isEmpty();
        assertThat(answer.path("sightings")).isEmpty();
        assertThat(answer.toString()).doesNotContain(json(indicator).path("id").stringValue());
        assertThat(count(a, "sighting")).isEqualTo(sightingsBefore);
        assertThat(getAs(a, "/api/v1/objects/" + json(indicator).path("id").stringValue() + "/relationships").body())
                .doesNotContain("sighting--");
    }

    @Test
    void aWarninglistedValueIsSuppressedWithItsListAndReason() {
        String ip = freshIp();
        String list = "test-" + run;
        HttpResponse<String> put = send(HttpRequest.newBuilder(uri("/api/v1/warninglists/" + list))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"reason\":\"our own scanner\",\"values\":[\"" + ip + "\"]}")));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        publishToTaskForce(a, indicator("[ipv4-addr:value = '" + ip + "']", null, false));

        JsonNode answer = json(submit(b, values(ip, "task-force")).body());

        assertThat(answer.path("matches")).isEmpty();
        assertThat(answer.path("sightings")).isEmpty();
        assertThat(answer.path("suppressed")).anySatisfy(hit -> {
            assertThat(hit.path("list").stringValue()).isEqualTo(list);
            assertThat(hit.path("reason").stringValue()).isEqualTo("our own scanner");
            assertThat(hit.path("value").stringValue()).isEqualTo(ip);
        });
        JsonNode lists = json(getAs(b, "/api/v1/warninglists").body()).path("warninglists");
        assertThat(lists.toString()).contains(list);
        assertThat(lists).anySatisfy(l -> assertThat(l.path("builtIn").asBoolean()).isTrue());
        String builtIn = java.util.stream.StreamSupport.stream(lists.spliterator(), false)
                .filter(l -> l.path("builtIn").asBoolean()).findFirst().orElseThrow().path("name").stringValue();
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/warninglists/" + builtIn))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).DELETE()).statusCode()).isEqualTo(409);
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/warninglists/" + list))
                .header("Authorization", "Bearer " + b).DELETE()).statusCode()).isEqualTo(403);
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/warninglists/" + list))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).DELETE()).statusCode()).isEqualTo(204);
        assertThat(json(submit(b, values(ip, "task-force")).body()).path("matches")).hasSize(1);
    }

    @Test
    void aPatternTheIndexCannotDecideIsVerifiedAcrossTheSubmissionsObservations() {
        String ip = freshIp();
        String domain = "c2-" + run + "-" + ThreadLocalRandom.current().nextInt(1_000_000) + ".net";
        String indicator = indicator("[ipv4-addr:value = '" + ip + "'] AND [domain-name:value = '" + domain + "']", null, false);
        publishToTaskForce(a, indicator);

        assertThat(json(submit(b, values(ip, "task-force")).body()).path("matches")).as("one half only").isEmpty();
        JsonNode both = json(submit(b, "{\"values\":[\"" + ip + "\",\"" + domain + "\"],\"sharing\":{\"audience\":"
                + "{\"kind\":\"task-force\",\"taskForce\":" + tf.value() + "}}}").body());

        assertThat(both.path("matches")).hasSize(1);
        assertThat(both.path("matches").get(0).path("observed_data_refs")).hasSize(2);
        assertThat(both.path("sightings").get(0).path("count").asInt()).isEqualTo(2);
        assertThat(both.path("sightings").get(0).path("observed_data_refs")).hasSize(2);
    }

    @Test
    void aRevokedIndicatorNoLongerMatches() {
        String ip = freshIp();
        String indicator = indicator("[ipv4-addr:value = '" + ip + "']", null, false);
        publishToTaskForce(a, indicator);
        assertThat(json(submit(b, values(ip, "task-force")).body()).path("matches")).hasSize(1);

        publishToTaskForce(a, indicator.replace("\"modified\":\"2025-06-26T08:00:00.000Z\"", "\"modified\":\"2025-06-27T08:00:00.000Z\"")
                .replace("\"revoked\":false", "\"revoked\":true"));

        assertThat(json(submit(b, values(ip, "task-force")).body()).path("matches")).isEmpty();
    }

    @Test
    void anIndicatorPastItsValidUntilDoesNotMatch() throws InterruptedException {
        String past = freshIp();
        publishToTaskForce(a, indicator("[ipv4-addr:value = '" + past + "']", null, false)
                .replace("\"valid_from\":\"2025-01-01T00:00:00Z\"", "\"valid_from\":\"2025-01-01T00:00:00Z\",\"valid_until\":\"2025-02-01T00:00:00Z\""));
        assertThat(json(submit(b, values(past, "task-force")).body()).path("matches")).isEmpty();

        String soon = freshIp();
        Instant until = Instant.now().plusSeconds(2);
        publishToTaskForce(a, indicator("[ipv4-addr:value = '" + soon + "']", null, false)
                .replace("\"valid_from\":\"2025-01-01T00:00:00Z\"", "\"valid_from\":\"2025-01-01T00:00:00Z\",\"valid_until\":\"" + until + "\""));
        assertThat(json(submit(b, values(soon, "task-force")).body()).path("matches")).hasSize(1);
        Thread.sleep(Duration.between(Instant.now(), until).plusMillis(200).toMillis());
        assertThat(json(submit(b, values(soon, "task-force")).body()).path("matches")).isEmpty();
    }

    @Autowired
    IndicatorCatalog catalog;
    @Autowired
    org.entente.intel.StixStore store;
    @Autowired
    WarninglistRegistry warninglists;
    @Autowired
    org.entente.node.Cluster cluster;

    @Test
    void theCatalogLoadsCurrentIndicatorsSweepsExpiredOnesAndCountsUnparsablePatterns() throws InterruptedException {
        String current = indicator("[ipv4-addr:value = '" + freshIp() + "']", null, false);
        String revoked = indicator("[ipv4-addr:value = '" + freshIp() + "']", null, true);
        String broken = indicator("[ipv4-addr:value = ", null, false);
        String other = indicator("alert tcp any any -> any any", null, false).replace("\"pattern_type\":\"stix\"", "\"pattern_type\":\"snort\"");
        String expiring = indicator("[ipv4-addr:value = '" + freshIp() + "']", null, false)
                .replace("\"valid_from\":\"2025-01-01T00:00:00Z\"", "\"valid_from\":\"2025-01-01T00:00:00Z\",\"valid_until\":\""
                        + Instant.now().plusSeconds(1) + "\"");
        for (String i : List.of(current, revoked, broken, other, expiring)) {
            publishToTaskForce(a, i);
        }
        org.entente.stix.StixId expiringId = org.entente.stix.StixId.parse(json(expiring).path("id").stringValue());
        assertThat(catalog.entry(expiringId)).isPresent();
        assertThat(catalog.status().unparsableExamples()).containsKey(json(broken).path("id").stringValue());
        assertThat(json(getAs(adminA, "/api/v1/correlation").body()).path("unparsable").asLong()).isPositive();

        // A node starting now reads the same catalog back from PostgreSQL.
        IndicatorCatalog fresh = new IndicatorCatalog(store, warninglists, cluster);
        fresh.load();
        assertThat(fresh.status().state()).isEqualTo(IndicatorCatalog.State.READY);
        assertThat(fresh.entry(id(current))).isPresent();
        // Read back as the store has it (type and version not swapped): a newer version can replace it.
        assertThat(fresh.entry(id(current)).orElseThrow().version())
                .isEqualTo(IndicatorCatalog.versionBits("2025-06-26T08:00:00.000000000Z"));
        var loaded = fresh.entry(id(current)).orElseThrow();
        fresh.apply(new org.entente.intel.StoredVersion(loaded.id().toString(), "indicator", "2025-06-25T08:00:00.000000000Z",
                true, java.util.Optional.empty(), java.util.Optional.of("[ipv4-addr:value = '1.2.3.4']"), java.util.Optional.of("stix"),
                java.util.Optional.empty(), loaded.label(), null), true);
        assertThat(fresh.entry(id(current))).as("an older version arriving late").contains(loaded);
        fresh.apply(new org.entente.intel.StoredVersion(loaded.id().toString(), "indicator", "2025-06-27T08:00:00.000000000Z",
                true, java.util.Optional.empty(), java.util.Optional.of("[ipv4-addr:value = '1.2.3.4']"), java.util.Optional.of("stix"),
                java.util.Optional.empty(), loaded.label(), null), true);
        assertThat(fresh.entry(id(current))).as("a newer, revoking version").isEmpty();
        fresh.apply(new org.entente.intel.StoredVersion(loaded.id().toString(), "indicator", "2025-06-26T08:00:00.000000000Z",
                false, java.util.Optional.empty(), java.util.Optional.of("[ipv4-addr:value = '1.2.3.4']"), java.util.Optional.of("stix"),
                java.util.Optional.empty(), loaded.label(), null), true);
        assertThat(fresh.entry(id(current))).as("the older version again, after the revocation").isEmpty();
        assertThat(fresh.entry(id(revoked))).isEmpty();
        assertThat(fresh.entry(id(broken))).isEmpty();
        assertThat(fresh.entry(id(other))).isEmpty();
        assertThat(fresh.status().unparsableExamples()).containsKey(json(broken).path("id").stringValue());
        fresh.stop();

        Thread.sleep(1_200);
        catalog.sweep();
        assertThat(catalog.entry(expiringId)).isEmpty();
    }

    @Test
    void theCatalogsCountsAreTheCallersView() {
        JsonNode beforeA = json(getAs(adminA, "/api/v1/correlation").body());
        JsonNode beforeC = json(getAs(adminC, "/api/v1/correlation").body());
        assertThat(beforeA.path("catalog").stringValue()).isEqualTo("ready");
        assertThat(beforeA.path("loaded_percent").asInt()).isEqualTo(100);
        assertThat(beforeA.has("read")).isFalse();

        publishToTaskForce(a, indicator("[ipv4-addr:value = '" + freshIp() + "']", null, false));
        publishToTaskForce(a, indicator("[ipv4-addr:value = ", null, false));

        // An administrator of A's organisation (in TF) sees both; one of C's (outside TF) sees neither:
        // not in the indicators, not in the unparsable ones, nowhere else in the answer.
        JsonNode afterA = json(getAs(adminA, "/api/v1/correlation").body());
        JsonNode afterC = json(getAs(adminC, "/api/v1/correlation").body());
        assertThat(afterA.path("indicators").asLong()).isEqualTo(beforeA.path("indicators").asLong() + 1);
        assertThat(afterA.path("unparsable").asLong()).isEqualTo(beforeA.path("unparsable").asLong() + 1);
        assertThat(afterC).isEqualTo(beforeC);
        // The node's own administrator (another organisation) only sees what that organisation may read.
        JsonNode node = json(get("/api/v1/correlation").body());
        assertThat(node.path("indicators").asLong()).isLessThan(catalog.status().indicators());
        assertThat(afterA.toString()).doesNotContain("examples");
        // Not administrators: no counts at all.
        assertThat(getAs(c, "/api/v1/correlation").statusCode()).isEqualTo(403);
    }

    private static org.entente.stix.StixId id(String object) {
        return org.entente.stix.StixId.parse(json(object).path("id").stringValue());
    }

    @Test
    void observedDataArrivingByImportIsCorrelatedToo() {
        String ip = freshIp();
        publishToTaskForce(a, indicator("[ipv4-addr:value = '" + ip + "']", null, false));
        String sco = ObservedValue.infer(ip).orElseThrow().sco().toString();
        String scoId = json(sco).path("id").stringValue();
        String od = """
                {"type":"observed-data","spec_version":"2.1","id":"observed-data--%s","created":"2025-06-26T08:00:00.000Z",
                 "modified":"2025-06-26T08:00:00.000Z","first_observed":"2025-06-26T08:00:00Z","last_observed":"2025-06-26T08:00:00Z",
                 "number_observed":3,"object_refs":["%s"]}""".formatted(UUID.randomUUID(), scoId);
        HttpResponse<String> imported = send(HttpRequest.newBuilder(uri("/api/v1/objects?audience=task-force&task_force=" + tf.value()))
                .header("Authorization", "Bearer " + b).header("Content-Type", "application/stix+json")
                .POST(HttpRequest.BodyPublishers.ofString(Stix.bundle(List.of(sco, od)))));
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);

        Notification alert = awaitNotice(n -> n.kind().equals("alert") && n.payloadJson().contains(json(od).path("id").stringValue()));
        assertThat(getAs(a, "/api/v1/objects/" + alert.subjectId()).statusCode()).isEqualTo(200);
        assertThat(json(getAs(a, "/api/v1/objects/" + alert.subjectId()).body()).path("count").asInt()).isEqualTo(3);
    }

    @Test
    void badValuesAreRefusedByPointerAndNothingIsStored() {
        long before = count(b, "observed-data");
        HttpResponse<String> refused = submit(b, "{\"values\":[\"" + freshIp() + "\",\"evil.example\",\"https://x.example/a\",\"not a thing\"]}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused.body()).path("detail").stringValue()).isEqualTo("/values/3: not an IP, domain, URL, e-mail or hash");
        assertThat(json(refused.body()).path("pointer").stringValue()).isEqualTo("/values/3");
        assertThat(count(b, "observed-data")).isEqualTo(before);
        HttpResponse<String> noTaskForce = submit(b, "{\"values\":[\"" + freshIp() + "\"],\"sharing\":{\"audience\":"
                + "{\"kind\":\"task-force\",\"taskForce\":987654321}}}");
        assertThat(noTaskForce.statusCode()).isEqualTo(400);
        assertThat(count(b, "observed-data")).isEqualTo(before);
    }

    // --- helpers

    /** A notice C may see (whole community), to know C's channels are caught up. */
    private String publishWholeCommunityMarker() {
        String marker = Stix.identity("Marker " + run + " " + UUID.randomUUID());
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/objects?tlp=green&audience=whole-community"))
                .header("Authorization", "Bearer " + a).header("Content-Type", "application/stix+json")
                .POST(HttpRequest.BodyPublishers.ofString(Stix.bundle(List.of(marker)))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(marker).path("id").stringValue();
    }

    /** A user's live stream (GET /api/v1/stream). */
    SseStream sse(String token) throws Exception {
        return new SseStream(http, uri("/api/v1/stream"), token);
    }

    /** A webhook registered by a user, received by a local HTTP server. */
    final class Hook implements AutoCloseable {
        private final List<String> bodies = new CopyOnWriteArrayList<>();
        private final com.sun.net.httpserver.HttpServer server;
        private final long id;
        private final String token;

        Hook(String token) throws Exception {
            this.token = token;
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/webhooks")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"url\":\"http://127.0.0.1:" + server.getAddress().getPort() + "/hook\"}")));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            id = json(r.body()).path("id").asLong();
        }

        void await(String subjectId) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                if (saw(subjectId)) {
                    return;
                }
                Thread.sleep(50);
            }
            throw new AssertionError("no webhook request about " + subjectId + "; got " + bodies.size());
        }

        boolean saw(String text) {
            return bodies.stream().anyMatch(b -> b.contains(text));
        }

        @Override
        public void close() {
            send(HttpRequest.newBuilder(uri("/api/v1/webhooks/" + id)).header("Authorization", "Bearer " + token).DELETE());
            server.stop(0);
        }
    }

    private String values(String value, String audience) {
        String a = audience.equals("task-force") ? "{\"kind\":\"task-force\",\"taskForce\":" + tf.value() + "}"
                : "{\"kind\":\"" + audience + "\"}";
        return "{\"values\":[\"" + value + "\"],\"sharing\":{\"tlp\":\"amber\",\"audience\":" + a + "}}";
    }

    private static String freshIp() {
        var r = ThreadLocalRandom.current();
        return "45." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    private static String indicator(String pattern, String name, boolean revoked) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"indicator--%s","created":"2025-06-26T08:00:00.000Z",
                 "modified":"2025-06-26T08:00:00.000Z",%s"pattern":"%s","pattern_type":"stix",
                 "valid_from":"2025-01-01T00:00:00Z","revoked":%s}""".formatted(UUID.randomUUID(),
                name == null ? "" : "\"name\":\"" + name + "\",", pattern.replace("'", "'"), revoked);
    }

    private void publishToTaskForce(String token, String object) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/objects?audience=task-force&task_force=" + tf.value()))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/stix+json")
                .POST(HttpRequest.BodyPublishers.ofString(Stix.bundle(List.of(object)))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r.body()).path("stored").asLong()).as(r.body()).isEqualTo(1);
    }

    private HttpResponse<String> submit(String token, String body) {
        return send(HttpRequest.newBuilder(uri("/api/v1/observations")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private long count(String token, String type) {
        return json(getAs(token, "/api/v1/objects/count?type=" + type).body()).path("count").asLong();
    }

    private HttpResponse<String> getAs(String token, String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET());
    }

    private Notification awaitNotice(String kind, String subjectId) {
        return awaitNotice(n -> n.kind().equals(kind) && n.subjectId().equals(subjectId));
    }

    private Notification awaitNotice(java.util.function.Predicate<Notification> wanted) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            var found = NOTICES.stream().filter(wanted).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no such notice within 60 s; got " + NOTICES);
    }

    private String token(long userId) {
        String token = "correlation-" + UUID.randomUUID();
        jdbc.update("insert into api_token (user_id, token_hash, label) values (?, sha256(convert_to(?, 'UTF8')), 'test')", userId, token);
        return token;
    }
}
