package org.entente.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.TaskForceId;
import org.entente.community.Tier;
import org.entente.support.RunningNode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

/**
 * TAXII 2.1 requests against the shared test node, and a small community of its own for each test class:
 *
 * <pre>
 *   participant A (member): organisations A1 and A2     task force "TF" = {A, B}
 *   participant B (member): organisation B1
 *   participant C (member): organisation C1            (not in the task force)
 * </pre>
 *
 * Users of A1 have every role; B1 and C1 have a publisher and an analyst. Their organisations are fresh, so
 * each user's Inbox holds only what the test put there, whatever else the shared node stores.
 */
abstract class TaxiiTestSupport extends RunningNode {

    static final String TAXII = "application/taxii+json;version=2.1";
    static final String ROOT = "/taxii2/api/";
    static final String TLP_RED = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed";

    @Autowired
    Community community;
    @Autowired
    JdbcTemplate jdbc;

    /** A user of the test community with one role and an API token. */
    record User(String username, String token, String role) {
        String bearer() {
            return "Bearer " + token;
        }

        String basic(String password) {
            return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The test community (see the class comment). */
    static final class Cast {
        final String run = UUID.randomUUID().toString().substring(0, 8);
        ParticipantId a;
        ParticipantId b;
        ParticipantId c;
        OrganisationId a1;
        OrganisationId a2;
        OrganisationId b1;
        OrganisationId c1;
        TaskForceId taskForce;
        String taskForceTitle;
        User a1Reader;
        User a1Analyst;
        User a1Publisher;
        User a1Auditor;
        User a1Liaison;
        User a2Publisher;
        User b1Publisher;
        User b1Analyst;
        User c1Publisher;
    }

    Cast cast() {
        Cast k = new Cast();
        k.a = community.addParticipant("TAXII A " + k.run, Tier.MEMBER);
        k.b = community.addParticipant("TAXII B " + k.run, Tier.MEMBER);
        k.c = community.addParticipant("TAXII C " + k.run, Tier.MEMBER);
        k.a1 = community.addOrganisation(k.a, "A1 " + k.run);
        k.a2 = community.addOrganisation(k.a, "A2 " + k.run);
        k.b1 = community.addOrganisation(k.b, "B1 " + k.run);
        k.c1 = community.addOrganisation(k.c, "C1 " + k.run);
        String tfName = "TAXII TF " + k.run;
        k.taskForce = community.addTaskForce(tfName, "conformance testing", Set.of(k.a, k.b));
        k.taskForceTitle = "Task force: " + tfName;
        k.a1Reader = user(community, jdbc, k.a1, "reader");
        k.a1Analyst = user(community, jdbc, k.a1, "analyst");
        k.a1Publisher = user(community, jdbc, k.a1, "publisher");
        k.a1Auditor = user(community, jdbc, k.a1, "auditor");
        k.a1Liaison = user(community, jdbc, k.a1, "liaison");
        k.a2Publisher = user(community, jdbc, k.a2, "publisher");
        k.b1Publisher = user(community, jdbc, k.b1, "publisher");
        k.b1Analyst = user(community, jdbc, k.b1, "analyst");
        k.c1Publisher = user(community, jdbc, k.c1, "publisher");
        return k;
    }

    /** A user with one role and a fresh API token, on whichever node {@code community} and {@code jdbc} belong to. */
    static User user(Community community, JdbcTemplate jdbc, OrganisationId org, String role) {
        String username = "taxii-" + role + "-" + UUID.randomUUID().toString().substring(0, 8);
        var id = community.addUser(username, org, Set.of(role));
        String token = "taxii-test-" + UUID.randomUUID();
        jdbc.update("insert into api_token (user_id, token_hash, label) values (?, sha256(convert_to(?, 'UTF8')), 'taxii test')",
                id.value(), token);
        return new User(username, token, role);
    }

    // --- HTTP -----------------------------------------------------------------------------------

    HttpResponse<String> get(User user, String path) {
        return request("GET", path, user == null ? null : user.bearer(), TAXII, null, null);
    }

    HttpResponse<String> get(User user, String path, String accept) {
        return request("GET", path, user == null ? null : user.bearer(), accept, null, null);
    }

    HttpResponse<String> post(User user, String path, String body) {
        return request("POST", path, user.bearer(), TAXII, TAXII, body);
    }

    HttpResponse<String> delete(User user, String path) {
        return request("DELETE", path, user.bearer(), TAXII, null, null);
    }

    /** Any request; null authorization, accept or content type leave the header out. */
    HttpResponse<String> request(String method, String path, String authorization, String accept, String contentType,
                                 String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.uri() + " -> " + r.body()).isEqualTo(200);
        assertTaxiiMediaType(r);
        return json(r.body());
    }

    static void assertTaxiiMediaType(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type")).as("Content-Type of " + r.uri())
                .hasValueSatisfying(ct -> {
                    String normal = ct.toLowerCase().replace(" ", "");
                    assertThat(normal).startsWith("application/taxii+json;");
                    assertThat(normal).contains("version=2.1");
                });
    }

    /** The error message (3.6): title, description and http_status, as TAXII JSON, and no internals. */
    static JsonNode assertTaxiiError(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.uri() + " -> " + r.body()).isEqualTo(status);
        assertTaxiiMediaType(r);
        JsonNode e = json(r.body());
        assertThat(e.path("title").asString("")).as(r.body()).isNotBlank();
        assertThat(e.path("description").asString("")).as(r.body()).isNotBlank();
        assertThat(e.path("http_status").asString("")).as(r.body()).isEqualTo(Integer.toString(status));
        assertThat(r.body()).doesNotContain("Exception", "at org.", "SQL", "stix_object");
        return e;
    }

    // --- collections, objects, statuses --------------------------------------------------------

    /** The id of the caller's collection with this title (5.1). */
    String collectionId(User user, String title) {
        for (JsonNode c : ok(get(user, ROOT + "collections/")).path("collections")) {
            if (c.path("title").asString().equals(title)) {
                return c.path("id").asString();
            }
        }
        throw new AssertionError(user.username() + " has no collection '" + title + "'");
    }

    String inbox(User user) {
        return collectionId(user, "Inbox");
    }

    static String objectsPath(String collection) {
        return ROOT + "collections/" + collection + "/objects/";
    }

    static String objectPath(String collection, String id) {
        return objectsPath(collection) + id + "/";
    }

    static String manifestPath(String collection) {
        return ROOT + "collections/" + collection + "/manifest/";
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String envelope(List<String> objects) {
        return "{\"objects\":[" + String.join(",", objects) + "]}";
    }

    static String envelope(String... objects) {
        return envelope(List.of(objects));
    }

    /** Adds objects (5.5), expects 202 and waits until the status (4.3) is complete. */
    JsonNode add(User user, String collection, List<String> objects) {
        HttpResponse<String> r = post(user, objectsPath(collection), envelope(objects));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return awaitStatus(user, json(r.body()).path("id").asString());
    }

    JsonNode addAll(User user, String collection, String... objects) {
        JsonNode status = add(user, collection, List.of(objects));
        assertThat(status.path("failure_count").asInt()).as(status.toString()).isZero();
        assertThat(status.path("success_count").asInt()).as(status.toString()).isEqualTo(objects.length);
        return status;
    }

    JsonNode awaitStatus(User user, String statusId) {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            JsonNode s = ok(get(user, ROOT + "status/" + statusId + "/"));
            if (s.path("status").asString().equals("complete")) {
                return s;
            }
            assertThat(System.nanoTime()).as("status " + statusId + " still pending: " + s).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Every page of a GET (objects, manifest or versions), following {@code next}; the array field of each. */
    List<JsonNode> allPages(User user, String pathWithQuery, String field) {
        List<JsonNode> out = new ArrayList<>();
        String next = null;
        for (int pages = 0; ; pages++) {
            assertThat(pages).as("paging does not end").isLessThan(100_000);
            String sep = pathWithQuery.contains("?") ? "&" : "?";
            JsonNode page = ok(get(user, pathWithQuery + (next == null ? "" : sep + "next=" + enc(next))));
            page.path(field).forEach(out::add);
            if (!page.path("more").asBoolean(false)) {
                assertThat(page.has("next")).as("no next on the last page").isFalse();
                return out;
            }
            next = page.path("next").asString();
        }
    }

    static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(o -> out.add(o.path("id").asString()));
        return out;
    }

    static List<String> ids(List<JsonNode> objects) {
        return objects.stream().map(o -> o.path("id").asString()).toList();
    }

    /** id|modified of each object. */
    static List<String> keys(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(o -> out.add(o.path("id").asString() + "|" + o.path("modified").asString("")));
        return out;
    }

    static String newId(String type) {
        return type + "--" + UUID.randomUUID();
    }

    static String identity(String id, String name, String modified) {
        return """
                {"type":"identity","spec_version":"2.1","id":"%s","created":"2025-01-01T00:00:00.000Z",\
                "modified":"%s","name":"%s","identity_class":"organization"}""".formatted(id, modified, name);
    }

    static String malware(String id, String modified) {
        return """
                {"type":"malware","spec_version":"2.1","id":"%s","created":"2025-01-01T00:00:00.000Z",\
                "modified":"%s","name":"Sample %s","is_family":true}""".formatted(id, modified, id.substring(9, 17));
    }

    static String indicator(String id, String modified, String... markings) {
        String refs = markings.length == 0 ? "" : ",\"object_marking_refs\":[\"" + String.join("\",\"", markings) + "\"]";
        return """
                {"type":"indicator","spec_version":"2.1","id":"%s","created":"2025-01-01T00:00:00.000Z",\
                "modified":"%s","name":"Indicator %s","pattern":"[ipv4-addr:value = '198.51.100.7']",\
                "pattern_type":"stix","valid_from":"2025-01-01T00:00:00Z"%s}""".formatted(id, modified, id.substring(11, 19), refs);
    }
}
