package org.entente.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import tools.jackson.databind.JsonNode;

/**
 * What every TAXII 2.1 endpoint shares: content negotiation and media types (1.6.8), authentication and
 * authorization (HTTP Basic and bearer tokens), parameter errors (filtering 3.4, pagination 3.3), and the
 * error message (3.6) on every error, 401 and 403 included.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaxiiProtocolTest extends TaxiiTestSupport {

    Cast k;
    String inbox;
    String objectId;
    String statusId;

    @BeforeAll
    void fixture() {
        k = cast();
        inbox = inbox(k.a1Publisher);
        objectId = newId("malware");
        HttpResponse<String> r = post(k.a1Publisher, objectsPath(inbox), envelope(malware(objectId, "2025-02-01T00:00:00.000Z")));
        statusId = json(r.body()).path("id").asString();
        awaitStatus(k.a1Publisher, statusId);
    }

    /** Every GET endpoint of the server, with a resource that exists for {@code k.a1Publisher}. */
    List<String> getEndpoints() {
        return List.of("/taxii2/", ROOT, ROOT + "status/" + statusId + "/", ROOT + "collections/",
                ROOT + "collections/" + inbox + "/", manifestPath(inbox), objectsPath(inbox), objectPath(inbox, objectId),
                objectsPath(inbox) + objectId + "/versions/");
    }

    // --- 1.6.8 content negotiation ----------------------------------------------------------------

    @Test
    @DisplayName("1.6.8: every endpoint answers application/taxii+json;version=2.1 to TAXII 2.1, TAXII without version, */*, application/* and no Accept")
    void acceptableMediaTypes() {
        for (String path : getEndpoints()) {
            for (String accept : new String[] {TAXII, "application/taxii+json", "*/*", "application/*", null,
                    "application/xml, application/taxii+json;version=2.1;q=0.5", "application/taxii+json; version=2.1"}) {
                HttpResponse<String> r = get(k.a1Publisher, path, accept);
                assertThat(r.statusCode()).as(path + " Accept: " + accept + " -> " + r.body()).isEqualTo(200);
                assertTaxiiMediaType(r);
            }
        }
    }

    @Test
    @DisplayName("1.6.8: Accept of another media type or TAXII version (application/xml, version=2.0, application/json) is 406 on every endpoint")
    void unacceptableMediaTypesAre406() {
        for (String path : getEndpoints()) {
            for (String accept : List.of("application/xml", "application/taxii+json;version=2.0", "application/json",
                    "text/html", "application/stix+json;version=2.1", "not a media type")) {
                assertTaxiiError(get(k.a1Publisher, path, accept), 406);
            }
        }
        assertTaxiiError(request("POST", objectsPath(inbox), k.a1Publisher.bearer(), "application/taxii+json;version=2.0", TAXII,
                envelope()), 406);
        assertTaxiiError(request("DELETE", objectPath(inbox, objectId), k.a1Publisher.bearer(), "application/xml", null, null), 406);
        ok(get(k.a1Publisher, objectPath(inbox, objectId)));
    }

    // --- authentication ---------------------------------------------------------------------------

    @Test
    @DisplayName("authentication: without credentials every endpoint is 401 with a challenge and a TAXII error body")
    void unauthenticatedIs401() {
        List<String> paths = new ArrayList<>(getEndpoints());
        for (String path : paths) {
            HttpResponse<String> r = request("GET", path, null, TAXII, null, null);
            assertTaxiiError(r, 401);
            assertThat(r.headers().allValues("WWW-Authenticate")).anySatisfy(h -> assertThat(h).startsWith("Basic"))
                    .anySatisfy(h -> assertThat(h).startsWith("Bearer"));
        }
        assertTaxiiError(request("POST", objectsPath(inbox), null, TAXII, TAXII, envelope()), 401);
        assertTaxiiError(request("DELETE", objectPath(inbox, objectId), null, TAXII, null, null), 401);
        assertTaxiiError(request("GET", objectsPath(inbox), "Bearer not-a-token-" + UUID.randomUUID(), TAXII, null, null), 401);
    }

    @Test
    @DisplayName("authentication: HTTP Basic with username and API token works on every endpoint; a wrong token is 401")
    void httpBasicWithApiToken() {
        User u = k.a1Publisher;
        for (String path : getEndpoints()) {
            HttpResponse<String> r = request("GET", path, u.basic(u.token()), TAXII, null, null);
            assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        }
        HttpResponse<String> viaBasic = request("GET", objectsPath(inbox), u.basic(u.token()), TAXII, null, null);
        assertThat(json(viaBasic.body())).isEqualTo(json(get(u, objectsPath(inbox)).body()));
        HttpResponse<String> added = request("POST", objectsPath(inbox), u.basic(u.token()), TAXII, TAXII,
                envelope(malware(newId("malware"), "2025-02-01T00:00:00.000Z")));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(202);

        for (String wrong : List.of(u.basic("wrong-" + UUID.randomUUID()), u.basic(k.a1Reader.token()),
                k.a1Reader.basic(u.token()), "Basic !!!notbase64")) {
            HttpResponse<String> r = request("GET", objectsPath(inbox), wrong, TAXII, null, null);
            assertTaxiiError(r, 401);
        }
    }

    @Test
    @DisplayName("authorization: a user without intel.read is 403 on every collection endpoint, as a TAXII error")
    void noReadPermissionIs403() {
        for (String path : getEndpoints().subList(3, getEndpoints().size())) {
            assertTaxiiError(get(k.a1Auditor, path), 403);
        }
        assertTaxiiError(post(k.a1Auditor, objectsPath(inbox), envelope()), 403);
        assertTaxiiError(delete(k.a1Auditor, objectPath(inbox, objectId)), 403);
    }

    // --- parameter errors (3.4 filtering, 3.3 pagination) --------------------------------------------------------------

    @Test
    @DisplayName("3.4: a malformed added_after is 400 naming the parameter, on objects, manifest, object and versions")
    void badAddedAfterIs400() {
        for (String bad : List.of("yesterday", "2025-13-01T00:00:00Z", "2025-01-01", "2025-01-01T00:00:00", "1735689600", "")) {
            for (String path : List.of(objectsPath(inbox), manifestPath(inbox), objectPath(inbox, objectId),
                    objectsPath(inbox) + objectId + "/versions/")) {
                JsonNode e = assertTaxiiError(get(k.a1Publisher, path + "?added_after=" + enc(bad)), 400);
                assertThat(e.path("description").asString()).contains("added_after");
            }
        }
    }

    @Test
    @DisplayName("3.3 pagination: limit out of range (0, negative, not an integer) is 400 naming the parameter")
    void limitOutOfRangeIs400() {
        for (String bad : List.of("0", "-1", "ten", "1.5", "99999999999999999999")) {
            for (String path : List.of(objectsPath(inbox), manifestPath(inbox), objectPath(inbox, objectId),
                    objectsPath(inbox) + objectId + "/versions/")) {
                JsonNode e = assertTaxiiError(get(k.a1Publisher, path + "?limit=" + enc(bad)), 400);
                assertThat(e.path("description").asString()).contains("limit");
            }
        }
    }

    @Test
    @DisplayName("3.4/3.3: an unknown match[version] keyword or a forged next is 400")
    void badVersionOrNextIs400() {
        assertThat(assertTaxiiError(get(k.a1Publisher, objectsPath(inbox) + "?match[version]=latest"), 400)
                .path("description").asString()).contains("match[version]");
        assertTaxiiError(get(k.a1Publisher, manifestPath(inbox) + "?match[version]=2025-02-30T00:00:00Z"), 400);
        assertThat(assertTaxiiError(get(k.a1Publisher, objectsPath(inbox) + "?next=" + enc("not a token!")), 400)
                .path("description").asString()).contains("next");
    }

    @Test
    @DisplayName("3.4: match[...] parameters work with the brackets as the specification writes them, and percent-encoded")
    void bracketsRawOrEncoded() {
        JsonNode raw = ok(get(k.a1Publisher, objectsPath(inbox) + "?match[id]=" + objectId + "&match[version]=all"));
        JsonNode encoded = ok(get(k.a1Publisher, objectsPath(inbox) + "?match%5Bid%5D=" + objectId + "&match%5Bversion%5D=all"));
        assertThat(ids(raw.path("objects"))).containsExactly(objectId);
        assertThat(encoded).isEqualTo(raw);
    }

    // --- 404 ------------------------------------------------------------------------------------

    @Test
    @DisplayName("5.2-5.8: an unknown collection is 404 on every collection endpoint")
    void unknownCollectionIs404() {
        for (String c : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
            assertTaxiiError(get(k.a1Publisher, ROOT + "collections/" + c + "/"), 404);
            assertTaxiiError(get(k.a1Publisher, manifestPath(c)), 404);
            assertTaxiiError(get(k.a1Publisher, objectsPath(c)), 404);
            assertTaxiiError(get(k.a1Publisher, objectPath(c, objectId)), 404);
            assertTaxiiError(get(k.a1Publisher, objectsPath(c) + objectId + "/versions/"), 404);
            assertTaxiiError(post(k.a1Publisher, objectsPath(c), envelope()), 404);
            assertTaxiiError(delete(k.a1Publisher, objectPath(c, objectId)), 404);
        }
    }

    @Test
    @DisplayName("3.6 error message: errors outside the endpoints (unknown path under /taxii2/, unsupported method) are TAXII errors too")
    void otherErrorsAreTaxiiErrors() {
        assertTaxiiError(get(k.a1Publisher, ROOT + "nothing-here/"), 404);
        assertTaxiiError(get(k.a1Publisher, "/taxii2/other-root/"), 404);
        HttpResponse<String> put = request("PUT", ROOT + "collections/", k.a1Publisher.bearer(), TAXII, TAXII, "{}");
        assertThat(put.statusCode()).isIn(404, 405);
        assertTaxiiError(put, put.statusCode());
        HttpResponse<String> postToObject = request("POST", objectPath(inbox, objectId), k.a1Publisher.bearer(), TAXII, TAXII, "{}");
        assertThat(postToObject.statusCode()).isIn(404, 405);
        assertTaxiiError(postToObject, postToObject.statusCode());
    }
}
