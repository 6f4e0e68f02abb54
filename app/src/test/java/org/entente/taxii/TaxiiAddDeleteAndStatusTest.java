package org.entente.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.entente.stix.StixTimestamp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import tools.jackson.databind.JsonNode;

/** TAXII 2.1 writing: 5.5 (add objects), 4.3 (status), 5.7 (delete an object). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaxiiAddDeleteAndStatusTest extends TaxiiTestSupport {

    static final String T1 = "2025-02-01T00:00:00.000Z";
    static final String T2 = "2025-03-01T00:00:00.000Z";

    Cast k;
    String inbox;
    String taskForce;

    @BeforeAll
    void community() {
        k = cast();
        inbox = inbox(k.a1Publisher);
        taskForce = collectionId(k.a1Publisher, k.taskForceTitle);
    }

    // --- 5.5 add objects + 4.3 status ------------------------------------------------------------

    @Test
    @DisplayName("5.5/4.3: POST answers 202 with a pending status resource, which completes with counts and successes")
    void addIsAcceptedThenCompletes() {
        String a = newId("identity");
        String b = newId("malware");
        String c = newId("indicator");
        HttpResponse<String> r = post(k.a1Analyst, objectsPath(inbox),
                envelope(identity(a, "A " + k.run, T1), malware(b, T2), indicator(c, T1)));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertTaxiiMediaType(r);
        JsonNode pending = json(r.body());
        assertThat(UUID.fromString(pending.path("id").asString())).isNotNull();
        assertThat(pending.path("status").asString()).isEqualTo("pending");
        assertThat(StixTimestamp.tryParse(pending.path("request_timestamp").asString())).isPresent();
        assertThat(pending.path("total_count").asInt()).isEqualTo(3);
        assertThat(pending.path("pending_count").asInt()).isEqualTo(3);
        assertThat(pending.path("success_count").asInt()).isZero();
        assertThat(pending.path("failure_count").asInt()).isZero();
        assertThat(keys(pending.path("pendings"), "version")).containsExactly(a + "|" + T1, b + "|" + T2, c + "|" + T1);

        JsonNode done = awaitStatus(k.a1Analyst, pending.path("id").asString());
        assertThat(done.path("id").asString()).isEqualTo(pending.path("id").asString());
        assertThat(done.path("total_count").asInt()).isEqualTo(3);
        assertThat(done.path("success_count").asInt()).isEqualTo(3);
        assertThat(done.path("failure_count").asInt()).isZero();
        assertThat(done.path("pending_count").asInt()).isZero();
        assertThat(done.path("pendings").size()).isZero();
        assertThat(keys(done.path("successes"), "version")).containsExactlyInAnyOrder(a + "|" + T1, b + "|" + T2, c + "|" + T1);
        assertThat(ids(ok(get(k.a1Analyst, objectsPath(inbox) + "?match[id]=" + a + "," + b + "," + c)).path("objects")))
                .containsExactly(a, b, c);
    }

    @Test
    @DisplayName("5.5/4.3: invalid objects are failures with a message; the valid ones of the same POST are stored")
    void invalidObjectsAreReportedAsFailures() {
        String good1 = newId("identity");
        String noName = newId("identity");
        String wrongType = newId("indicator");
        String badTimes = newId("malware");
        String good2 = newId("malware");
        JsonNode status = add(k.a1Publisher, inbox, List.of(
                identity(good1, "good " + k.run, T1),
                """
                {"type":"identity","spec_version":"2.1","id":"%s","created":"%s","modified":"%s"}""".formatted(noName, T1, T1),
                malware(wrongType, T1),
                malware(badTimes, "2024-01-01T00:00:00.000Z"), // modified before created
                malware(good2, T2)));

        assertThat(status.path("total_count").asInt()).isEqualTo(5);
        assertThat(status.path("success_count").asInt()).as(status.toString()).isEqualTo(2);
        assertThat(status.path("failure_count").asInt()).as(status.toString()).isEqualTo(3);
        assertThat(ids(status.path("successes"))).containsExactlyInAnyOrder(good1, good2);
        assertThat(ids(status.path("failures"))).containsExactlyInAnyOrder(noName, wrongType, badTimes);
        for (JsonNode f : status.path("failures")) {
            assertThat(f.path("message").asString("")).as(f.toString()).isNotBlank();
            assertThat(f.path("version").asString("")).as(f.toString()).isNotBlank();
        }
        assertThat(status.path("failures").toString()).contains("name");
        ok(get(k.a1Publisher, objectPath(inbox, good1)));
        ok(get(k.a1Publisher, objectPath(inbox, good2)));
        for (String bad : List.of(noName, wrongType, badTimes)) {
            assertTaxiiError(get(k.a1Publisher, objectPath(inbox, bad)), 404);
        }
    }

    @Test
    @DisplayName("5.5: adding an object again is a success and stores no second copy")
    void addingAgainIsASuccess() {
        String a = newId("malware");
        addAll(k.a1Publisher, inbox, malware(a, T1));
        addAll(k.a1Publisher, inbox, malware(a, T1));

        assertThat(ok(get(k.a1Publisher, objectsPath(inbox) + a + "/versions/")).path("versions").size()).isEqualTo(1);
    }

    @Test
    @DisplayName("5.5/4.3: a version another organisation already holds is a failure with a message, not a success: it is not in the caller's collection")
    void aVersionHeldByAnotherOrganisationIsAFailure() {
        String mine = newId("malware");
        String shared = newId("malware");
        addAll(k.a1Publisher, inbox, malware(mine, T1));
        addAll(k.a1Publisher, taskForce, malware(shared, T1));

        JsonNode intoInbox = add(k.b1Publisher, inbox(k.b1Publisher), List.of(malware(mine, T1), malware(shared, T1)));
        assertThat(intoInbox.path("success_count").asInt()).as(intoInbox.toString()).isZero();
        assertThat(intoInbox.path("failure_count").asInt()).isEqualTo(2);
        assertThat(intoInbox.path("failures").get(0).path("message").asString()).contains("another organisation");
        assertThat(ok(get(k.b1Publisher, objectsPath(inbox(k.b1Publisher)) + "?match[id]=" + mine + "," + shared))
                .path("objects").size()).isZero();

        // Into the task force: the shared version is in that collection already (a success), the other is not.
        JsonNode intoTaskForce = add(k.b1Publisher, taskForce, List.of(malware(mine, T1), malware(shared, T1)));
        assertThat(ids(intoTaskForce.path("successes"))).containsExactly(shared);
        assertThat(ids(intoTaskForce.path("failures"))).containsExactly(mine);
    }

    @Test
    @DisplayName("5.5: an empty envelope is accepted and completes with nothing")
    void emptyEnvelope() {
        for (String body : List.of("{}", "{\"objects\":[]}", "{\"more\":false,\"objects\":[]}")) {
            HttpResponse<String> r = post(k.a1Publisher, objectsPath(inbox), body);
            assertThat(r.statusCode()).as(body + " -> " + r.body()).isEqualTo(202);
            JsonNode done = awaitStatus(k.a1Publisher, json(r.body()).path("id").asString());
            assertThat(done.path("total_count").asInt()).isZero();
        }
    }

    @Test
    @DisplayName("5.5: a body that is not an envelope (array, bundle, bare object, objects not an array, bad JSON) is 400 and stores nothing")
    void bodyMustBeAnEnvelope() {
        String id = newId("malware");
        String obj = malware(id, T1);
        for (String body : List.of("[" + obj + "]",
                "{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":[" + obj + "]}",
                obj,
                "{\"objects\":" + obj + "}",
                "{\"objects\":5}",
                "{\"objects\":[" + obj,
                "\"objects\"",
                "")) {
            assertTaxiiError(post(k.a1Publisher, objectsPath(inbox), body), 400);
        }
        assertTaxiiError(get(k.a1Publisher, objectPath(inbox, id)), 404);
    }

    @Test
    @DisplayName("5.5: a Content-Type other than application/taxii+json;version=2.1 is 415")
    void wrongContentTypeIs415() {
        String body = envelope(malware(newId("malware"), T1));
        for (String type : List.of("application/json", "application/stix+json;version=2.1", "application/taxii+json;version=2.0",
                "text/plain", "application/xml", "not a media type")) {
            assertTaxiiError(request("POST", objectsPath(inbox), k.a1Publisher.bearer(), TAXII, type, body), 415);
        }
        assertTaxiiError(request("POST", objectsPath(inbox), k.a1Publisher.bearer(), TAXII, null, body), 415);
        // application/taxii+json without version means the latest, 2.1: accepted.
        HttpResponse<String> r = request("POST", objectsPath(inbox), k.a1Publisher.bearer(), TAXII, "application/taxii+json", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        awaitStatus(k.a1Publisher, json(r.body()).path("id").asString());
    }

    @Test
    @DisplayName("5.5/4.2: a request larger than the API root's max_content_length is 413, announced or streamed")
    void tooLargeIs413() {
        long max = ok(get(k.a1Publisher, ROOT)).path("max_content_length").asLong();
        byte[] body = oversized(max);

        HttpResponse<String> announced = send(HttpRequest.newBuilder(uri(objectsPath(inbox)))
                .header("Authorization", k.a1Publisher.bearer()).header("Accept", TAXII).header("Content-Type", TAXII)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertTaxiiError(announced, 413);

        HttpResponse<String> streamed = send(HttpRequest.newBuilder(uri(objectsPath(inbox)))
                .header("Authorization", k.a1Publisher.bearer()).header("Accept", TAXII).header("Content-Type", TAXII)
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(body))));
        assertTaxiiError(streamed, 413);

        assertThat(ok(get(k.a1Publisher, objectsPath(inbox) + "?match[id]=" + firstOversizedId)).path("objects").size()).isZero();
    }

    String firstOversizedId;

    /** A well-formed envelope of valid objects, one byte over {@code max}. */
    private byte[] oversized(long max) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) max + (1 << 20));
        String padding = "x".repeat(60_000);
        out.writeBytes("{\"objects\":[".getBytes(StandardCharsets.UTF_8));
        boolean first = true;
        while (out.size() < max) {
            String id = newId("malware");
            if (firstOversizedId == null) {
                firstOversizedId = id;
            }
            String o = malware(id, T1).replace("\"is_family\":true", "\"is_family\":true,\"description\":\"" + padding + "\"");
            out.writeBytes(((first ? "" : ",") + o).getBytes(StandardCharsets.UTF_8));
            first = false;
        }
        out.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    @DisplayName("5.5/5.1: a reader cannot write (403 on the Inbox); an analyst cannot write to a task force; nobody writes to Everything")
    void writePermissions() {
        String body = envelope(malware(newId("malware"), T1));
        assertTaxiiError(post(k.a1Reader, objectsPath(inbox), body), 403);
        assertTaxiiError(post(k.a1Liaison, objectsPath(inbox), body), 403);
        assertTaxiiError(post(k.a1Analyst, objectsPath(taskForce), body), 403);
        String everything = collectionId(k.a1Publisher, "Everything you may see");
        assertTaxiiError(post(k.a1Publisher, objectsPath(everything), body), 403);
        assertTaxiiError(post(k.a1Publisher, objectsPath(UUID.randomUUID().toString()), body), 404);
    }

    @Test
    @DisplayName("5.5: a publisher's add to a task-force collection reaches the other members of the task force")
    void taskForceAddReachesMembers() {
        String id = newId("indicator");
        addAll(k.a1Publisher, taskForce, indicator(id, T1));

        assertThat(ids(ok(get(k.b1Analyst, objectsPath(taskForce) + "?match[id]=" + id)).path("objects"))).containsExactly(id);
        assertThat(ids(ok(get(k.b1Analyst, objectsPath(collectionId(k.b1Analyst, "Everything you may see")) + "?match[id]=" + id))
                .path("objects"))).containsExactly(id);
        // ... but not the owner's Inbox of another organisation, nor a non-member.
        assertThat(ok(get(k.b1Analyst, objectsPath(inbox(k.b1Analyst)) + "?match[id]=" + id)).path("objects").size()).isZero();
        assertThat(ok(get(k.c1Publisher, objectsPath(collectionId(k.c1Publisher, "Everything you may see")) + "?match[id]=" + id))
                .path("objects").size()).isZero();
    }

    @Test
    @DisplayName("4.3: a status belongs to the user who posted: others (same or other organisation) get 404, as for unknown ids")
    void someoneElsesStatusIsNotFound() {
        HttpResponse<String> r = post(k.a1Publisher, objectsPath(inbox), envelope(malware(newId("malware"), T1)));
        String id = json(r.body()).path("id").asString();
        awaitStatus(k.a1Publisher, id);

        assertTaxiiError(get(k.a1Analyst, ROOT + "status/" + id + "/"), 404);
        assertTaxiiError(get(k.b1Publisher, ROOT + "status/" + id + "/"), 404);
        assertTaxiiError(get(k.a1Publisher, ROOT + "status/" + UUID.randomUUID() + "/"), 404);
        assertTaxiiError(get(k.a1Publisher, ROOT + "status/not-a-uuid/"), 404);
    }

    // --- 5.7 delete -------------------------------------------------------------------------------

    @Test
    @DisplayName("5.7: the owner's organisation deletes an object; afterwards get, versions and manifest know it no more (404)")
    void ownerDeletes() {
        String id = newId("malware");
        addAll(k.a1Publisher, inbox, malware(id, T1), malware(id, T2));

        HttpResponse<String> deleted = delete(k.a1Analyst, objectPath(inbox, id));
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);

        assertTaxiiError(get(k.a1Publisher, objectPath(inbox, id)), 404);
        assertTaxiiError(get(k.a1Publisher, objectsPath(inbox) + id + "/versions/"), 404);
        assertThat(ok(get(k.a1Publisher, manifestPath(inbox) + "?match[id]=" + id + "&match[version]=all")).path("objects").size()).isZero();
        assertTaxiiError(delete(k.a1Analyst, objectPath(inbox, id)), 404);
    }

    @Test
    @DisplayName("5.7: match[version] deletes only that version")
    void deleteOneVersion() {
        String id = newId("malware");
        addAll(k.a1Publisher, inbox, malware(id, T1), malware(id, T2));

        HttpResponse<String> deleted = delete(k.a1Publisher, objectPath(inbox, id) + "?match[version]=" + T1);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);

        assertThat(ok(get(k.a1Publisher, objectsPath(inbox) + id + "/versions/")).path("versions").valueStream()
                .map(JsonNode::asString)).containsExactly(T2);
    }

    @Test
    @DisplayName("5.7: only the owner's organisation may delete: another task-force member 403, a reader 403, a non-member 404")
    void othersCannotDelete() {
        String id = newId("indicator");
        addAll(k.a1Publisher, taskForce, indicator(id, T1));

        assertTaxiiError(delete(k.b1Publisher, objectPath(taskForce, id)), 403);
        assertTaxiiError(delete(k.a1Reader, objectPath(taskForce, id)), 403);
        assertTaxiiError(delete(k.a1Analyst, objectPath(taskForce, id)), 403); // the task force is read-only for analysts
        assertTaxiiError(delete(k.a1Publisher, objectPath(collectionId(k.a1Publisher, "Everything you may see"), id)), 403);
        assertTaxiiError(delete(k.c1Publisher, objectPath(taskForce, id)), 404);
        assertTaxiiError(delete(k.c1Publisher, objectPath(inbox, id)), 404);
        ok(get(k.b1Publisher, objectPath(taskForce, id)));

        String own = newId("malware");
        addAll(k.a1Publisher, inbox, malware(own, T1));
        assertTaxiiError(delete(k.a2Publisher, objectPath(inbox, own)), 404); // not even visible to A2
        ok(get(k.a1Publisher, objectPath(inbox, own)));
    }

    private static List<String> keys(JsonNode details, String versionField) {
        return details.valueStream().map(d -> d.path("id").asString() + "|" + d.path(versionField).asString()).toList();
    }
}
