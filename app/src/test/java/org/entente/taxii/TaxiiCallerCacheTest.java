package org.entente.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.UserId;
import org.entente.community.Tier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The node caches who a token stands for (and the ceilings and task forces the sharing policy reads), so
 * a TAXII page costs one database statement. These are the hostile cases: whatever changes a caller's
 * rights must apply from the very next request on this node, with no waiting for a cache to expire.
 * Each test first makes the caller's entry hot (several requests), then changes the rights, then asks.
 */
class TaxiiCallerCacheTest extends TaxiiTestSupport {

    private record Member(User user, UserId id, long tokenId) {
    }

    /** A user with one role and an API token, with the ids the test needs. */
    private Member member(OrganisationId org, String role) {
        String username = "cache-" + role + "-" + UUID.randomUUID().toString().substring(0, 8);
        UserId id = community.addUser(username, org, Set.of(role));
        String token = "cache-test-" + UUID.randomUUID();
        long tokenId = jdbc.queryForObject("insert into api_token (user_id, token_hash, label)"
                + " values (?, sha256(convert_to(?, 'UTF8')), 'cache test') returning id", Long.class, id.value(), token);
        return new Member(new User(username, token, role), id, tokenId);
    }

    private HttpResponse<String> admin(String method, String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    private void warm(User user, String path) {
        for (int i = 0; i < 5; i++) {
            ok(get(user, path));
        }
    }

    @Test
    @DisplayName("a token revoked while requests are running is refused from the revocation's answer on, by every request")
    void revokedTokenIsRefusedAtOnce() throws Exception {
        Cast k = cast();
        Member m = member(k.a1, "reader");
        String everything = objectsPath(collectionId(m.user(), "Everything you may see")) + "?limit=1";
        warm(m.user(), everything);

        // Clients keep asking with the token while it is revoked; each answer is recorded with the time
        // its request was sent, relative to the moment the revocation's answer came back.
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> afterRevocation = new ConcurrentLinkedQueue<>();
        AtomicBoolean revoked = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(4);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(Thread.ofPlatform().start(() -> {
                started.countDown();
                while (!stop.get()) {
                    boolean sentAfter = revoked.get();
                    int status = get(m.user(), everything).statusCode();
                    if (sentAfter) {
                        afterRevocation.add(Integer.toString(status));
                    }
                }
            }));
        }
        started.await(10, TimeUnit.SECONDS);
        Thread.sleep(100);
        HttpResponse<String> revoke = send(HttpRequest.newBuilder(uri("/api/v1/tokens/" + m.tokenId()))
                .header("Authorization", m.user().bearer()).DELETE());
        assertThat(revoke.statusCode()).as(revoke.body()).isBetween(200, 204);
        revoked.set(true);
        Thread.sleep(300);
        stop.set(true);
        for (Thread t : clients) {
            t.join(10_000);
        }

        assertThat(afterRevocation).as("answers to requests sent after the revocation was answered").isNotEmpty()
                .allMatch("401"::equals);
        assertThat(get(m.user(), everything).statusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName("a participant taken out of a task force: its users lose the collection and what was shared with it at the next request")
    void removedFromTaskForceSeesNothingOfItAtOnce() {
        Cast k = cast();
        String indicator = newId("indicator");
        addAll(k.a1Publisher, collectionId(k.a1Publisher, k.taskForceTitle), indicator(indicator, "2025-02-01T00:00:00.000Z"));
        Member b = member(k.b1, "reader");
        String taskForce = collectionId(b.user(), k.taskForceTitle);
        String everything = objectsPath(collectionId(b.user(), "Everything you may see")) + "?match[id]=" + indicator;
        warm(b.user(), everything);
        warm(b.user(), objectsPath(taskForce));
        assertThat(ids(ok(get(b.user(), everything)).path("objects"))).containsExactly(indicator);

        HttpResponse<String> removed = admin("DELETE", "/api/v1/community/task-forces/" + k.taskForce.value()
                + "/members/" + k.b.value(), null);
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);

        assertThat(ok(get(b.user(), everything)).path("objects").isMissingNode()
                || ok(get(b.user(), everything)).path("objects").isEmpty()).as("the shared indicator is gone").isTrue();
        assertTaxiiError(get(b.user(), objectsPath(taskForce)), 404);
        assertThat(ok(get(b.user(), ROOT + "collections/")).toString()).doesNotContain(k.taskForceTitle);
        // A, still a member, keeps it.
        assertThat(ids(ok(get(k.a2Publisher, objectsPath(collectionId(k.a2Publisher, "Everything you may see"))
                + "?match[id]=" + indicator)).path("objects"))).containsExactly(indicator);
    }

    @Test
    @DisplayName("a tier ceiling lowered: objects above it vanish for that tier at the next request, and return when it is raised")
    void loweredCeilingAppliesAtOnce() {
        Cast k = cast();
        ParticipantId observer = community.addParticipant("Cache observer " + k.run, Tier.OBSERVER);
        Member o = member(community.addOrganisation(observer, "Cache O1 " + k.run), "reader");
        String amber = newId("indicator");
        String a1Inbox = inbox(k.a1Publisher);
        addAll(k.a1Publisher, a1Inbox, indicator(amber, "2025-02-01T00:00:00.000Z"));
        HttpResponse<String> shared = send(HttpRequest.newBuilder(uri("/api/v1/objects/" + amber + "/sharing"))
                .header("Authorization", k.a1Publisher.bearer()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"tlp\":\"amber\",\"audience\":{\"kind\":\"whole-community\"}}")));
        assertThat(shared.statusCode()).as(shared.body()).isEqualTo(200);
        String everything = objectsPath(collectionId(o.user(), "Everything you may see")) + "?match[id]=" + amber;
        warm(o.user(), everything);
        assertThat(ids(ok(get(o.user(), everything)).path("objects"))).containsExactly(amber);

        try {
            assertThat(admin("PUT", "/api/v1/community/ceilings/observer", "{\"tlp\":\"green\"}").statusCode()).isEqualTo(200);
            assertThat(ok(get(o.user(), everything)).path("objects").size()).as("AMBER above an observer's GREEN ceiling").isZero();
        } finally {
            assertThat(admin("PUT", "/api/v1/community/ceilings/observer", "{\"tlp\":\"amber\"}").statusCode()).isEqualTo(200);
        }
        assertThat(ids(ok(get(o.user(), everything)).path("objects"))).containsExactly(amber);
    }

    @Test
    @DisplayName("a role taken away: the next request no longer holds its permission")
    void roleTakenAwayAppliesAtOnce() {
        Cast k = cast();
        Member m = member(k.a1, "reader");
        String everything = objectsPath(collectionId(m.user(), "Everything you may see")) + "?limit=1";
        warm(m.user(), everything);

        HttpResponse<String> roles = admin("PUT", "/api/v1/users/" + m.id().value() + "/roles", "{\"roles\":[\"auditor\"]}");
        assertThat(roles.statusCode()).as(roles.body()).isEqualTo(200);

        assertTaxiiError(get(m.user(), everything), 403);
    }
}
