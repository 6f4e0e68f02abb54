package org.entente.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.entente.EntenteNode;
import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.TaskForceId;
import org.entente.community.Tier;
import org.entente.support.RunningNode;
import org.entente.support.SseStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.sun.net.httpserver.HttpServer;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import tools.jackson.databind.JsonNode;

/**
 * Issue 10, acceptance 1: two instances of one node (two Spring applications, started one after the
 * other) on ONE PostgreSQL server, as behind a load balancer. What one instance does, the other
 * serves: imports, live alerts, exactly-once schedules, and rights changes without waiting for a cache
 * to expire. Both instances are also given the same server as their read replica
 * ({@code entente.db.read-url}), so searches and TAXII pages take the replica's path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoInstancesTest {

    private static final String ADMIN = "scale-admin-" + UUID.randomUUID();
    /**
     * How long to wait for something asynchronous that must happen: generous, since both instances,
     * their database and this test share two cores with other builds (load 20+). A wait ends as soon as
     * its condition holds, so this costs nothing when the machine is quick.
     */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /**
     * How long a page cached on two may take to show a change made elsewhere: well inside the page
     * cache's backstop TTL (60 s), so an effect seen within it was brought by the V59 trigger's signal.
     */
    private static final Duration PAGE_SIGNAL = Duration.ofSeconds(45);

    private EmbeddedPostgres postgres;
    private ConfigurableApplicationContext one;
    private ConfigurableApplicationContext two;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    void start() throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "200")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        String url = postgres.getJdbcUrl("postgres", "postgres");
        // One home for both: it holds the keys every instance must share (webhook secrets), not the database.
        Path home = RunningNode.freshHome();
        one = instance(url, home);
        two = instance(url, home); // after the first: Spring Boot's logging setup races otherwise
        assertThat(one.getBean(Cluster.class).instance()).isNotEqualTo(two.getBean(Cluster.class).instance());
        await("both instances listen", PATIENCE,
                () -> one.getBean(Cluster.class).listening() && two.getBean(Cluster.class).listening());
    }

    private static ConfigurableApplicationContext instance(String url, Path home) {
        return SpringApplication.run(EntenteNode.class, "--server.port=0", "--entente.home=" + home,
                "--entente.db-url=" + url, "--entente.db-user=postgres", "--entente.db.read-url=" + url,
                "--entente.admin-token=" + ADMIN, "--entente.briefings.poll=500ms",
                "--entente.webhooks.retry-base=200ms", "--entente.webhooks.retry-max=1s", "--entente.webhooks.max-attempts=5");
    }

    @AfterAll
    void stop() throws IOException {
        if (two != null) {
            two.close();
        }
        if (one != null) {
            one.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    // --- acceptance ---------------------------------------------------------------------------------

    @Test
    void importsOnOneAreReadableOnTheOther() throws Exception {
        String publisher = user(one, member("Importer"), "publisher");
        String object = object("attack-pattern", "Scale-out probe " + run);
        String id = json(object).path("id").asString();
        assertThat(importTo(one, publisher, "", object).path("stored").asInt()).isEqualTo(1);

        HttpResponse<String> read = get(two, publisher, "/api/v1/objects/" + id);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(json(read.body()).path("name").asString()).isEqualTo("Scale-out probe " + run);
        // Search goes through the query pool (the "replica", here the same server).
        assertThat(two.getBean(QueryDatabase.class).replica()).isTrue();
        JsonNode found = json(get(two, publisher, "/api/v1/objects?type=attack-pattern&q=" + run).body());
        assertThat(found.toString()).contains(id);
        // Someone of another organisation does not see it on either instance: the policy is the same everywhere.
        String outsider = user(one, member("Outsider"), "publisher");
        assertThat(get(two, outsider, "/api/v1/objects/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void concurrentImportsOnBothInstancesAreSerialisedByTheDatabaseLock() throws Exception {
        String publisher = user(one, member("Bulk"), "publisher");
        long before = count(two, publisher);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<JsonNode> a = pool.submit(() -> importTo(one, publisher, "", bundle(3_000, "a")));
            Future<JsonNode> b = pool.submit(() -> importTo(two, publisher, "", bundle(3_000, "b")));
            assertThat(a.get(120, TimeUnit.SECONDS).path("stored").asInt()).isEqualTo(3_000);
            assertThat(b.get(120, TimeUnit.SECONDS).path("stored").asInt()).isEqualTo(3_000);
        } finally {
            pool.shutdown();
        }
        assertThat(count(one, publisher)).isEqualTo(before + 6_000);
        // Each instance's batches took the store clock under the shared advisory lock: no two versions
        // got the same date_added (a unique column: a clash would have failed a batch), and both
        // instances' batches interleave in one order.
        JdbcTemplate jdbc = one.getBean(JdbcTemplate.class);
        assertThat(jdbc.queryForObject("select count(distinct date_added) = count(*) from stix_object", Boolean.class)).isTrue();
    }

    @Test
    void anAlertRaisedOnOneReachesAStreamOnTheOther() throws Exception {
        ParticipantId member = member("Alerting");
        String analyst = user(one, member, "publisher");
        String outsider = user(one, member("Bystander"), "publisher");
        var random = java.util.concurrent.ThreadLocalRandom.current();
        String ip = "45." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255); // not on a warninglist
        String pattern = "[ipv4-addr:value = '" + ip + "']";
        String indicator = indicator(pattern, "Scale-out C2 " + run);
        String indicatorId = json(indicator).path("id").asString();

        // Stored on TWO: ONE's indicator catalog learns of it from the fan-out, not from a restart.
        long known = correlationCount(one);
        assertThat(importTo(two, analyst, "tlp=green&audience=whole-community", indicator).path("stored").asInt()).isEqualTo(1);
        await("instance one's catalog holds the indicator stored on two", PATIENCE,
                () -> correlationCount(one) > known);

        try (SseStream analystOnTwo = sse(two, analyst, "?kind=alert"); SseStream outsiderOnTwo = sse(two, outsider, "?kind=alert&kind=intel")) {
            HttpResponse<String> submitted = send(one, analyst, HttpRequest.newBuilder()
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"values\":[\"" + ip + "\"]}")), "/api/v1/observations");
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
            JsonNode answer = json(submitted.body());
            assertThat(answer.path("matches")).as(submitted.body()).hasSize(1);
            assertThat(answer.path("matches").get(0).path("indicator").path("id").asString()).isEqualTo(indicatorId);
            String sightingId = answer.path("sightings").get(0).path("id").asString();
            long t0 = System.nanoTime();

            SseStream.Event alert = analystOnTwo.await(sightingId);
            System.out.printf("alert on the other instance's stream %d ms after the submission's answer%n",
                    (System.nanoTime() - t0) / 1_000_000);
            assertThat(alert.event()).isEqualTo("alert");
            assertThat(json(alert.data()).path("sighting").path("id").asString()).isEqualTo(sightingId);

            // The receiving instance decided the policy for its own subscribers: the sighting is the
            // analyst's organisation's, so the outsider's stream on two never gets it. A later notice the
            // outsider may see arrives there, so had the alert been delivered it would be there by now.
            String marker = object("attack-pattern", "Marker " + run);
            importTo(one, analyst, "tlp=green&audience=whole-community", marker);
            outsiderOnTwo.await(json(marker).path("id").asString());
            assertThat(outsiderOnTwo.saw(sightingId)).isFalse();
        }
    }

    @Test
    void aScheduledBriefingIsProducedExactlyOnceAcrossInstances() throws Exception {
        ParticipantId member = member("Briefed");
        String publisher = user(one, member, "publisher");
        long tf = community(one).addTaskForce("Scale-out TF " + run, "briefings", Set.of(member)).value();
        importTo(two, publisher, "tlp=green&audience=task-force&task_force=" + tf, indicator(
                "[ipv4-addr:value = '198.18.0." + (1 + (int) (Math.random() * 250)) + "']", "Briefed beacon " + run));
        String base = "/api/v1/task-forces/" + tf + "/briefings";
        // Due at once; both instances poll every 500 ms.
        HttpResponse<String> set = send(one, publisher, HttpRequest.newBuilder().header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"every\":\"P7D\",\"first\":\"2020-01-01T00:00:00Z\"}")), base + "/schedule");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);

        JdbcTemplate jdbc = two.getBean(JdbcTemplate.class);
        String scheduled = "select count(*) from briefing where task_force_id = ? and trigger = 'schedule'";
        await("a scheduled briefing", PATIENCE, () -> jdbc.queryForObject(scheduled, Long.class, tf) > 0);
        Thread.sleep(3_000); // six more polls on each instance
        assertThat(jdbc.queryForObject(scheduled, Long.class, tf)).isEqualTo(1L);
        JsonNode listed = json(get(one, publisher, base).body());
        assertThat(listed.path("count").asInt()).isEqualTo(1);
        assertThat(json(get(two, publisher, base).body()).path("count").asInt()).isEqualTo(1);
    }

    @Test
    void eachWebhookDeliveryIsMadeByExactlyOneInstance() throws Exception {
        ParticipantId member = member("Hooked");
        String publisher = user(one, member, "publisher");
        String subscriber = user(two, member("Subscriber"), "reader");
        // The receiver fails every delivery's first attempt: the retry is claimed by whichever
        // instance's dispatcher gets there first (both poll the same table).
        Map<String, List<Integer>> answers = new ConcurrentHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String delivery = exchange.getRequestHeaders().getFirst("X-Entente-Delivery");
            List<Integer> seen = answers.computeIfAbsent(delivery, d -> new CopyOnWriteArrayList<>());
            int answer;
            synchronized (seen) {
                answer = seen.isEmpty() ? 503 : 204;
                seen.add(answer);
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        server.start();
        try {
            HttpResponse<String> hook = send(one, subscriber, HttpRequest.newBuilder().header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"http://127.0.0.1:" + server.getAddress().getPort()
                            + "/hook\",\"kinds\":[\"intel\"]}")), "/api/v1/webhooks");
            assertThat(hook.statusCode()).as(hook.body()).isEqualTo(201);
            int notices = 12;
            for (int i = 0; i < notices; i++) { // imported on both instances in turn: each queues its own
                importTo(i % 2 == 0 ? one : two, publisher, "tlp=green&audience=whole-community",
                        object("attack-pattern", "Hooked " + i + " " + run));
            }
            await("every delivery made", PATIENCE,
                    () -> answers.values().stream().filter(a -> a.contains(204)).count() == notices);
            Thread.sleep(1_500); // several retry periods on both instances
            assertThat(answers).hasSize(notices);
            answers.forEach((delivery, a) -> assertThat(a).as(delivery).containsExactly(503, 204));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aLiveEventWhoseNotifyWasMissedIsReplayedWhenTheListenerReconnects() throws Exception {
        String publisher = user(one, member("Gap publisher"), "publisher");
        String subscriber = user(two, member("Gap subscriber"), "reader");
        java.util.concurrent.atomic.AtomicInteger gaps = new java.util.concurrent.atomic.AtomicInteger();
        two.getBean(Cluster.class).onGap(gaps::incrementAndGet);
        try (SseStream stream = sse(two, subscriber, "?kind=intel")) {
            String first = object("attack-pattern", "Before the gap " + run);
            String firstId = json(first).path("id").asString();
            importTo(one, publisher, "tlp=green&audience=whole-community", first);
            stream.await(firstId);

            // An event published on one whose NOTIFY two never received: only its row exists.
            String missed = "attack-pattern--" + UUID.randomUUID();
            JdbcTemplate jdbc = one.getBean(JdbcTemplate.class);
            assertThat(jdbc.update("""
                    insert into stream_event (origin, kind, subject_id, subject_type, label, payload, at)
                    select origin, kind, ?, subject_type, label, replace(payload, ?, ?), now() from stream_event where subject_id = ?""",
                    missed, firstId, missed, firstId)).isEqualTo(1);
            Thread.sleep(500);
            assertThat(stream.saw(missed)).as("nothing announced it").isFalse();

            // Two's listener loses its connection (as in a network cut or a server restart) and reconnects.
            String listener = "entente-listen-" + two.getBean(Cluster.class).instance();
            assertThat(jdbc.queryForObject("select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = ?",
                    Long.class, listener)).isEqualTo(1L);
            await("two's listener reconnected", PATIENCE, () -> gaps.get() > 0 && two.getBean(Cluster.class).listening());
            stream.await(missed);
        }
        // Signals flow again after the reconnection.
        String token = user(one, member("After the gap"), "reader");
        long tokenId = one.getBean(JdbcTemplate.class).queryForObject(
                "select id from api_token where token_hash = sha256(convert_to(?, 'UTF8'))", Long.class, token);
        long generation = community(two).generation();
        long cachedAt = System.nanoTime();
        assertThat(get(two, token, "/api/v1/objects/count").statusCode()).isEqualTo(200);
        send(one, token, HttpRequest.newBuilder().DELETE(), "/api/v1/tokens/" + tokenId);
        awaitSignalled("two refuses the revoked token", generation, cachedAt,
                () -> get(two, token, "/api/v1/objects/count").statusCode() == 401);
    }

    // --- rights changes reach the other instance at once -----------------------------------------------

    @Test
    void aTokenRevokedOnOneIsRefusedOnTheOtherWithinTheNotifyNotTheTtl() throws Exception {
        String token = user(one, member("Revoked"), "publisher");
        long tokenId = one.getBean(JdbcTemplate.class).queryForObject(
                "select id from api_token where token_hash = sha256(convert_to(?, 'UTF8'))", Long.class, token);
        // Cached on two just now: without a cross-instance signal it would stay valid there for 5 s.
        long generation = community(two).generation();
        long cachedAt = System.nanoTime();
        assertThat(get(two, token, "/api/v1/objects/count").statusCode()).isEqualTo(200);

        HttpResponse<String> revoked = send(one, token, HttpRequest.newBuilder().DELETE(), "/api/v1/tokens/" + tokenId);
        assertThat(revoked.statusCode()).as(revoked.body()).isBetween(200, 204);
        assertThat(get(one, token, "/api/v1/objects/count").statusCode()).isEqualTo(401);
        awaitSignalled("two refuses the revoked token", generation, cachedAt,
                () -> get(two, token, "/api/v1/objects/count").statusCode() == 401);
        // and it stays refused
        assertThat(get(two, token, "/api/v1/objects/count").statusCode()).isEqualTo(401);
    }

    @Test
    void aMembershipRemovedOnOneIsEnforcedOnTheOtherWithinTheNotifyNotTheTtl() throws Exception {
        ParticipantId owner = member("Owner");
        ParticipantId leaving = member("Leaving");
        String ownerToken = user(one, owner, "publisher");
        String reader = user(one, leaving, "reader");
        TaskForceId tf = community(one).addTaskForce("Scale-out membership " + run, "m", Set.of(owner, leaving));
        String object = object("attack-pattern", "Task-force only " + run);
        String id = json(object).path("id").asString();
        importTo(one, ownerToken, "tlp=amber&audience=task-force&task_force=" + tf.value(), object);
        // Readable on two, with the reader's caller (and its task forces) cached there now.
        await("the reader sees the task force's object on two", PATIENCE,
                () -> get(two, reader, "/api/v1/objects/" + id).statusCode() == 200);
        long generation = community(two).generation();
        long cachedAt = System.nanoTime();
        assertThat(get(two, reader, "/api/v1/objects/" + id).statusCode()).isEqualTo(200);

        // Through the community service of instance ONE, as the API would.
        assertThat(community(one).removeTaskForceMember(tf, leaving)).isTrue();
        awaitSignalled("two withholds the object from the former member", generation, cachedAt,
                () -> get(two, reader, "/api/v1/objects/" + id).statusCode() == 404);
        assertThat(get(two, ownerToken, "/api/v1/objects/" + id).statusCode()).isEqualTo(200);
    }

    @Test
    void aTaxiiPageCachedOnTheOtherInstanceShowsWritesAndDeletesMadeOnOneWithinTheNotifyNotTheTtl() throws Exception {
        String publisher = user(one, member("Page cache"), "publisher");
        String inbox = null;
        for (JsonNode c : json(taxii(two, publisher, "/taxii2/api/collections/").body()).path("collections")) {
            if (c.path("title").asString().equals("Inbox")) {
                inbox = "/taxii2/api/collections/" + c.path("id").asString() + "/objects/";
            }
        }
        assertThat(inbox).isNotNull();
        String page = inbox;
        // Hot on two (the page cache keeps it), empty.
        for (int i = 0; i < 3; i++) {
            assertThat(json(taxii(two, publisher, page).body()).path("objects")).isEmpty();
        }
        String object = object("attack-pattern", "Cached elsewhere " + run);
        String id = json(object).path("id").asString();
        importTo(one, publisher, "", object);
        long t0 = System.nanoTime();
        await("two's cached page shows the object stored on one", PAGE_SIGNAL,
                () -> json(taxii(two, publisher, page).body()).path("objects").size() == 1);
        System.out.printf("write on one shown in two's cached TAXII page after %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        // A delete by hand in the database (no node code): the V59 trigger tells both instances.
        for (int i = 0; i < 3; i++) {
            taxii(two, publisher, page);
        }
        one.getBean(JdbcTemplate.class).update("delete from stix_object where id = ?", id);
        long t1 = System.nanoTime();
        await("two's cached page loses the object deleted by hand", PAGE_SIGNAL,
                () -> json(taxii(two, publisher, page).body()).path("objects").isEmpty());
        System.out.printf("delete by hand shown in two's cached TAXII page after %d ms%n", (System.nanoTime() - t1) / 1_000_000);
    }

    private HttpResponse<String> taxii(ConfigurableApplicationContext instance, String token, String path) {
        HttpResponse<String> r = send(instance, token, HttpRequest.newBuilder().header("Accept", "application/taxii+json;version=2.1").GET(), path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    // --- support ------------------------------------------------------------------------------------

    private static Community community(ConfigurableApplicationContext instance) {
        return instance.getBean(Community.class);
    }

    private ParticipantId member(String name) {
        return community(one).addParticipant(name + " " + run + " " + UUID.randomUUID().toString().substring(0, 4), Tier.MEMBER);
    }

    /** A user of a fresh organisation of {@code participant}, with one role; returns an API token. */
    private String user(ConfigurableApplicationContext instance, ParticipantId participant, String role) {
        Community community = community(instance);
        OrganisationId org = community.addOrganisation(participant, "Org " + UUID.randomUUID().toString().substring(0, 8));
        long user = community.addUser("scale-" + UUID.randomUUID().toString().substring(0, 12), org, Set.of(role)).value();
        String token = "scale-" + UUID.randomUUID();
        instance.getBean(JdbcTemplate.class).update(
                "insert into api_token (user_id, token_hash, label) values (?, sha256(convert_to(?, 'UTF8')), 'scale test')", user, token);
        return token;
    }

    private long count(ConfigurableApplicationContext instance, String token) {
        return json(get(instance, token, "/api/v1/objects/count").body()).path("count").asLong();
    }

    private long correlationCount(ConfigurableApplicationContext instance) {
        return json(get(instance, ADMIN, "/api/v1/correlation").body()).path("indicators").asLong();
    }

    private JsonNode importTo(ConfigurableApplicationContext instance, String token, String query, String body) {
        HttpResponse<String> r = send(instance, token, HttpRequest.newBuilder().header("Content-Type", "application/stix+json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), "/api/v1/objects" + (query.isEmpty() ? "" : "?" + query));
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 202);
        return json(r.body());
    }

    private static String object(String type, String name) {
        return """
                {"type":"%s","spec_version":"2.1","id":"%s--%s","created":"2025-06-26T10:00:00.000Z",
                 "modified":"2025-06-26T10:00:00.000Z","name":"%s"}""".formatted(type, type, UUID.randomUUID(), name);
    }

    private static String indicator(String pattern, String name) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"indicator--%s","created":"2025-06-26T10:00:00.000Z",
                 "modified":"2025-06-26T10:00:00.000Z","name":"%s","pattern":"%s","pattern_type":"stix",
                 "valid_from":"2025-06-26T10:00:00Z"}""".formatted(UUID.randomUUID(), name, pattern);
    }

    private String bundle(int n, String tag) {
        StringBuilder b = new StringBuilder("{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append(object("attack-pattern", "Bulk " + tag + " " + i + " " + run));
        }
        return b.append("]}").toString();
    }

    private static int port(ConfigurableApplicationContext instance) {
        return Integer.parseInt(instance.getEnvironment().getProperty("local.server.port"));
    }

    private HttpResponse<String> get(ConfigurableApplicationContext instance, String token, String path) {
        return send(instance, token, HttpRequest.newBuilder().header("Accept", "application/json").GET(), path);
    }

    private HttpResponse<String> send(ConfigurableApplicationContext instance, String token, HttpRequest.Builder request, String path) {
        try {
            return http.send(request.uri(URI.create("http://localhost:" + port(instance) + path))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        return org.entente.stix.StixJson.MAPPER.readTree(text);
    }

    /**
     * Waits for the effect on two of a rights change made on one, and checks that the cross-instance
     * signal brought it, not the caches' backstop TTL: two's community generation moved (the signal
     * arrived; every cache two keeps is keyed on it), and the effect showed while what two had cached at
     * {@code cachedAt} (nanoTime taken just before two last loaded it) was still within the TTL. When the
     * machine is so loaded that even the effect came only after the TTL, this run cannot tell the two
     * causes apart: the test is then aborted, saying so, rather than passed or failed on a guess.
     */
    private void awaitSignalled(String what, long generationBefore, long cachedAt, BooleanSupplier effect) {
        await("two received the change's signal", PATIENCE, () -> community(two).generation() > generationBefore);
        await(what, PATIENCE, effect);
        Duration since = Duration.ofNanos(System.nanoTime() - cachedAt);
        System.out.printf("%s: %d ms after two cached the old rights%n", what, since.toMillis());
        org.junit.jupiter.api.Assumptions.assumeTrue(since.compareTo(Community.CACHE_TTL) < 0,
                () -> "too loaded to tell the signal from the " + Community.CACHE_TTL.toSeconds() + " s cache expiry: " + what
                        + " only " + since.toMillis() + " ms after two cached the old rights (the signal did arrive)");
    }

    private static void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toMillis() + " ms: " + what);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A Server-Sent Events stream of one instance. */
    SseStream sse(ConfigurableApplicationContext instance, String token, String query) throws Exception {
        return new SseStream(http, URI.create("http://localhost:" + port(instance) + "/api/v1/stream" + query), token);
    }
}
