package org.entente.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import tools.jackson.databind.JsonNode;

/**
 * Collections are views through the sharing policy (docs/SHARING_POLICY.md): an object, or a version,
 * outside the caller's audience appears in no collection, manifest (5.3), objects (5.4), object (5.6) or
 * versions (5.8) response, and a direct request for it is 404 exactly as for an object that does not exist.
 *
 * <p>A1's publisher adds: T to the task force; R, marked TLP:RED, to the task force (RED reaches only
 * named recipients); P to A1's Inbox (own organisation); V version 1 to the task force and version 2 to the
 * Inbox.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaxiiAudienceTest extends TaxiiTestSupport {

    static final String V1 = "2025-02-01T00:00:00.000Z";
    static final String V2 = "2025-03-07T11:22:33.456Z";

    Cast k;
    final String t = newId("indicator");
    final String r = newId("indicator");
    final String p = newId("malware");
    final String v = newId("malware");
    String taskForce;
    String a1Inbox;

    @BeforeAll
    void fixture() {
        k = cast();
        taskForce = collectionId(k.a1Publisher, k.taskForceTitle);
        a1Inbox = inbox(k.a1Publisher);
        addAll(k.a1Publisher, taskForce, indicator(t, V1), indicator(r, V1, TLP_RED), malware(v, V1));
        addAll(k.a1Publisher, a1Inbox, malware(p, V1), malware(v, V2));
    }

    /** Which versions (id|modified) each viewer may see; anything else of the fixture must stay invisible. */
    Map<User, Set<String>> expectations() {
        Map<User, Set<String>> out = new LinkedHashMap<>();
        Set<String> taskForceMember = Set.of(t + "|" + V1, v + "|" + V1);
        out.put(k.b1Publisher, taskForceMember);
        out.put(k.b1Analyst, taskForceMember);
        out.put(k.a2Publisher, taskForceMember); // same participant, other organisation: only what the task force got
        out.put(k.c1Publisher, Set.of());        // not in the task force
        return out;
    }

    @Test
    @DisplayName("5.1-5.8: the owner sees everything it added (the fixture is real)")
    void ownerSeesEverything() {
        String everything = collectionId(k.a1Publisher, "Everything you may see");
        assertThat(keys(ok(get(k.a1Publisher, objectsPath(everything) + "?match[version]=all&match[id]=" + String.join(",", t, r, p, v)))
                .path("objects"))).containsExactlyInAnyOrder(t + "|" + V1, r + "|" + V1, v + "|" + V1, p + "|" + V1, v + "|" + V2);
    }

    @Test
    @DisplayName("5.3/5.4/5.6/5.8: no collection, manifest, objects, object or versions response reveals a version outside the caller's audience")
    void nothingOutsideTheAudienceAppears() {
        Set<String> fixtureIds = Set.of(t, r, p, v);
        List<String> failures = new ArrayList<>();
        for (var e : expectations().entrySet()) {
            User viewer = e.getKey();
            Set<String> visible = e.getValue();
            Set<String> visibleIds = new HashSet<>();
            visible.forEach(key -> visibleIds.add(key.substring(0, key.indexOf('|'))));
            Map<String, String> bodies = new LinkedHashMap<>();
            for (JsonNode c : ok(get(viewer, ROOT + "collections/")).path("collections")) {
                String id = c.path("id").asString();
                Set<String> seen = new HashSet<>();
                for (String query : List.of("", "?match[version]=all", "?match[version]=first", "?match[id]=" + String.join(",", fixtureIds),
                        "?match[version]=all&limit=1")) {
                    HttpResponse<String> objects = get(viewer, objectsPath(id) + query);
                    bodies.put(c.path("title").asString() + " objects" + query, objects.body());
                    keys(ok(objects).path("objects")).stream().filter(key -> fixtureIds.contains(key.substring(0, key.indexOf('|'))))
                            .forEach(seen::add);
                    HttpResponse<String> manifest = get(viewer, manifestPath(id) + query);
                    bodies.put(c.path("title").asString() + " manifest" + query, manifest.body());
                    for (JsonNode m : ok(manifest).path("objects")) {
                        if (fixtureIds.contains(m.path("id").asString())) {
                            seen.add(m.path("id").asString() + "|" + m.path("version").asString());
                        }
                    }
                }
                for (String key : seen) {
                    if (!visible.contains(key)) {
                        failures.add(viewer.username() + " saw " + key + " in " + c.path("title").asString());
                    }
                }
                for (String objectId : fixtureIds) {
                    HttpResponse<String> one = get(viewer, objectPath(id, objectId) + "?match[version]=all");
                    HttpResponse<String> versions = get(viewer, objectsPath(id) + objectId + "/versions/");
                    bodies.put(c.path("title").asString() + " object " + objectId, one.body().replace(objectId, "<asked-for id>"));
                    bodies.put(c.path("title").asString() + " versions " + objectId, versions.body().replace(objectId, "<asked-for id>"));
                    if (!visibleIds.contains(objectId)) {
                        assertTaxiiError(one, 404);
                        assertTaxiiError(versions, 404);
                    } else if (one.statusCode() == 200) {
                        for (String key : keys(json(one.body()).path("objects"))) {
                            if (!visible.contains(key)) {
                                failures.add(viewer.username() + " got " + key + " from " + c.path("title").asString() + " object");
                            }
                        }
                        for (JsonNode ver : json(versions.body()).path("versions")) {
                            if (!visible.contains(objectId + "|" + ver.asString())) {
                                failures.add(viewer.username() + " got version " + ver.asString() + " of " + objectId);
                            }
                        }
                    }
                }
            }
            for (var body : bodies.entrySet()) {
                for (String objectId : fixtureIds) {
                    if (!visibleIds.contains(objectId) && body.getValue().contains(objectId)) {
                        failures.add(viewer.username() + " found the id " + objectId + " in " + body.getKey());
                    }
                }
                if (!visible.contains(v + "|" + V2) && body.getValue().contains(V2)) {
                    failures.add(viewer.username() + " found the invisible version " + V2 + " in " + body.getKey());
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    @DisplayName("5.4: a task-force member sees exactly what was shared with the task force, in the task force and in Everything")
    void taskForceMembersSeeTheSharedVersions() {
        for (User u : List.of(k.b1Publisher, k.a2Publisher)) {
            String tf = collectionId(u, k.taskForceTitle);
            String query = "?match[version]=all&match[id]=" + String.join(",", t, r, p, v);
            assertThat(keys(ok(get(u, objectsPath(tf) + query)).path("objects")))
                    .containsExactlyInAnyOrder(t + "|" + V1, v + "|" + V1);
            assertThat(keys(ok(get(u, objectsPath(collectionId(u, "Everything you may see")) + query)).path("objects")))
                    .containsExactlyInAnyOrder(t + "|" + V1, v + "|" + V1);
            // The latest version this member may see is version 1; version 2 does not exist for them.
            assertThat(keys(ok(get(u, objectPath(tf, v))).path("objects"))).containsExactly(v + "|" + V1);
            assertThat(ok(get(u, objectsPath(tf) + v + "/versions/")).path("versions").valueStream().map(JsonNode::asString))
                    .containsExactly(V1);
        }
    }

    @Test
    @DisplayName("3.4/5.4 match[version]=last is the last version in the collection: the owner's task-force view still shows V version 1")
    void lastIsPerCollection() {
        assertThat(keys(ok(get(k.a1Publisher, objectsPath(taskForce) + "?match[id]=" + v)).path("objects")))
                .containsExactly(v + "|" + V1);
        assertThat(keys(ok(get(k.a1Publisher, objectPath(taskForce, v))).path("objects"))).containsExactly(v + "|" + V1);
        assertThat(ok(get(k.a1Publisher, manifestPath(taskForce) + "?match[id]=" + v)).path("objects").size()).isEqualTo(1);
        assertThat(keys(ok(get(k.a1Publisher, objectsPath(a1Inbox) + "?match[id]=" + v)).path("objects")))
                .containsExactly(v + "|" + V2);
        assertThat(keys(ok(get(k.a1Publisher, objectsPath(taskForce) + "?match[id]=" + v + "&match[version]=first")).path("objects")))
                .containsExactly(v + "|" + V1);
    }
}
