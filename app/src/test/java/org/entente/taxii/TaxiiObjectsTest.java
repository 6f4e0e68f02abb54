package org.entente.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.entente.stix.StixTimestamp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import tools.jackson.databind.JsonNode;

/**
 * TAXII 2.1 reading: 5.3 (manifest), 5.4 (get objects), 5.6 (get an object), 5.8 (object versions), with the
 * filters of section 3.4 (added_after, match[id|type|version|spec_version]), paging (limit, next, more) and
 * the X-TAXII-Date-Added-First/-Last headers.
 *
 * <p>Fixture, in one fresh organisation's Inbox, in date_added order:
 * Y (identity, one version); X v2, X v1 (malware, the older version added later); then X v3, Z v1, Z v2
 * (indicator) in a second add.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaxiiObjectsTest extends TaxiiTestSupport {

    static final String V1 = "2025-02-01T00:00:00.000Z";
    static final String V2 = "2025-03-01T00:00:00.000Z";
    static final String V3 = "2025-04-01T00:00:00.000Z";
    static final String V5 = "2025-05-01T00:00:00.000Z";

    Cast k;
    User p;
    String inbox;
    final String x = newId("malware");
    final String y = newId("identity");
    final String z = newId("indicator");
    /** id|version -> date_added, in date_added order (from the manifest). */
    final Map<String, String> added = new LinkedHashMap<>();
    final Map<String, String> pushed = new LinkedHashMap<>();

    @BeforeAll
    void fixture() {
        k = cast();
        p = k.a1Publisher;
        inbox = inbox(p);
        pushed.put(y + "|" + V1, identity(y, "Y " + k.run, V1));
        pushed.put(x + "|" + V2, malware(x, V2));
        pushed.put(x + "|" + V1, malware(x, V1));
        pushed.put(x + "|" + V3, malware(x, V3));
        pushed.put(z + "|" + V1, indicator(z, V1));
        pushed.put(z + "|" + V5, indicator(z, V5));
        List<String> all = new ArrayList<>(pushed.values());
        addAll(p, inbox, all.get(0), all.get(1), all.get(2));
        addAll(p, inbox, all.get(3), all.get(4), all.get(5));
        for (JsonNode m : ok(get(p, manifestPath(inbox) + "?match[version]=all")).path("objects")) {
            added.put(m.path("id").asString() + "|" + m.path("version").asString(), m.path("date_added").asString());
        }
    }

    private List<String> objectKeys(String query) {
        return keys(ok(get(p, objectsPath(inbox) + query)).path("objects"));
    }

    private String key(String id, String version) {
        return id + "|" + version;
    }

    // --- 5.4 get objects and the filters of 3.4 --------------------------------------------------

    @Test
    @DisplayName("5.4: objects come in an envelope, in date_added order, exactly as they were added")
    void objectsComeBackExactly() {
        JsonNode envelope = ok(get(p, objectsPath(inbox) + "?match[version]=all"));

        assertThat(envelope.path("more").asBoolean(true)).isFalse();
        assertThat(envelope.has("next")).isFalse();
        assertThat(keys(envelope.path("objects"))).containsExactly(key(y, V1), key(x, V2), key(x, V1), key(x, V3),
                key(z, V1), key(z, V5));
        for (JsonNode o : envelope.path("objects")) {
            assertThat(o).isEqualTo(JSON.readTree(pushed.get(o.path("id").asString() + "|" + o.path("modified").asString())));
        }
    }

    @Test
    @DisplayName("3.4/5.4 match[version]: the default is last")
    void versionDefaultsToLast() {
        List<String> last = List.of(key(y, V1), key(x, V3), key(z, V5));
        assertThat(objectKeys("")).containsExactlyElementsOf(last);
        assertThat(objectKeys("?match[version]=last")).containsExactlyElementsOf(last);
    }

    @Test
    @DisplayName("3.4/5.4 match[version]=first: the earliest version by modified, not by date_added")
    void versionFirst() {
        assertThat(objectKeys("?match[version]=first")).containsExactly(key(y, V1), key(x, V1), key(z, V1));
    }

    @Test
    @DisplayName("3.4/5.4 match[version]=all")
    void versionAll() {
        assertThat(objectKeys("?match[version]=all")).hasSize(6);
    }

    @Test
    @DisplayName("3.4/5.4 match[version]=<timestamp>: exactly that version, whatever the timestamp's precision")
    void versionExactTimestamp() {
        assertThat(objectKeys("?match[version]=" + V2)).containsExactly(key(x, V2));
        assertThat(objectKeys("?match[version]=2025-03-01T00:00:00Z")).containsExactly(key(x, V2));
        assertThat(objectKeys("?match[version]=2025-03-01T00:00:00.000000Z")).containsExactly(key(x, V2));
        assertThat(objectKeys("?match[version]=" + V1)).containsExactly(key(y, V1), key(x, V1), key(z, V1));
        assertThat(objectKeys("?match[version]=2024-01-01T00:00:00.000Z")).isEmpty();
    }

    @Test
    @DisplayName("3.4/5.4 match[version] combinations: first,last; timestamp,last; two timestamps (each version once)")
    void versionCombinations() {
        assertThat(objectKeys("?match[version]=first,last"))
                .containsExactly(key(y, V1), key(x, V1), key(x, V3), key(z, V1), key(z, V5));
        assertThat(objectKeys("?match[version]=" + V2 + ",last"))
                .containsExactly(key(y, V1), key(x, V2), key(x, V3), key(z, V5));
        assertThat(objectKeys("?match[version]=" + V2 + "," + V3)).containsExactly(key(x, V2), key(x, V3));
        assertThat(objectKeys("?match[version]=all,first")).hasSize(6);
    }

    @Test
    @DisplayName("3.4/5.4 match[id]: one or several ids (comma-separated), with the version filter")
    void matchId() {
        assertThat(objectKeys("?match[id]=" + x)).containsExactly(key(x, V3));
        assertThat(objectKeys("?match[id]=" + x + "," + y)).containsExactly(key(y, V1), key(x, V3));
        assertThat(objectKeys("?match[id]=" + x + "&match[version]=all")).containsExactly(key(x, V2), key(x, V1), key(x, V3));
        assertThat(objectKeys("?match[id]=" + newId("malware"))).isEmpty();
    }

    @Test
    @DisplayName("3.4/5.4 match[type]: one or several types, combined (AND) with the other filters")
    void matchType() {
        assertThat(objectKeys("?match[type]=malware")).containsExactly(key(x, V3));
        assertThat(objectKeys("?match[type]=malware,identity")).containsExactly(key(y, V1), key(x, V3));
        assertThat(objectKeys("?match[type]=indicator&match[version]=first")).containsExactly(key(z, V1));
        assertThat(objectKeys("?match[type]=identity&match[id]=" + x)).isEmpty();
        assertThat(objectKeys("?match[type]=attack-pattern")).isEmpty();
    }

    @Test
    @DisplayName("3.4/5.4 match[spec_version]: 2.1 matches these objects, 2.0 none")
    void matchSpecVersion() {
        assertThat(objectKeys("?match[spec_version]=2.1")).containsExactly(key(y, V1), key(x, V3), key(z, V5));
        assertThat(objectKeys("?match[spec_version]=2.0,2.1&match[version]=all")).hasSize(6);
        assertThat(objectKeys("?match[spec_version]=2.0")).isEmpty();
    }

    @Test
    @DisplayName("3.4/5.4 added_after: only versions added strictly after the timestamp, with the version filter")
    void addedAfter() {
        String afterFirstAdd = added.get(key(x, V1));
        assertThat(objectKeys("?added_after=" + afterFirstAdd)).containsExactly(key(x, V3), key(z, V5));
        assertThat(objectKeys("?added_after=" + afterFirstAdd + "&match[version]=all"))
                .containsExactly(key(x, V3), key(z, V1), key(z, V5));
        assertThat(objectKeys("?added_after=" + added.get(key(z, V5)))).isEmpty();
        assertThat(objectKeys("?added_after=2000-01-01T00:00:00Z")).hasSize(3);
        assertThat(objectKeys("?added_after=" + afterFirstAdd + "&match[type]=indicator&match[version]=first"))
                .containsExactly(key(z, V1));
    }

    @Test
    @DisplayName("3.4/5.4 limit, next, more: pages of the requested size that together give each version once")
    void paging() {
        List<String> expected = objectKeys("?match[version]=all");
        for (int limit : List.of(1, 2, 4, 6, 7)) {
            List<String> got = new ArrayList<>();
            String next = null;
            int pages = 0;
            while (true) {
                HttpResponse<String> r = get(p, objectsPath(inbox) + "?match[version]=all&limit=" + limit
                        + (next == null ? "" : "&next=" + enc(next)));
                JsonNode page = ok(r);
                pages++;
                List<String> pageKeys = keys(page.path("objects"));
                assertThat(pageKeys.size()).isLessThanOrEqualTo(limit);
                got.addAll(pageKeys);
                assertDateAddedHeaders(r, pageKeys);
                if (!page.path("more").asBoolean()) {
                    assertThat(page.has("next")).isFalse();
                    break;
                }
                assertThat(pageKeys).hasSize(limit);
                next = page.path("next").asString();
                assertThat(next).isNotBlank();
            }
            assertThat(got).as("limit " + limit).containsExactlyElementsOf(expected);
            assertThat(pages).as("pages for limit " + limit).isEqualTo(Math.max(1, (expected.size() + limit - 1) / limit));
        }
    }

    @Test
    @DisplayName("3.4/5.4 limit above the server's maximum is capped, not refused")
    void largeLimitIsCapped() {
        assertThat(objectKeys("?limit=1000000&match[version]=all")).hasSize(6);
    }

    @Test
    @DisplayName("5.4 X-TAXII-Date-Added-First/-Last: the date_added of the first and last object of the page")
    void dateAddedHeaders() {
        HttpResponse<String> r = get(p, objectsPath(inbox) + "?match[version]=all");
        assertDateAddedHeaders(r, keys(ok(r).path("objects")));
        HttpResponse<String> page = get(p, objectsPath(inbox) + "?match[version]=all&limit=2&added_after=" + added.get(key(y, V1)));
        assertDateAddedHeaders(page, List.of(key(x, V2), key(x, V1)));
    }

    private void assertDateAddedHeaders(HttpResponse<String> r, List<String> pageKeys) {
        if (pageKeys.isEmpty()) {
            return;
        }
        assertThat(r.headers().firstValue("X-TAXII-Date-Added-First")).hasValue(added.get(pageKeys.getFirst()));
        assertThat(r.headers().firstValue("X-TAXII-Date-Added-Last")).hasValue(added.get(pageKeys.getLast()));
    }

    // --- 5.3 manifest ---------------------------------------------------------------------------

    @Test
    @DisplayName("5.3 manifest: id, date_added, version, media_type per version; default last; date_added strictly increasing")
    void manifest() {
        HttpResponse<String> r = get(p, manifestPath(inbox));
        JsonNode m = ok(r);

        assertThat(m.path("more").asBoolean(true)).isFalse();
        List<String> entries = new ArrayList<>();
        String previous = "";
        for (JsonNode e : m.path("objects")) {
            entries.add(e.path("id").asString() + "|" + e.path("version").asString());
            assertThat(e.path("media_type").asString()).isEqualTo("application/stix+json;version=2.1");
            String dateAdded = e.path("date_added").asString();
            assertThat(StixTimestamp.tryParse(dateAdded)).isPresent();
            assertThat(dateAdded).isGreaterThan(previous);
            previous = dateAdded;
        }
        assertThat(entries).containsExactly(key(y, V1), key(x, V3), key(z, V5));
        assertDateAddedHeaders(r, entries);
    }

    @Test
    @DisplayName("5.3 manifest: the filters of 3.4 and paging apply as for objects")
    void manifestFiltersAndPaging() {
        assertThat(ids(ok(get(p, manifestPath(inbox) + "?match[type]=malware&match[version]=all")).path("objects")))
                .containsExactly(x, x, x);
        assertThat(ids(ok(get(p, manifestPath(inbox) + "?match[id]=" + z + "&match[version]=first")).path("objects")))
                .containsExactly(z);
        assertThat(ids(ok(get(p, manifestPath(inbox) + "?added_after=" + added.get(key(x, V1)))).path("objects")))
                .containsExactly(x, z);
        assertThat(ids(allPages(p, manifestPath(inbox) + "?match[version]=all&limit=4", "objects")))
                .containsExactly(y, x, x, x, z, z);
        JsonNode first = ok(get(p, manifestPath(inbox) + "?match[version]=all&limit=4"));
        assertThat(first.path("more").asBoolean()).isTrue();
        assertThat(first.path("objects").size()).isEqualTo(4);
    }

    // --- 5.6 get an object ------------------------------------------------------------------------

    @Test
    @DisplayName("5.6 get an object: default last; match[version] first/all/timestamp; added_after; paging")
    void getAnObject() {
        String path = objectPath(inbox, x);
        assertThat(keys(ok(get(p, path)).path("objects"))).containsExactly(key(x, V3));
        assertThat(keys(ok(get(p, path + "?match[version]=first")).path("objects"))).containsExactly(key(x, V1));
        assertThat(keys(ok(get(p, path + "?match[version]=all")).path("objects")))
                .containsExactly(key(x, V2), key(x, V1), key(x, V3));
        assertThat(keys(ok(get(p, path + "?match[version]=" + V2)).path("objects"))).containsExactly(key(x, V2));
        assertThat(keys(ok(get(p, path + "?match[version]=all&added_after=" + added.get(key(x, V2)))).path("objects")))
                .containsExactly(key(x, V1), key(x, V3));
        assertThat(keys(ok(get(p, path + "?match[spec_version]=2.1")).path("objects"))).containsExactly(key(x, V3));
        assertThat(allPages(p, path + "?match[version]=all&limit=1", "objects")).hasSize(3);
        HttpResponse<String> r = get(p, path + "?match[version]=all");
        assertDateAddedHeaders(r, List.of(key(x, V2), key(x, V1), key(x, V3)));
    }

    @Test
    @DisplayName("5.6 get an object: the URL names the object; match[id] or match[type] cannot add another one")
    void getAnObjectReturnsOnlyThatObject() {
        String path = objectPath(inbox, x);
        assertThat(ids(ok(get(p, path + "?match[id]=" + y)).path("objects"))).containsOnly(x);
        assertThat(ids(ok(get(p, path + "?match[id]=" + y + "&match[version]=all")).path("objects"))).containsOnly(x);
    }

    @Test
    @DisplayName("5.6 get an object: unknown, malformed and filtered-out ids answer 404 (TAXII error)")
    void getAnUnknownObject() {
        assertTaxiiError(get(p, objectPath(inbox, newId("malware"))), 404);
        assertTaxiiError(get(p, objectPath(inbox, "not-an-id")), 404);
        assertTaxiiError(get(p, objectPath(inbox, x) + "?match[version]=2024-01-01T00:00:00.000Z"), 404);
    }

    @Test
    @DisplayName("5.3/5.8: an object without modified (a marking definition) has its created as version, usable in match[version]")
    void versionOfAnObjectWithoutModified() {
        User u = k.a2Publisher;
        String a2Inbox = inbox(u);
        String marking = newId("marking-definition");
        String created = "2017-06-01T00:00:00.000Z";
        addAll(u, a2Inbox, """
                {"type":"marking-definition","spec_version":"2.1","id":"%s","created":"%s","definition_type":"statement",\
                "definition":{"statement":"Copyright test %s"}}""".formatted(marking, created, k.run));

        JsonNode entry = ok(get(u, manifestPath(a2Inbox) + "?match[id]=" + marking)).path("objects").get(0);
        assertThat(entry.path("version").asString()).isEqualTo(created);
        assertThat(ok(get(u, objectsPath(a2Inbox) + marking + "/versions/")).path("versions").valueStream().map(JsonNode::asString))
                .containsExactly(created);
        assertThat(ids(ok(get(u, objectsPath(a2Inbox) + "?match[version]=" + created + "&match[id]=" + marking)).path("objects")))
                .containsExactly(marking);
    }

    // --- 5.8 versions -----------------------------------------------------------------------------

    @Test
    @DisplayName("5.8 object versions: every version's modified, with paging and added_after")
    void versions() {
        HttpResponse<String> r = get(p, objectsPath(inbox) + x + "/versions/");
        JsonNode v = ok(r);
        assertThat(v.path("more").asBoolean(true)).isFalse();
        assertThat(v.path("versions").valueStream().map(JsonNode::asString)).containsExactlyInAnyOrder(V1, V2, V3);
        assertDateAddedHeaders(r, List.of(key(x, V2), key(x, V1), key(x, V3)));

        List<String> paged = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = ok(get(p, objectsPath(inbox) + x + "/versions/?limit=1" + (next == null ? "" : "&next=" + enc(next))));
            assertThat(page.path("versions").size()).isEqualTo(1);
            page.path("versions").forEach(s -> paged.add(s.asString()));
            next = page.path("more").asBoolean() ? page.path("next").asString() : null;
        } while (next != null);
        assertThat(paged).containsExactlyInAnyOrder(V1, V2, V3);

        assertThat(ok(get(p, objectsPath(inbox) + x + "/versions/?added_after=" + added.get(key(x, V1))))
                .path("versions").valueStream().map(JsonNode::asString)).containsExactly(V3);
        assertThat(ok(get(p, objectsPath(inbox) + y + "/versions/")).path("versions").valueStream().map(JsonNode::asString))
                .containsExactly(V1);
    }

    @Test
    @DisplayName("5.8 object versions: an unknown object is 404 (TAXII error)")
    void versionsOfAnUnknownObject() {
        assertTaxiiError(get(p, objectsPath(inbox) + newId("malware") + "/versions/"), 404);
    }
}
