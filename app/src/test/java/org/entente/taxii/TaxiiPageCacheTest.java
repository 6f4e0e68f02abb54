package org.entente.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.TaskForceId;
import org.entente.community.Tier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

/**
 * The rendered-page cache of objects and manifest pages (docs/adr/0007-taxii-page-cache.md), attacked
 * the way a leak would happen: one audience fills an entry, another audience asks the very same URL
 * next. Every test first makes the page hot (and checks that it is, by the cache's hit count), then
 * changes something or switches caller, then asks once: no waiting, no second try.
 */
class TaxiiPageCacheTest extends TaxiiTestSupport {

    @Autowired
    TaxiiPageCache cache;
    @Autowired
    org.entente.intel.StixStore store;

    HttpResponse<String> get(User user, String path, String header, String value) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Accept", TAXII).header(header, value).GET();
        if (user != null) {
            b.header("Authorization", user.bearer());
        }
        return send(b);
    }

    /**
     * Reads the page until it is answered from the cache; returns the cached answer. A write's own
     * notice (the V59 trigger's NOTIFY) comes back to this instance a moment after the write's answer
     * and moves the generation once more, so the first reads after a write may load the page again:
     * wait for the notices to settle, then read until a read is a hit.
     */
    HttpResponse<String> hot(User user, String path) {
        settle();
        HttpResponse<String> previous = get(user, path);
        ok(previous);
        for (int attempt = 0; attempt < 20; attempt++) {
            long hits = cache.hits();
            HttpResponse<String> again = get(user, path);
            ok(again);
            if (cache.hits() > hits) {
                assertThat(again.body()).isEqualTo(previous.body());
                return again;
            }
            previous = again;
            settle();
        }
        throw new AssertionError(path + " is never answered from the cache");
    }

    /** Waits until the store's generation has stood still for 100 ms (at most 10 s). */
    void settle() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long seen = store.generation();
        long since = System.nanoTime();
        while (System.nanoTime() - since < 100_000_000L && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            long now = store.generation();
            if (now != seen) {
                seen = now;
                since = System.nanoTime();
            }
        }
    }

    String etag(HttpResponse<String> r) {
        return r.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag on " + r.uri()));
    }

    /** Imports one object through the REST API with a label (TLP and audience query parameters). */
    void importLabelled(User user, String label, String object) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/objects?" + label)).header("Authorization", user.bearer())
                .header("Content-Type", "application/stix+json").POST(HttpRequest.BodyPublishers.ofString(object, StandardCharsets.UTF_8)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r.body()).path("stored").asInt()).as(r.body()).isEqualTo(1);
    }

    void share(User owner, String id, String tlp, String audienceJson) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/objects/" + id + "/sharing"))
                .header("Authorization", owner.bearer()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"tlp\":\"" + tlp + "\",\"audience\":" + audienceJson + "}")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    List<String> objectIds(HttpResponse<String> r) {
        return ids(ok(r).path("objects"));
    }

    String everything(User user) {
        return objectsPath(collectionId(user, "Everything you may see"));
    }

    // --- the cache works, and answers as the store would -----------------------------------------------

    @Test
    @DisplayName("a repeated page comes from the cache, byte for byte as the store answers it; parameter order does not matter")
    void repeatedPageIsCachedAndEqualToTheStoresAnswer() {
        Cast k = cast();
        String inbox = inbox(k.a1Publisher);
        String x = newId("indicator");
        String y = newId("malware");
        addAll(k.a1Publisher, inbox, indicator(x, "2025-02-01T00:00:00.000Z"), malware(y, "2025-02-01T00:00:00.000Z"));
        String path = objectsPath(inbox) + "?limit=5&match[type]=indicator,malware";
        HttpResponse<String> cached = hot(k.a1Reader, path);
        assertThat(objectIds(cached)).containsExactlyInAnyOrder(x, y);
        assertThat(cached.headers().firstValue("X-TAXII-Date-Added-First")).isPresent();

        long hits = cache.hits();
        HttpResponse<String> reordered = get(k.a1Reader, objectsPath(inbox) + "?match[type]=indicator,malware&limit=5");
        assertThat(cache.hits()).as("the same query spelled in another order is the same entry").isGreaterThan(hits);
        assertThat(reordered.body()).isEqualTo(cached.body());

        hits = cache.hits();
        HttpResponse<String> fromStore = get(k.a1Reader, path, "Cache-Control", "no-cache");
        assertThat(cache.hits()).as("Cache-Control: no-cache is answered from the store").isEqualTo(hits);
        assertThat(fromStore.body()).isEqualTo(cached.body());
        assertThat(etag(fromStore)).isEqualTo(etag(cached));
        assertThat(fromStore.headers().firstValue("X-TAXII-Date-Added-Last"))
                .isEqualTo(cached.headers().firstValue("X-TAXII-Date-Added-Last"));

        // The manifest is cached the same way, under its own entry.
        HttpResponse<String> manifest = hot(k.a1Reader, manifestPath(inbox) + "?limit=5");
        assertThat(ids(ok(manifest).path("objects"))).containsExactlyInAnyOrder(x, y);
        assertThat(etag(manifest)).isNotEqualTo(etag(cached));
    }

    @Test
    @DisplayName("If-None-Match with the page's ETag answers 304 without a body; a stale or foreign tag gets the page")
    void etagRevalidation() {
        Cast k = cast();
        String inbox = inbox(k.a1Publisher);
        addAll(k.a1Publisher, inbox, indicator(newId("indicator"), "2025-02-01T00:00:00.000Z"));
        String path = objectsPath(inbox);
        HttpResponse<String> page = hot(k.a1Reader, path);
        String tag = etag(page);

        HttpResponse<String> notModified = get(k.a1Reader, path, "If-None-Match", "\"other\", " + tag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(etag(notModified)).isEqualTo(tag);
        assertThat(get(k.a1Reader, path, "If-None-Match", "W/" + tag).statusCode()).as("weak comparison").isEqualTo(304);
        assertThat(get(k.a1Reader, manifestPath(inbox), "If-None-Match", tag).statusCode())
                .as("the objects page's tag is not the manifest's").isEqualTo(200);

        addAll(k.a1Publisher, inbox, indicator(newId("indicator"), "2025-02-01T00:00:00.000Z"));
        HttpResponse<String> changed = get(k.a1Reader, path, "If-None-Match", tag);
        assertThat(changed.statusCode()).as("a page that changed is sent again").isEqualTo(200);
        assertThat(ok(changed).path("objects").size()).isEqualTo(2);
        assertThat(etag(changed)).isNotEqualTo(tag);
    }

    // --- no answer crosses audiences ----------------------------------------------------------------

    @Test
    @DisplayName("observer after member, on the very same URL: the observer gets its own page, and the member's ETag is no 304 for it")
    void observerNeverGetsTheMembersPage() {
        Cast k = cast();
        ParticipantId observer = community.addParticipant("Page cache observer " + k.run, Tier.OBSERVER);
        User o = user(community, jdbc, community.addOrganisation(observer, "Page cache O1 " + k.run), "reader");
        String membersOnly = newId("indicator");
        String everyone = newId("indicator");
        importLabelled(k.a1Publisher, "tlp=green&audience=all-members", indicator(membersOnly, "2025-02-01T00:00:00.000Z"));
        importLabelled(k.a1Publisher, "tlp=green&audience=whole-community", indicator(everyone, "2025-02-01T00:00:00.000Z"));
        // Both callers see "Everything" under the same collection id: the URL is identical.
        String path = everything(k.b1Analyst) + "?match[id]=" + membersOnly + "," + everyone;
        assertThat(everything(o)).isEqualTo(everything(k.b1Analyst));

        HttpResponse<String> member = hot(k.b1Analyst, path);
        assertThat(objectIds(member)).containsExactlyInAnyOrder(membersOnly, everyone);

        HttpResponse<String> observers = get(o, path);
        assertThat(objectIds(observers)).containsExactly(everyone);
        assertThat(get(o, path, "If-None-Match", etag(member)).statusCode()).isEqualTo(200);
        assertThat(etag(observers)).isNotEqualTo(etag(member));
    }

    @Test
    @DisplayName("identical bodies for two audiences still carry different ETags (so a tag never revalidates across audiences)")
    void identicalBodiesOfTwoAudiencesHaveDifferentTags() {
        Cast k = cast();
        String everyone = newId("indicator");
        importLabelled(k.a1Publisher, "tlp=green&audience=whole-community", indicator(everyone, "2025-02-01T00:00:00.000Z"));
        String path = everything(k.b1Analyst) + "?match[id]=" + everyone;
        HttpResponse<String> b = hot(k.b1Analyst, path);
        HttpResponse<String> c = get(k.c1Publisher, path);
        assertThat(c.body()).isEqualTo(b.body());
        assertThat(etag(c)).isNotEqualTo(etag(b));
        assertThat(get(k.c1Publisher, path, "If-None-Match", etag(b)).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("members of different task forces: a task force's object never reaches the other task force's members from the cache")
    void differentTaskForcesDoNotShareEntries() {
        Cast k = cast();
        TaskForceId other = community.addTaskForce("Page cache TF2 " + k.run, "other", Set.of(k.c));
        String tf1 = newId("indicator");
        String tf2 = newId("indicator");
        addAll(k.a1Publisher, collectionId(k.a1Publisher, k.taskForceTitle), indicator(tf1, "2025-02-01T00:00:00.000Z"));
        importLabelled(k.c1Publisher, "tlp=amber&audience=task-force&task_force=" + other.value(), indicator(tf2, "2025-02-01T00:00:00.000Z"));
        String path = everything(k.b1Analyst) + "?match[id]=" + tf1 + "," + tf2;

        assertThat(objectIds(hot(k.b1Analyst, path))).containsExactly(tf1);
        assertThat(objectIds(get(k.c1Publisher, path))).containsExactly(tf2);
        assertThat(objectIds(hot(k.c1Publisher, path))).containsExactly(tf2);
        assertThat(objectIds(get(k.b1Analyst, path))).containsExactly(tf1);
    }

    @Test
    @DisplayName("OWN_ORGANISATION data: a sister organisation of the same participant never gets the owner's cached Inbox or Everything page")
    void ownOrganisationDataStaysInItsOrganisation() {
        Cast k = cast();
        String own = newId("indicator");
        addAll(k.a1Publisher, inbox(k.a1Publisher), indicator(own, "2025-02-01T00:00:00.000Z"));
        // The Inbox has one id for everyone (its scope is the caller's organisation): same URL, other answer.
        assertThat(inbox(k.a2Publisher)).isEqualTo(inbox(k.a1Publisher));
        String inboxPath = objectsPath(inbox(k.a1Publisher));
        String everythingPath = everything(k.a1Publisher) + "?match[id]=" + own;

        assertThat(objectIds(hot(k.a1Reader, inboxPath))).contains(own);
        assertThat(objectIds(hot(k.a1Reader, everythingPath))).containsExactly(own);
        assertThat(objectIds(get(k.a2Publisher, inboxPath))).doesNotContain(own);
        assertThat(objectIds(get(k.a2Publisher, everythingPath))).isEmpty();
        assertThat(objectIds(get(k.b1Analyst, everythingPath))).isEmpty();
    }

    @Test
    @DisplayName("callers the policy treats alike share an entry: two readers of one organisation")
    void callersTreatedAlikeShareAnEntry() {
        Cast k = cast();
        String inbox = inbox(k.a1Publisher);
        addAll(k.a1Publisher, inbox, indicator(newId("indicator"), "2025-02-01T00:00:00.000Z"));
        User other = user(community, jdbc, k.a1, "reader");
        HttpResponse<String> first = hot(k.a1Reader, objectsPath(inbox));
        settle();
        long hits = cache.hits();
        HttpResponse<String> second = get(other, objectsPath(inbox));
        assertThat(cache.hits()).isGreaterThan(hits);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(etag(second)).isEqualTo(etag(first));
    }

    // --- changes apply at the very next request -----------------------------------------------------

    @Test
    @DisplayName("a write, a widening and a narrowing relabel, and a delete each show in the very next request of a hot page")
    void writeRelabelAndDeleteApplyAtTheNextRequest() {
        Cast k = cast();
        String inbox = inbox(k.a1Publisher);
        String everythingB = everything(k.b1Analyst) + "?match[type]=indicator&limit=50";
        String inboxA = objectsPath(inbox) + "?match[type]=indicator";
        hot(k.b1Analyst, everythingB);
        assertThat(objectIds(hot(k.a1Reader, inboxA))).isEmpty();

        String x = newId("indicator");
        addAll(k.a1Publisher, inbox, indicator(x, "2025-02-01T00:00:00.000Z"));
        assertThat(objectIds(get(k.a1Reader, inboxA))).as("after a write").containsExactly(x);
        assertThat(objectIds(hot(k.b1Analyst, everythingB))).doesNotContain(x);

        share(k.a1Publisher, x, "green", "{\"kind\":\"all-members\"}");
        assertThat(objectIds(get(k.b1Analyst, everythingB))).as("after widening").contains(x);
        hot(k.b1Analyst, everythingB);

        share(k.a1Publisher, x, "green", "{\"kind\":\"own-organisation\"}");
        assertThat(objectIds(get(k.b1Analyst, everythingB))).as("after narrowing").doesNotContain(x);
        hot(k.a1Reader, inboxA);

        assertThat(delete(k.a1Publisher, objectPath(inbox, x)).statusCode()).isEqualTo(200);
        assertThat(objectIds(get(k.a1Reader, inboxA))).as("after a delete").isEmpty();
    }

    @Test
    @DisplayName("a change made by hand in the database (no node code involved) shows at once through the V59 trigger")
    void changeByHandInTheDatabaseShows() throws Exception {
        Cast k = cast();
        String inbox = inbox(k.a1Publisher);
        String x = newId("indicator");
        addAll(k.a1Publisher, inbox, indicator(x, "2025-02-01T00:00:00.000Z"));
        String path = objectsPath(inbox) + "?match[id]=" + x;
        assertThat(objectIds(hot(k.a1Reader, path))).containsExactly(x);
        jdbc.update("delete from stix_object where id = ?", x);
        // The notice travels through LISTEN/NOTIFY (asynchronous): allow it the time it takes, far below the 5 s backstop.
        long deadline = System.nanoTime() + 2_500_000_000L;
        while (!objectIds(get(k.a1Reader, path)).isEmpty()) {
            assertThat(System.nanoTime()).as("the delete by hand shows within 2.5 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    @DisplayName("added_after past the newest object, and the next of a last page, pick up objects added after they were cached")
    void openEndedPagesPickUpNewObjects() {
        Cast k = cast();
        String inbox = inbox(k.a1Publisher);
        addAll(k.a1Publisher, inbox, indicator(newId("indicator"), "2025-02-01T00:00:00.000Z"),
                indicator(newId("indicator"), "2025-02-01T00:00:00.000Z"), indicator(newId("indicator"), "2025-02-01T00:00:00.000Z"));
        HttpResponse<String> all = get(k.a1Reader, objectsPath(inbox));
        String last = all.headers().firstValue("X-TAXII-Date-Added-Last").orElseThrow();
        String tail = objectsPath(inbox) + "?added_after=" + last;
        assertThat(objectIds(hot(k.a1Reader, tail))).isEmpty();

        JsonNode first = ok(get(k.a1Reader, objectsPath(inbox) + "?limit=2"));
        assertThat(first.path("more").asBoolean()).isTrue();
        String second = objectsPath(inbox) + "?limit=2&next=" + enc(first.path("next").asString());
        JsonNode lastPage = ok(hot(k.a1Reader, second));
        assertThat(lastPage.path("more").asBoolean()).isFalse();
        assertThat(lastPage.path("objects").size()).isEqualTo(1);

        String added = newId("indicator");
        String added2 = newId("indicator");
        addAll(k.a1Publisher, inbox, indicator(added, "2025-02-01T00:00:00.000Z"), indicator(added2, "2025-02-01T00:00:00.000Z"));
        assertThat(objectIds(get(k.a1Reader, tail))).containsExactly(added, added2);
        JsonNode grown = ok(get(k.a1Reader, second));
        assertThat(grown.path("more").asBoolean()).as("the former last page now has more").isTrue();
        assertThat(ids(grown.path("objects"))).hasSize(2).contains(added);
    }

    @Test
    @DisplayName("a revoked token and a removed task-force membership apply at the next request of a hot page")
    void revokedTokenAndRemovedMembershipApplyAtOnce() {
        Cast k = cast();
        String shared = newId("indicator");
        addAll(k.a1Publisher, collectionId(k.a1Publisher, k.taskForceTitle), indicator(shared, "2025-02-01T00:00:00.000Z"));
        User b = user(community, jdbc, k.b1, "reader");
        String everythingB = everything(b) + "?match[id]=" + shared;
        String taskForceB = objectsPath(collectionId(b, k.taskForceTitle));
        assertThat(objectIds(hot(b, everythingB))).containsExactly(shared);
        assertThat(objectIds(hot(b, taskForceB))).containsExactly(shared);

        assertThat(community.removeTaskForceMember(k.taskForce, k.b)).isTrue();
        assertThat(objectIds(get(b, everythingB))).as("after the participant left the task force").isEmpty();
        assertTaxiiError(get(b, taskForceB), 404);

        User c = user(community, jdbc, k.a1, "reader");
        String cPath = everything(c) + "?match[id]=" + shared;
        assertThat(objectIds(hot(c, cPath))).containsExactly(shared);
        long tokenId = jdbc.queryForObject("select id from api_token where token_hash = sha256(convert_to(?, 'UTF8'))",
                Long.class, c.token());
        HttpResponse<String> revoke = send(HttpRequest.newBuilder(uri("/api/v1/tokens/" + tokenId))
                .header("Authorization", c.bearer()).DELETE());
        assertThat(revoke.statusCode()).as(revoke.body()).isBetween(200, 204);
        HttpResponse<String> after = get(c, cPath);
        assertThat(after.statusCode()).as("the revoked token's next request").isEqualTo(401);
        assertThat(after.body()).doesNotContain(shared);
    }

    @Test
    @DisplayName("401, 403 and 404 callers never get a cached page, not even with the page's ETag")
    void refusedCallersNeverGetAPage() {
        Cast k = cast();
        String shared = newId("indicator");
        String tfCollection = collectionId(k.a1Publisher, k.taskForceTitle);
        addAll(k.a1Publisher, tfCollection, indicator(shared, "2025-02-01T00:00:00.000Z"));
        String path = objectsPath(tfCollection);
        HttpResponse<String> page = hot(k.b1Analyst, path);
        String tag = etag(page);

        for (HttpResponse<String> refused : List.of(
                request("GET", path, null, TAXII, null, null),
                request("GET", path, "Bearer not-a-token", TAXII, null, null))) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).doesNotContain(shared);
            assertThat(refused.headers().firstValue("ETag")).isEmpty();
        }
        HttpResponse<String> anonymousWithTag = send(HttpRequest.newBuilder(uri(path)).header("Accept", TAXII)
                .header("If-None-Match", tag).GET());
        assertThat(anonymousWithTag.statusCode()).isEqualTo(401);

        // An auditor (no intel.read): 403. Someone outside the task force: 404. With the tag: the same.
        for (User u : List.of(k.a1Auditor, k.c1Publisher)) {
            int expected = u == k.a1Auditor ? 403 : 404;
            HttpResponse<String> r = get(u, path, "If-None-Match", tag);
            assertTaxiiError(r, expected);
            assertThat(r.body()).doesNotContain(shared);
            assertThat(r.headers().firstValue("ETag")).isEmpty();
        }
    }
}
