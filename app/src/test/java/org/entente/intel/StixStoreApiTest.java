package org.entente.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.entente.support.RunningNode;
import org.entente.support.Stix;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** The store through its HTTP API, as a member's tooling uses it. */
class StixStoreApiTest extends RunningNode {

    @Test
    void aBundleMixingValidAndInvalidObjectsStoresExactlyTheValidOnes() {
        String good1 = Stix.identity("Ministry of Defence");
        String good2 = Stix.identity("National CERT");
        String missingModified = """
                {"type":"identity","spec_version":"2.1","id":"identity--%s","created":"2025-06-26T08:00:00.000Z","name":"x"}"""
                .formatted(UUID.randomUUID());
        String idOfOtherType = """
                {"type":"identity","spec_version":"2.1","id":"malware--%s","created":"2025-06-26T08:00:00.000Z",
                 "modified":"2025-06-26T08:00:00.000Z","name":"x"}""".formatted(UUID.randomUUID());
        String modifiedBeforeCreated = """
                {"type":"identity","spec_version":"2.1","id":"identity--%s","created":"2025-06-26T08:00:00.000Z",
                 "modified":"2024-01-01T00:00:00.000Z","name":"x"}""".formatted(UUID.randomUUID());
        String good3 = Stix.identity("Border Guard");

        HttpResponse<String> response = post("/api/v1/objects",
                Stix.bundle(List.of(good1, missingModified, good2, idOfOtherType, modifiedBeforeCreated, good3)));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode summary = json(response.body());
        assertThat(summary.path("received").asInt()).isEqualTo(6);
        assertThat(summary.path("stored").asInt()).isEqualTo(3);
        assertThat(summary.path("alreadyPresent").asInt()).isZero();
        List<String> rejections = new ArrayList<>();
        for (JsonNode r : summary.path("rejected")) {
            for (JsonNode reason : r.path("reasons")) {
                rejections.add(r.path("index").asInt() + " " + reason.path("rule").asString() + " " + reason.path("pointer").asString());
            }
        }
        assertThat(rejections).containsExactly(
                "1 required-property /objects/1/modified",
                "3 identifier-type-mismatch /objects/3/id",
                "4 modified-before-created /objects/4/modified");
        for (String good : List.of(good1, good2, good3)) {
            assertThat(get("/api/v1/objects/" + json(good).path("id").asString()).statusCode()).isEqualTo(200);
        }
        assertThat(get("/api/v1/objects/" + json(missingModified).path("id").asString()).statusCode()).isEqualTo(404);
    }

    @Test
    void resubmittingTheSameVersionChangesNothing() {
        String object = Stix.identity("Coast Guard");
        String id = json(object).path("id").asString();

        JsonNode first = json(post("/api/v1/objects", object).body());
        JsonNode second = json(post("/api/v1/objects", Stix.bundle(List.of(object))).body());

        assertThat(first.path("stored").asInt()).isEqualTo(1);
        assertThat(second.path("stored").asInt()).isZero();
        assertThat(second.path("alreadyPresent").asInt()).isEqualTo(1);
        assertThat(json(get("/api/v1/objects/" + id + "?version=all").body()).path("objects").size()).isEqualTo(1);
    }

    @Test
    void aNewerModifiedIsANewVersionAndEveryVersionStaysReadable() {
        String id = "identity--" + UUID.randomUUID();
        post("/api/v1/objects", Stix.identity(id, "Old name", "2025-06-26T08:00:00.000Z"));
        post("/api/v1/objects", Stix.identity(id, "New name", "2025-06-27T08:00:00.000Z"));

        assertThat(json(get("/api/v1/objects/" + id).body()).path("name").asString()).isEqualTo("New name");
        assertThat(json(get("/api/v1/objects/" + id + "?version=2025-06-26T08:00:00.000Z").body()).path("name").asString())
                .isEqualTo("Old name");
        JsonNode all = json(get("/api/v1/objects/" + id + "?version=all").body());
        assertThat(all.path("type").asString()).isEqualTo("bundle");
        assertThat(all.path("objects").valueStream().map(o -> o.path("name").asString()))
                .containsExactly("Old name", "New name");
    }

    @Test
    void timestampPrecisionIsKeptAndVersionsDifferingBelowAMicrosecondStayDistinct() {
        String id = "identity--" + UUID.randomUUID();
        post("/api/v1/objects", Stix.identity(id, "a", "2025-06-26T08:00:00.123456789Z"));
        post("/api/v1/objects", Stix.identity(id, "b", "2025-06-26T08:00:00.123456788Z"));
        post("/api/v1/objects", Stix.identity(id, "c", "2025-06-26T08:00:00.000Z"));

        JsonNode all = json(get("/api/v1/objects/" + id + "?version=all").body());
        assertThat(all.path("objects").valueStream().map(o -> o.path("modified").asString()))
                .containsExactly("2025-06-26T08:00:00.000Z", "2025-06-26T08:00:00.123456788Z", "2025-06-26T08:00:00.123456789Z");
        assertThat(json(get("/api/v1/objects/" + id).body()).path("name").asString()).isEqualTo("a");
    }

    @Test
    void aRevokedObjectReceivesNoNewerVersion() {
        String id = "malware--" + UUID.randomUUID();
        post("/api/v1/objects", Stix.malware(id, "2025-02-01T00:00:00.000Z", true));

        JsonNode later = json(post("/api/v1/objects", Stix.malware(id, "2025-03-01T00:00:00.000Z", false)).body());

        assertThat(later.path("stored").asInt()).isZero();
        assertThat(later.path("rejected").get(0).path("reasons").get(0).path("rule").asString()).isEqualTo("revoked-is-final");
        assertThat(json(get("/api/v1/objects/" + id).body()).path("revoked").asBoolean()).isTrue();
    }

    @Test
    void aRevocationAndALaterVersionInTheSameBundleKeepTheRevocationFinal() {
        String id = "malware--" + UUID.randomUUID();
        JsonNode summary = json(post("/api/v1/objects", Stix.bundle(List.of(
                Stix.malware(id, "2025-03-01T00:00:00.000Z", false),
                Stix.malware(id, "2025-02-01T00:00:00.000Z", true)))).body());

        assertThat(summary.path("stored").asInt()).isEqualTo(1);
        assertThat(summary.path("rejected").get(0).path("index").asInt()).isZero();
    }

    @Test
    void malformedJsonMidStreamKeepsTheObjectsBeforeItAndNamesLineAndColumn() {
        String a = Stix.identity("Before the error 1");
        String b = Stix.identity("Before the error 2");
        String broken = "{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":[\n"
                + a + ",\n" + b + ",\n{\"type\": \"identity\", \"name\": }\n]}";

        HttpResponse<String> response = post("/api/v1/objects", broken);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = json(response.body());
        assertThat(problem.path("line").asInt()).isEqualTo(6);
        assertThat(problem.path("column").asInt()).isPositive();
        assertThat(problem.path("summary").path("stored").asInt()).isEqualTo(2);
        assertThat(get("/api/v1/objects/" + json(a).path("id").asString()).statusCode()).isEqualTo(200);
        assertThat(problem.toString()).doesNotContain("Exception", "at org.");
    }

    @Test
    void eachStoredObjectGetsAStrictlyLaterDateAddedInInputOrder() {
        List<String> objects = IntStream.range(0, 30).mapToObj(i -> Stix.identity("Agency " + i)).toList();
        post("/api/v1/objects", Stix.bundle(objects));

        List<Instant> added = objects.stream()
                .map(o -> get("/api/v1/objects/" + json(o).path("id").asString()).headers()
                        .firstValue("X-Entente-Date-Added").orElseThrow())
                .map(Instant::parse).toList();
        for (int i = 1; i < added.size(); i++) {
            assertThat(added.get(i)).isAfter(added.get(i - 1));
        }
    }

    @Test
    void customObjectsAndPropertiesRoundTripExactly() {
        String custom = """
                {"type":"x-entente-briefing","spec_version":"2.1","id":"x-entente-briefing--%s",
                 "created":"2025-06-26T08:00:00.000Z","modified":"2025-06-26T08:00:00.000Z",
                 "x_score":1.10,"x_big":123456789012345678901234567890,"x_nested":{"a":[1,{"b":null}],"ünï":"κώδικας"}}"""
                .formatted(UUID.randomUUID());
        post("/api/v1/objects", custom);

        JsonNode stored = json(get("/api/v1/objects/" + json(custom).path("id").asString()).body());

        assertThat(stored).isEqualTo(json(custom));
        assertThat(stored.path("x_score").toString()).isEqualTo("1.10");
    }

    @Test
    void exportByTypeAndAddedSinceGivesBackExactlyWhatWasStored() {
        Instant before = Instant.now();
        String type = "x-export-probe-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> objects = IntStream.range(0, 5).mapToObj(i -> """
                {"type":"%s","spec_version":"2.1","id":"%s--%s","created":"2025-06-26T08:00:00.000Z",
                 "modified":"2025-06-26T08:00:00.000Z","x_n":%d}""".formatted(type, type, UUID.randomUUID(), i)).toList();
        post("/api/v1/objects", Stix.bundle(objects));

        JsonNode export = json(get("/api/v1/export?type=" + type + "&since=" + before).body());

        assertThat(export.path("type").asString()).isEqualTo("bundle");
        assertThat(export.path("objects").valueStream().toList())
                .containsExactlyElementsOf(objects.stream().map(RunningNode::json).toList());
    }

    @Test
    void searchFindsLatestVersionsByTypeAndText() {
        String marker = "Qingdao-" + UUID.randomUUID().toString().substring(0, 8);
        String id = "identity--" + UUID.randomUUID();
        post("/api/v1/objects", Stix.identity(id, "Old " + marker, "2025-06-26T08:00:00.000Z"));
        post("/api/v1/objects", Stix.identity(id, "Naval base " + marker, "2025-06-27T08:00:00.000Z"));

        JsonNode found = json(get("/api/v1/objects?type=identity&q=" + marker.toLowerCase()).body());

        assertThat(found.path("objects").valueStream().map(o -> o.path("name").asString()))
                .containsExactly("Naval base " + marker);
        assertThat(json(get("/api/v1/objects?type=malware&q=" + marker).body()).path("objects").size()).isZero();
    }

    @Test
    void missingAndMalformedIdsBothAnswerNotFoundAsProblemDetails() {
        HttpResponse<String> missing = get("/api/v1/objects/identity--" + UUID.randomUUID());
        HttpResponse<String> malformed = get("/api/v1/objects/not-an-id");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(malformed.statusCode()).isEqualTo(404);
        assertThat(json(missing.body()).path("status").asInt()).isEqualTo(404);
    }

    @Test
    void badParametersAreNamed() {
        HttpResponse<String> response = get("/api/v1/objects?limit=0");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).path("parameter").asString()).isEqualTo("limit");
        assertThat(json(get("/api/v1/export?since=yesterday").body()).path("parameter").asString()).isEqualTo("since");
    }

    @Test
    void withoutAValidTokenNothingIsReadOrWritten() {
        String object = Stix.identity("Should not be stored");
        HttpResponse<String> noToken = send(HttpRequest.newBuilder(uri("/api/v1/objects"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(object)));
        HttpResponse<String> wrongToken = send(HttpRequest.newBuilder(uri("/api/v1/export"))
                .header("Authorization", "Bearer not-" + ADMIN_TOKEN).GET());

        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/objects/" + json(object).path("id").asString()).statusCode()).isEqualTo(404);
    }
}
