package org.entente.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.entente.community.Ids.TaskForceId;
import org.entente.stix.Tlp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;

/** Webhooks: who receives what, signatures, retries, the delivery record, current rights at each attempt, bad input. */
class WebhookDeliveryTest extends StreamTestSupport {

    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

    /** A local receiver: records what it was sent, and answers what {@code status} says for each request. */
    final class Receiver {
        record Received(Map<String, String> headers, String body, int answered) {
        }

        final List<Received> requests = new CopyOnWriteArrayList<>();
        final String url;

        Receiver(IntSupplier status) throws IOException {
            this(body -> status.getAsInt());
        }

        /** Answers what {@code status} says for each request's body (which may wait before it says). */
        Receiver(ToIntFunction<String> status) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                Map<String, String> headers = new ConcurrentHashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.getFirst()));
                String text = new String(body, StandardCharsets.UTF_8);
                int answer = status.applyAsInt(text);
                requests.add(new Received(headers, text, answer));
                exchange.sendResponseHeaders(answer, -1);
                exchange.close();
            });
            server.start();
            servers.add(server);
            url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        Received await(String subjectId, int answered) throws InterruptedException {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                for (Received r : requests) {
                    if (r.body().contains(subjectId) && r.answered() == answered) {
                        return r;
                    }
                }
                Thread.sleep(50);
            }
            throw new AssertionError("no request about " + subjectId + " answered " + answered + "; got " + requests.size());
        }

        boolean saw(String subjectId) {
            return requests.stream().anyMatch(r -> r.body().contains(subjectId));
        }
    }

    @AfterAll
    void stopReceivers() {
        servers.forEach(s -> s.stop(0));
    }

    JsonNode register(String token, String json) {
        HttpResponse<String> r = postJson(token, "/api/v1/webhooks", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r.body());
    }

    @Test
    void aUserInTheAudienceReceivesASignedDeliveryAndAnObserverOutsideTheTaskForceNothing() throws Exception {
        Receiver ruHook = new Receiver(() -> 204);
        Receiver mnHook = new Receiver(() -> 204);
        JsonNode ru = register(ruReader, "{\"url\":\"" + ruHook.url + "\"}");
        register(mnReader, "{\"url\":\"" + mnHook.url + "\"}");
        String secret = ru.path("secret").asString();
        assertThat(secret).startsWith("whsec_");

        String alert = publish("alert", "sighting", taskForceLabel(counterTerrorism, Tlp.AMBER));
        String marker = publish("sighting", "sighting", everyone());

        Receiver.Received got = ruHook.await(alert, 204);
        assertThat(got.headers()).containsEntry("x-entente-event", "alert").containsKey("x-entente-delivery");
        String timestamp = got.headers().get("x-entente-timestamp");
        assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        assertThat(got.headers().get("x-entente-signature")).isEqualTo("sha256=" + hmac(secret, timestamp + "." + got.body()));
        assertThat(got.headers().get("x-entente-signature")).isNotEqualTo("sha256=" + hmac("another secret!!", timestamp + "." + got.body()));
        assertThat(json(got.body()).path("sighting").path("id").asString()).isEqualTo(alert);

        mnHook.await(marker, 204); // published after the alert, delivered: the alert would have been too
        Thread.sleep(300);
        assertThat(mnHook.saw(alert)).as("the observer is not in the task force").isFalse();
        assertThat(jdbc.queryForObject("""
                        select count(*) from webhook_delivery d join webhook w on w.id = d.webhook_id
                        where d.subject_id = ? and w.url = ?""", Integer.class, alert, mnHook.url))
                .as("no delivery was even recorded for the observer").isZero();
    }

    @Test
    void aReceiverFailingTwiceGetsExactlyOneAcceptedDeliveryAndTheRetriesAreRecorded() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Receiver flaky = new Receiver(() -> calls.incrementAndGet() <= 2 ? 503 : 200);
        JsonNode hook = register(ruReader, "{\"url\":\"" + flaky.url + "\",\"secret\":\"my-own-secret-0123456789\"}");
        assertThat(hook.path("secret").asString()).isEqualTo("my-own-secret-0123456789");

        String alert = publish("alert", "sighting", taskForceLabel(counterTerrorism, Tlp.AMBER));
        Receiver.Received accepted = flaky.await(alert, 200);

        assertThat(flaky.requests).hasSize(3);
        assertThat(flaky.requests.stream().filter(r -> r.answered() == 200)).hasSize(1);
        assertThat(flaky.requests.stream().map(r -> r.headers().get("x-entente-delivery")).distinct())
                .as("every attempt carries the same delivery id").hasSize(1);
        String ts = accepted.headers().get("x-entente-timestamp");
        assertThat(accepted.headers().get("x-entente-signature")).isEqualTo("sha256=" + hmac("my-own-secret-0123456789", ts + "." + accepted.body()));

        JsonNode delivery = awaitDelivery(ruReader, hook.path("id").asLong(), "delivered");
        assertThat(delivery.path("id").asString()).isEqualTo(accepted.headers().get("x-entente-delivery"));
        assertThat(delivery.path("subjectId").asString()).isEqualTo(alert);
        assertThat(delivery.path("attempts").asInt()).isEqualTo(3);
        assertThat(delivery.path("attemptLog").valueStream().map(a -> a.path("outcome").asString()).toList())
                .containsExactly("http-error", "http-error", "delivered");
        assertThat(delivery.path("attemptLog").get(0).path("statusCode").asInt()).isEqualTo(503);

        HttpResponse<String> listed = getAs(ruReader, "/api/v1/webhooks");
        assertThat(listed.body()).doesNotContain("my-own-secret").doesNotContain("secret");
    }

    @Test
    void theOwnersCurrentRightsAreDecidedAtEachAttempt() throws Exception {
        TaskForceId tf = taskForce("Border security", kz, ru);
        AtomicInteger calls = new AtomicInteger();
        Hold firstAttempt = new Hold();
        // The first attempt is answered (500) only once the owner has left, so its retry comes after the
        // change however slowly this machine runs (with a 200 ms retry, leaving after the answer raced it).
        Receiver failingFirst = new Receiver(body -> calls.incrementAndGet() == 1 ? firstAttempt.answer(500) : 200);
        JsonNode hook = register(ruReader, "{\"url\":\"" + failingFirst.url + "\",\"taskForces\":[" + tf.value() + "]}");

        String alert = publish("alert", "sighting", taskForceLabel(tf, Tlp.AMBER));
        firstAttempt.awaitArrival();
        leave(tf, ru); // before the retry
        firstAttempt.release();
        failingFirst.await(alert, 500);

        JsonNode delivery = awaitDelivery(ruReader, hook.path("id").asLong(), "withheld");
        assertThat(delivery.path("subjectId").isNull()).as("the owner no longer sees the subject: not even its id").isTrue();
        assertThat(delivery.path("attemptLog").valueStream().map(a -> a.path("outcome").asString()).toList())
                .containsExactly("http-error", "withheld");
        Thread.sleep(500);
        assertThat(failingFirst.requests).hasSize(1);
    }

    @Test
    void pendingRetriesAboutASubjectNarrowedOrDeletedSinceAreWithheld() throws Exception {
        TaskForceId tf = taskForce("Aviation", kz, ru);
        TaskForceId narrower = taskForce("Aviation inner circle", kz);
        // Each subject's first attempt is answered (503) only once the subject has changed, so the retry
        // comes after the change however slowly this machine runs (not after the attempts ran out).
        Map<String, Hold> holds = new ConcurrentHashMap<>();
        Receiver failing = new Receiver(body -> holds.entrySet().stream().filter(h -> body.contains(h.getKey())).findFirst()
                .map(h -> h.getValue().answer(503)).orElse(503));
        JsonNode hook = register(ruReader, "{\"url\":\"" + failing.url + "\",\"taskForces\":[" + tf.value() + "]}");

        String narrowed = "sighting--" + java.util.UUID.randomUUID();
        Hold narrowedFirst = new Hold();
        holds.put(narrowed, narrowedFirst);
        publishAs("alert", narrowed, taskForceLabel(tf, Tlp.AMBER));
        narrowedFirst.awaitArrival();
        relabel(narrowed, "sighting", taskForceLabel(narrower, Tlp.AMBER), ruReader);
        narrowedFirst.release();
        failing.await(narrowed, 503);
        JsonNode withheld = awaitDelivery(ruReader, hook.path("id").asLong(), "withheld");
        assertThat(withheld.path("subjectId").isNull()).as("not even its id").isTrue();

        String deleted = "sighting--" + java.util.UUID.randomUUID();
        Hold deletedFirst = new Hold();
        holds.put(deleted, deletedFirst);
        publishAs("alert", deleted, taskForceLabel(tf, Tlp.AMBER));
        deletedFirst.awaitArrival();
        delete(deleted, "sighting");
        deletedFirst.release();
        failing.await(deleted, 503);
        Thread.sleep(300);
        int sent = failing.requests.size();
        Thread.sleep(1500); // several retry periods
        assertThat(failing.requests).as("no retry after the narrowing or the deletion").hasSize(sent);
        assertThat(jdbc.queryForObject("select count(*) from webhook_delivery where webhook_id = ? and status = 'pending'",
                Integer.class, hook.path("id").asLong())).isZero();
        assertThat(jdbc.queryForObject("select count(*) from webhook_delivery where webhook_id = ? and (subject_id is not null or payload <> '')",
                Integer.class, hook.path("id").asLong())).as("subject and payload forgotten").isZero();
    }

    @Test
    void filtersApply() throws Exception {
        Receiver receiver = new Receiver(() -> 200);
        register(ruReader, "{\"url\":\"" + receiver.url + "\",\"kinds\":[\"alert\"],\"types\":[\"indicator\"],\"tlp\":\"green\"}");
        String sighting = publish("sighting", "indicator", everyone());
        String amber = publish("alert", "indicator", taskForceLabel(counterTerrorism, Tlp.AMBER));
        String wrongType = publish("alert", "sighting", everyone());
        String wanted = publish("alert", "indicator", everyone());

        receiver.await(wanted, 200);
        Thread.sleep(300);
        assertThat(receiver.saw(sighting)).isFalse();
        assertThat(receiver.saw(amber)).isFalse();
        assertThat(receiver.saw(wrongType)).isFalse();
    }

    @Test
    void badRegistrationsAreProblemsNamingTheField() {
        for (String[] c : List.of(
                new String[]{"{\"url\":\"file:///etc/passwd\"}", "url"},
                new String[]{"{\"url\":\"ftp://example.org/x\"}", "url"},
                new String[]{"{\"url\":\"http://\"}", "url"},
                new String[]{"{\"url\":\"not a url\"}", "url"},
                new String[]{"{\"url\":\"https://user:pw@example.org/x\"}", "url"},
                new String[]{"{}", "url"},
                new String[]{"{\"url\":\"https://example.org/x\",\"tlp\":\"purple\"}", "tlp"},
                new String[]{"{\"url\":\"https://example.org/x\",\"kinds\":[\"Alert!\"]}", "kinds"},
                new String[]{"{\"url\":\"https://example.org/x\",\"taskForces\":[\"abc\"]}", "taskForces"},
                new String[]{"{\"url\":\"https://example.org/x\",\"secret\":\"short\"}", "secret"})) {
            HttpResponse<String> r = postJson(ruReader, "/api/v1/webhooks", c[0]);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(json(r.body()).path("parameter").asString()).as(c[0]).isEqualTo(c[1]);
        }
    }

    @Test
    void aWebhookToAnInternalAddressIsRefusedAndNothingIsRegistered() {
        // The tests' own receivers are on loopback, allowed by src/test/resources/config/application.yml;
        // every other internal network keeps the node's default refusal.
        String before = getAs(ruReader, "/api/v1/webhooks").body();
        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://10.1.2.3:5432/", "http://[fd00::1]/x",
                "http://192.168.0.1/admin", "http://[::ffff:172.16.0.1]/")) {
            HttpResponse<String> r = postJson(ruReader, "/api/v1/webhooks", "{\"url\":\"" + url + "\"}");
            assertThat(r.statusCode()).as(url).isEqualTo(400);
            assertThat(json(r.body()).path("parameter").asString()).as(url).isEqualTo("url");
            assertThat(json(r.body()).path("detail").asString()).as(url).contains("internal address")
                    .contains("entente.webhooks.allowed-networks");
        }
        assertThat(getAs(ruReader, "/api/v1/webhooks").body()).isEqualTo(before);
    }

    @Test
    void usersSeeAndDeleteOnlyTheirOwnWebhooks() {
        JsonNode hook = register(ruReader, "{\"url\":\"https://siem.example.org/entente\"}");
        long id = hook.path("id").asLong();
        assertThat(getAs(mnReader, "/api/v1/webhooks/" + id).statusCode()).isEqualTo(404);
        assertThat(getAs(mnReader, "/api/v1/webhooks/" + id + "/deliveries").statusCode()).isEqualTo(404);
        assertThat(as(mnReader, HttpRequest.newBuilder(uri("/api/v1/webhooks/" + id)).DELETE()).statusCode()).isEqualTo(404);
        assertThat(getAs(mnReader, "/api/v1/webhooks").body()).doesNotContain("siem.example.org");

        JsonNode one = json(getAs(ruReader, "/api/v1/webhooks/" + id).body());
        assertThat(one.path("url").asString()).isEqualTo("https://siem.example.org/entente");
        assertThat(one.has("secret")).isFalse();
        assertThat(as(ruReader, HttpRequest.newBuilder(uri("/api/v1/webhooks/" + id)).DELETE()).statusCode()).isEqualTo(204);
        assertThat(getAs(ruReader, "/api/v1/webhooks/" + id).statusCode()).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/webhooks")).GET()).statusCode()).isEqualTo(401);
    }

    @Test
    void secretsAreSealedAtRest() {
        JsonNode hook = register(ruReader, "{\"url\":\"https://siem.example.org/sealed\",\"secret\":\"plain-text-secret-42\"}");
        byte[] stored = jdbc.queryForObject("select secret_sealed from webhook where id = ?", byte[].class, hook.path("id").asLong());
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("plain-text-secret-42");
    }

    JsonNode awaitDelivery(String token, long webhookId, String status) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            JsonNode deliveries = json(getAs(token, "/api/v1/webhooks/" + webhookId + "/deliveries").body()).path("deliveries");
            last = deliveries;
            for (JsonNode d : deliveries) {
                if (status.equals(d.path("status").asString())) {
                    return d;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no delivery became " + status + ": " + last);
    }

    /** An answer a receiver holds back until the test has done what must happen before it. */
    static final class Hold {
        private final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        /** Called by the receiver: waits for the release, then answers {@code status}. */
        int answer(int status) {
            arrived.countDown();
            try {
                if (!released.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return status;
        }

        void awaitArrival() throws InterruptedException {
            assertThat(arrived.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("the attempt arrived").isTrue();
        }

        void release() {
            released.countDown();
        }
    }

    static String hmac(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}
