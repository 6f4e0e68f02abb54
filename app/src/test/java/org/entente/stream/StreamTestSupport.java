package org.entente.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.TaskForceId;
import org.entente.community.Tier;
import org.entente.sharing.Audience;
import org.entente.sharing.SharingLabel;
import org.entente.stix.Tlp;
import org.entente.support.RunningNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A node with short stream timings (heartbeat 1 s, webhook retries after 200 ms, small subscriber
 * queues), NATS at the local server (its tests are skipped when it does not answer), and a small
 * community per test class: Kazakhstan and Russia (members) in a counter-terrorism task force,
 * Mongolia (observer) outside it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StreamTestSupport {

    static final String NATS_URL = "nats://127.0.0.1:4222";
    /**
     * How long to wait for an asynchronous effect that must come (an event, a delivery, a message):
     * generous, since the node, its database and the test share two cores with other builds (load 20+).
     * A wait ends as soon as its effect shows, so this costs nothing when the machine is quick.
     */
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final String ADMIN_TOKEN = "stream-admin-token-" + UUID.randomUUID();
    /**
     * A node of its own (other settings than RunningNode's shared node), so a home of its own: two
     * embedded PostgreSQL servers must never share a data folder.
     */
    private static final java.nio.file.Path STREAM_HOME = RunningNode.freshHome();

    @LocalServerPort
    protected int port;

    protected final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

    @DynamicPropertySource
    static void streamSettings(DynamicPropertyRegistry registry) {
        registry.add("entente.home", STREAM_HOME::toString);
        registry.add("entente.admin-token", () -> ADMIN_TOKEN);
        registry.add("entente.stream.heartbeat", () -> "1s");
        registry.add("entente.stream.queue-size", () -> "32");
        registry.add("entente.webhooks.retry-base", () -> "200ms");
        registry.add("entente.webhooks.retry-max", () -> "1s");
        registry.add("entente.webhooks.max-attempts", () -> "5");
        // Long enough that a loaded machine never turns a slow answer into a timeout (another outcome).
        registry.add("entente.webhooks.timeout", () -> "30s");
        // Always, reachable or not: a NATS server that was down (or slow to accept) when the context
        // was built would otherwise leave the publisher off for every later test class sharing it.
        // Without a server, the publisher only waits for one (as it does in production).
        registry.add("entente.nats.url", () -> NATS_URL);
    }

    static boolean natsReachable() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 4222), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Autowired
    Community community;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ApplicationEventPublisher events;

    final String run = UUID.randomUUID().toString().substring(0, 8);
    ParticipantId kz;
    ParticipantId ru;
    ParticipantId mn;
    OrganisationId kzCert;
    OrganisationId ruMod;
    OrganisationId mnIntel;
    TaskForceId counterTerrorism;
    String ruReader;
    String mnReader;

    @BeforeAll
    void community() {
        kz = community.addParticipant("Kazakhstan " + run, Tier.MEMBER);
        ru = community.addParticipant("Russia " + run, Tier.MEMBER);
        mn = community.addParticipant("Mongolia " + run, Tier.OBSERVER);
        kzCert = community.addOrganisation(kz, "KZ-CERT " + run);
        ruMod = community.addOrganisation(ru, "RU MoD " + run);
        mnIntel = community.addOrganisation(mn, "MN Intelligence " + run);
        counterTerrorism = community.addTaskForce("Counter-terrorism " + run, "CT", Set.of(kz, ru));
        ruReader = user("ru-reader", ruMod, "reader");
        mnReader = user("mn-reader", mnIntel, "reader");
    }

    protected java.net.URI uri(String pathAndQuery) {
        return java.net.URI.create("http://localhost:" + port + pathAndQuery);
    }

    protected HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static tools.jackson.databind.JsonNode json(String text) {
        return org.entente.stix.StixJson.MAPPER.readTree(text);
    }

    String user(String name, OrganisationId org, String role) {
        var id = community.addUser(name + "-" + run + "-" + UUID.randomUUID().toString().substring(0, 4), org, Set.of(role));
        String token = "stream-" + UUID.randomUUID();
        jdbc.update("insert into api_token (user_id, token_hash, label) values (?, sha256(convert_to(?, 'UTF8')), 'test')",
                id.value(), token);
        return token;
    }

    long tokenId(String token) {
        return jdbc.queryForObject("select id from api_token where token_hash = sha256(convert_to(?, 'UTF8'))", Long.class, token);
    }

    TaskForceId taskForce(String name, ParticipantId... members) {
        return community.addTaskForce(name + " " + run + " " + UUID.randomUUID().toString().substring(0, 4), name, Set.of(members));
    }

    void leave(TaskForceId tf, ParticipantId p) {
        // Through the community, as the API does: caches of callers and task forces follow the change.
        assertThat(community.removeTaskForceMember(tf, p)).isTrue();
    }

    SharingLabel taskForceLabel(TaskForceId tf, Tlp tlp) {
        return new SharingLabel(kzCert, kz, tlp, new Audience.TaskForce(tf));
    }

    SharingLabel everyone() {
        return new SharingLabel(kzCert, kz, Tlp.GREEN, new Audience.WholeCommunity());
    }

    /** Publishes a notification as other modules do; returns its subject id. */
    String publish(String kind, String type, SharingLabel label) {
        return publish(kind, type, label, "");
    }

    String publish(String kind, String type, SharingLabel label, String padding) {
        String id = type + "--" + UUID.randomUUID();
        publish(kind, id, type, label, padding);
        return id;
    }

    /** Publishes a notification about a subject whose id the caller chose ({@code <type>--<uuid>}). */
    void publishAs(String kind, String id, SharingLabel label) {
        publish(kind, id, id.substring(0, id.indexOf("--")), label, "");
    }

    private void publish(String kind, String id, String type, SharingLabel label, String padding) {
        String payload = "{\"" + type + "\":{\"id\":\"" + id + "\",\"type\":\"" + type + "\"},\"padding\":\"" + padding + "\"}";
        events.publishEvent(new Notification(kind, id, type, label, payload, Instant.now()));
    }

    /** The caller a token stands for, as the community sees it now. */
    org.entente.community.Caller caller(String token) {
        long userId = jdbc.queryForObject("select user_id from api_token where token_hash = sha256(convert_to(?, 'UTF8'))",
                Long.class, token);
        return community.caller(new org.entente.community.Ids.UserId(userId)).orElseThrow();
    }

    /** Announces, as the store does after a share, that a subject now has another label. */
    void relabel(String subjectId, String type, SharingLabel label, String actorToken) {
        events.publishEvent(new org.entente.intel.IntelStored(caller(actorToken), List.of(new org.entente.intel.StoredVersion(
                subjectId, type, "", false, java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), label, null)), true));
    }

    /** Announces, as the store does, that a subject was deleted. */
    void delete(String subjectId, String type) {
        events.publishEvent(new org.entente.intel.IntelDeleted(subjectId, type, List.of()));
    }

    HttpResponse<String> as(String token, HttpRequest.Builder request) {
        return send(request.header("Authorization", "Bearer " + token));
    }

    HttpResponse<String> postJson(String token, String path, String json) {
        return as(token, HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> getAs(String token, String path) {
        return as(token, HttpRequest.newBuilder(uri(path)).GET());
    }

    /** One server-sent event. */
    record Event(String id, String event, String data) {
    }

    /** A stream read on its own thread, events collected as they arrive. */
    final class SseClient implements AutoCloseable {
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        final List<Event> all = new CopyOnWriteArrayList<>();
        final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
        volatile boolean ended;
        final int status;
        private final InputStream body;

        SseClient(String token, String query, String lastEventId) throws Exception {
            this(http, HttpRequest.newBuilder(uri("/api/v1/stream" + query)).header("Authorization", "Bearer " + token),
                    lastEventId);
        }

        SseClient(java.net.http.HttpClient client, HttpRequest.Builder b, String lastEventId) throws Exception {
            b.header("Accept", "text/event-stream");
            if (lastEventId != null) {
                b.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<InputStream> response = client.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            body = response.body();
            if (status != 200) {
                body.close();
                ended = true;
                return;
            }
            Thread.ofVirtual().start(this::read);
            String first = comments.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            if (first == null) {
                throw new AssertionError("the stream did not start");
            }
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String id = null;
                String event = null;
                StringBuilder data = null;
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (event != null || data != null) {
                            Event e = new Event(id, event, data == null ? "" : data.toString());
                            all.add(e);
                            events.add(e);
                        }
                        id = null;
                        event = null;
                        data = null;
                    } else if (line.startsWith(":")) {
                        comments.add(line);
                    } else if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                    }
                }
            } catch (IOException e) {
                // closed
            } finally {
                ended = true;
            }
        }

        /** Waits for the event about this subject and returns it; fails after {@link #PATIENCE}. */
        Event await(String subjectId) throws InterruptedException {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            for (Event e : all) {
                if (e.data().contains(subjectId)) {
                    return e;
                }
            }
            while (System.nanoTime() < deadline) {
                Event e = events.poll(100, TimeUnit.MILLISECONDS);
                if (e != null && e.data().contains(subjectId)) {
                    return e;
                }
            }
            throw new AssertionError("no event about " + subjectId + " within " + PATIENCE.toSeconds() + " s; got " + summary());
        }

        Event awaitEvent(String name) throws InterruptedException {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                for (Event e : all) {
                    if (name.equals(e.event())) {
                        return e;
                    }
                }
                Thread.sleep(50);
            }
            throw new AssertionError("no '" + name + "' event within " + PATIENCE.toSeconds() + " s; got " + summary());
        }

        /** The events received, each shortened: never a test log full of padding. */
        String summary() {
            return all.size() + " events: " + all.stream().map(e -> e.event() + " " + e.id() + " "
                    + (e.data().length() > 120 ? e.data().substring(0, 120) + "…" : e.data())).toList();
        }

        boolean saw(String subjectId) {
            return all.stream().anyMatch(e -> e.data().contains(subjectId));
        }

        List<Event> received() {
            return new ArrayList<>(all);
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }
}
