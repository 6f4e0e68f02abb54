package org.entente.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import tools.jackson.databind.JsonNode;

/** TAXII 2.1 sections 4.1 (discovery), 4.2 (API root), 5.1 (collections) and 5.2 (collection). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaxiiDiscoveryAndCollectionsTest extends TaxiiTestSupport {

    Cast k;

    @BeforeAll
    void community() {
        k = cast();
    }

    @Test
    @DisplayName("4.1 discovery: title, description, default and api_roots naming the one API root, as TAXII JSON")
    void discoveryNamesTheApiRoot() {
        JsonNode d = ok(get(k.a1Reader, "/taxii2/"));

        assertThat(d.path("title").asString()).isNotBlank();
        assertThat(d.path("description").asString()).isNotBlank();
        String root = uri(ROOT).toString();
        assertThat(d.path("default").asString()).isEqualTo(root);
        assertThat(d.path("api_roots").valueStream().map(JsonNode::asString)).containsExactly(root);
    }

    @Test
    @DisplayName("4.2 API root: title, versions [application/taxii+json;version=2.1], max_content_length")
    void apiRootAdvertisesTaxii21AndItsMaximum() {
        JsonNode api = ok(get(k.a1Reader, ROOT));

        assertThat(api.path("title").asString()).isNotBlank();
        assertThat(api.path("versions").valueStream().map(JsonNode::asString)).containsExactly(TAXII);
        assertThat(api.path("max_content_length").isIntegralNumber()).isTrue();
        assertThat(api.path("max_content_length").asLong()).isEqualTo(TaxiiAdds.MAX_CONTENT_LENGTH);
    }

    @Test
    @DisplayName("4.1/4.2 need only authentication: even a user without intel.read (auditor) may read them")
    void discoveryAndApiRootNeedOnlyAuthentication() {
        ok(get(k.a1Auditor, "/taxii2/"));
        ok(get(k.a1Auditor, ROOT));
    }

    /** can_read / can_write of each collection, per role (5.1). */
    private Map<String, String> rights(User user) {
        Map<String, String> out = new HashMap<>();
        for (JsonNode c : ok(get(user, ROOT + "collections/")).path("collections")) {
            out.put(c.path("title").asString(), (c.path("can_read").asBoolean() ? "r" : "-") + (c.path("can_write").asBoolean() ? "w" : "-"));
        }
        return out;
    }

    @Test
    @DisplayName("5.1 collections: Everything (read-only), the caller's task forces (write = intel.write + intel.publish), Inbox (write = intel.write)")
    void collectionsAndTheirRightsPerRole() {
        assertThat(rights(k.a1Reader)).containsEntry("Everything you may see", "r-")
                .containsEntry(k.taskForceTitle, "r-").containsEntry("Inbox", "r-");
        assertThat(rights(k.a1Analyst)).containsEntry("Everything you may see", "r-")
                .containsEntry(k.taskForceTitle, "r-").containsEntry("Inbox", "rw");
        assertThat(rights(k.a1Publisher)).containsEntry("Everything you may see", "r-")
                .containsEntry(k.taskForceTitle, "rw").containsEntry("Inbox", "rw");
        assertThat(rights(k.a1Liaison)).containsEntry("Everything you may see", "r-")
                .containsEntry(k.taskForceTitle, "r-").containsEntry("Inbox", "r-");
        assertThat(rights(k.b1Publisher)).containsEntry(k.taskForceTitle, "rw");
        // C is not in the task force: its users do not have that collection at all.
        assertThat(rights(k.c1Publisher)).doesNotContainKey(k.taskForceTitle)
                .containsEntry("Everything you may see", "r-").containsEntry("Inbox", "rw");
    }

    @Test
    @DisplayName("5.1 collections: every entry has id, title, description, can_read, can_write, media_types; ids are stable across callers")
    void collectionResourcesAreComplete() {
        JsonNode collections = ok(get(k.a1Publisher, ROOT + "collections/")).path("collections");
        assertThat(collections.size()).isGreaterThanOrEqualTo(3);
        for (JsonNode c : collections) {
            assertThat(java.util.UUID.fromString(c.path("id").asString())).isNotNull();
            assertThat(c.path("title").asString()).isNotBlank();
            assertThat(c.path("description").asString()).isNotBlank();
            assertThat(c.path("can_read").isBoolean()).isTrue();
            assertThat(c.path("can_write").isBoolean()).isTrue();
            assertThat(c.path("media_types").valueStream().map(JsonNode::asString)).containsExactly("application/stix+json;version=2.1");
        }
        assertThat(collectionId(k.a1Publisher, k.taskForceTitle)).isEqualTo(collectionId(k.b1Publisher, k.taskForceTitle));
        assertThat(inbox(k.a1Publisher)).isEqualTo(inbox(k.c1Publisher));
    }

    @Test
    @DisplayName("5.2 collection: each collection of 5.1 answers alone with the same resource")
    void eachCollectionAnswersAlone() {
        for (User u : List.of(k.a1Reader, k.a1Analyst, k.a1Publisher, k.b1Publisher)) {
            for (JsonNode c : ok(get(u, ROOT + "collections/")).path("collections")) {
                JsonNode alone = ok(get(u, ROOT + "collections/" + c.path("id").asString() + "/"));
                assertThat(alone).isEqualTo(c);
            }
        }
    }

    @Test
    @DisplayName("5.2 collection: a task force the caller's participant is not in is an unknown collection (404)")
    void anotherTaskForceIsNotFound() {
        String tf = collectionId(k.a1Reader, k.taskForceTitle);

        assertTaxiiError(get(k.c1Publisher, ROOT + "collections/" + tf + "/"), 404);
        assertTaxiiError(get(k.c1Publisher, objectsPath(tf)), 404);
        assertTaxiiError(get(k.c1Publisher, manifestPath(tf)), 404);
        assertTaxiiError(post(k.c1Publisher, objectsPath(tf), envelope()), 404);
    }

    @Test
    @DisplayName("5.1/5.2 need intel.read: an auditor gets 403 as a TAXII error")
    void collectionsNeedIntelRead() {
        assertTaxiiError(get(k.a1Auditor, ROOT + "collections/"), 403);
        assertTaxiiError(get(k.a1Auditor, ROOT + "collections/" + inbox(k.a1Reader) + "/"), 403);
    }
}
