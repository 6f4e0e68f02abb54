package org.entente.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.entente.community.Ids.TaskForceId;
import org.entente.sharing.Audience;
import org.entente.sharing.SharingLabel;
import org.entente.stix.Tlp;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** The Server-Sent Events stream: who receives what, filters, resumption, revocation, slow consumers, bad input. */
class StreamDeliveryTest extends StreamTestSupport {

    @Test
    void aUserInTheAudienceReceivesItAndAnObserverOutsideTheTaskForceDoesNot() throws Exception {
        try (SseClient ru = new SseClient(ruReader, "", null); SseClient mn = new SseClient(mnReader, "", null)) {
            String alert = publish("alert", "sighting", taskForceLabel(counterTerrorism, Tlp.AMBER));
            String marker = publish("sighting", "sighting", everyone());

            Event received = ru.await(alert);
            assertThat(received.event()).isEqualTo("alert");
            assertThat(received.id()).matches("\\d+");
            assertThat(json(received.data()).path("sighting").path("id").asString()).isEqualTo(alert);
            ru.await(marker);

            mn.await(marker); // published after the alert: had the alert been sent, it would be here already
            assertThat(mn.saw(alert)).as("the observer is not in the task force").isFalse();
            assertThat(Long.parseLong(ru.await(marker).id())).isGreaterThan(Long.parseLong(received.id()));
        }
    }

    @Test
    void filtersByKindTypeTaskForceAndTlp() throws Exception {
        TaskForceId other = taskForce("Cyber", kz, ru);
        try (SseClient kinds = new SseClient(ruReader, "?kind=alert&kind=intel&type=indicator", null);
             SseClient tf = new SseClient(ruReader, "?task-force=" + counterTerrorism.value(), null);
             SseClient green = new SseClient(ruReader, "?tlp=green", null)) {
            String sighting = publish("sighting", "indicator", taskForceLabel(counterTerrorism, Tlp.AMBER));
            String alertOnSighting = publish("alert", "sighting", taskForceLabel(counterTerrorism, Tlp.AMBER));
            String otherTaskForce = publish("alert", "indicator", taskForceLabel(other, Tlp.GREEN));
            String amber = publish("intel", "indicator", taskForceLabel(counterTerrorism, Tlp.AMBER));
            String last = publish("alert", "indicator", taskForceLabel(counterTerrorism, Tlp.GREEN));

            kinds.await(last);
            assertThat(kinds.saw(otherTaskForce)).isTrue();
            assertThat(kinds.saw(amber)).isTrue();
            assertThat(kinds.saw(sighting)).as("kind sighting").isFalse();
            assertThat(kinds.saw(alertOnSighting)).as("type sighting").isFalse();

            tf.await(last);
            assertThat(tf.saw(sighting)).isTrue();
            assertThat(tf.saw(otherTaskForce)).as("another task force").isFalse();

            green.await(last);
            assertThat(green.saw(otherTaskForce)).isTrue();
            assertThat(green.saw(amber)).as("above TLP:GREEN").isFalse();
            assertThat(green.saw(sighting)).isFalse();
        }
    }

    @Test
    void removingTheUsersParticipantFromTheTaskForceStopsDeliveryAtOnce() throws Exception {
        TaskForceId tf = taskForce("Border security", kz, ru);
        try (SseClient stream = new SseClient(ruReader, "", null)) {
            String before = publish("alert", "sighting", taskForceLabel(tf, Tlp.AMBER));
            stream.await(before);

            leave(tf, ru);
            String after = publish("alert", "sighting", taskForceLabel(tf, Tlp.AMBER));
            String marker = publish("sighting", "sighting", everyone());

            stream.await(marker);
            assertThat(stream.saw(after)).isFalse();
        }
    }

    @Test
    void lastEventIdReplaysWhatWasMissedButNeverWhatThePolicyNowDenies() throws Exception {
        TaskForceId tf = taskForce("Narcotics", kz, ru);
        String resumeFrom;
        try (SseClient stream = new SseClient(ruReader, "", null)) {
            String first = publish("sighting", "sighting", everyone());
            resumeFrom = stream.await(first).id();
        }
        String shared = publish("alert", "sighting", taskForceLabel(tf, Tlp.AMBER));
        String open = publish("sighting", "sighting", everyone());
        try (SseClient replay = new SseClient(ruReader, "", resumeFrom)) {
            replay.await(open);
            assertThat(replay.saw(shared)).as("still in the task force: replayed").isTrue();
        }

        leave(tf, ru);
        try (SseClient replay = new SseClient(ruReader, "", resumeFrom)) {
            Event e = replay.await(open);
            assertThat(Long.parseLong(e.id())).isGreaterThan(Long.parseLong(resumeFrom));
            assertThat(replay.saw(shared)).as("out of the task force now: never replayed").isFalse();
        }
    }

    @Test
    void aStreamWhoseTokenIsRevokedIsClosed() throws Exception {
        String token = user("ru-revoked", ruMod, "reader");
        try (SseClient stream = new SseClient(token, "", null)) {
            String before = publish("sighting", "sighting", everyone());
            stream.await(before);

            HttpResponse<String> revoked = send(HttpRequest.newBuilder(uri("/api/v1/tokens/" + tokenId(token)))
                    .header("Authorization", "Bearer " + token).DELETE());
            assertThat(revoked.statusCode()).isEqualTo(204);
            String after = publish("sighting", "sighting", everyone());

            Event closed = stream.awaitEvent("closed");
            assertThat(json(closed.data()).path("reason").asString()).isEqualTo("credential");
            assertThat(stream.saw(after)).isFalse();
            waitUntil(() -> stream.ended);
        }
    }

    @Test
    void theConsoleSessionHasAStreamThatEndsWithTheSession() throws Exception {
        String username = "ru-console-" + run;
        String password = "correct horse battery staple";
        HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/api/v1/users")).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + username + "\",\"organisation\":" + ruMod.value() + ",\"roles\":[\"reader\"],\"password\":\""
                                + password + "\"}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        var browser = java.net.http.HttpClient.newBuilder().cookieHandler(new java.net.CookieManager(null, java.net.CookiePolicy.ACCEPT_ALL))
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        String page = browser.send(HttpRequest.newBuilder(uri("/login")).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString()).body();
        var csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).isTrue();
        String form = "username=" + username + "&password=" + password.replace(" ", "+") + "&_csrf=" + csrf.group(1);
        HttpResponse<String> signIn = browser.send(HttpRequest.newBuilder(uri("/login")).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).isEqualTo(302);

        try (SseClient stream = new SseClient(browser, HttpRequest.newBuilder(uri("/console/stream")), null)) {
            assertThat(stream.status).isEqualTo(200);
            String alert = publish("alert", "sighting", taskForceLabel(counterTerrorism, Tlp.AMBER));
            stream.await(alert);

            JsonNode session = json(browser.send(HttpRequest.newBuilder(uri("/console/session")).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            HttpResponse<String> signOut = browser.send(HttpRequest.newBuilder(uri("/logout"))
                    .header(session.path("csrf").path("headerName").asString(), session.path("csrf").path("token").asString())
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(signOut.statusCode()).isEqualTo(302);

            Event closed = stream.awaitEvent("closed");
            assertThat(json(closed.data()).path("reason").asString()).isEqualTo("credential");
        }
    }

    @Test
    void aSlowConsumerIsCutOffWithoutAffectingOthers() throws Exception {
        String padding = "x".repeat(64 * 1024);
        int count = 400; // 26 MB: more than the socket buffers hold, so the slow stream's writer blocks
        SharingLabel ownOrganisation = new SharingLabel(ruMod, ru, Tlp.GREEN, new Audience.OwnOrganisation());
        try (Socket slow = new Socket(); SseClient fast = new SseClient(ruReader, "", null)) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("localhost", port));
            OutputStream request = slow.getOutputStream();
            request.write(("GET /api/v1/stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\nConnection: close\r\n"
                    + "Authorization: Bearer " + ruReader + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            request.flush();
            InputStream in = slow.getInputStream();
            byte[] head = new byte[256];
            assertThat(in.read(head)).isPositive(); // started; from here on the slow client reads nothing

            // Published at the pace the fast reader keeps up with; the slow one's queue fills up meanwhile.
            String last = null;
            for (int i = 0; i < count; i++) {
                last = publish("intel", "indicator", ownOrganisation, padding);
                if (i % 10 == 9) {
                    fast.await(last);
                }
            }
            fast.await(last);
            assertThat(fast.received()).noneMatch(e -> "overflow".equals(e.event()));
            assertThat(fast.received().stream().filter(e -> "intel".equals(e.event()) && e.data().length() > padding.length())
                    .count()).as("the fast stream got every one").isGreaterThanOrEqualTo(count);

            // Now read what the slow stream was sent: some events, then the overflow notice.
            slow.setSoTimeout(20_000);
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            byte[] buffer = new byte[1 << 16];
            String tail = "";
            int n;
            while ((n = in.read(buffer)) > 0) {
                rest.write(buffer, 0, n);
                tail = (tail + new String(buffer, 0, n, StandardCharsets.UTF_8));
                tail = tail.substring(Math.max(0, tail.length() - 400));
                if (tail.contains("event: overflow")) {
                    break;
                }
            }
            assertThat(tail.contains("event: overflow")).as("the slow stream ends with an overflow event").isTrue();
            long delivered = rest.toString(StandardCharsets.UTF_8).lines().filter(l -> l.equals("event: intel")).count();
            assertThat(delivered).isLessThan(count);
        }
    }

    @Test
    void badFilterValuesAreProblemsNamingTheParameter() {
        for (var c : List.of(
                new String[]{"?tlp=purple", "tlp"},
                new String[]{"?tlp=green&tlp=red", "tlp"},
                new String[]{"?task-force=abc", "task-force"},
                new String[]{"?task-force=999999999", "task-force"},
                new String[]{"?kind=Alert%0Aevent:%20x", "kind"},
                new String[]{"?type=x", "type"},
                new String[]{"?colour=red", "colour"})) {
            HttpResponse<String> r = as(ruReader, HttpRequest.newBuilder(uri("/api/v1/stream" + c[0]))
                    .header("Accept", "text/event-stream").GET());
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            JsonNode problem = json(r.body());
            assertThat(problem.path("parameter").asString()).as(c[0]).isEqualTo(c[1]);
        }
        HttpResponse<String> badId = as(ruReader, HttpRequest.newBuilder(uri("/api/v1/stream"))
                .header("Accept", "text/event-stream").header("Last-Event-ID", "yesterday").GET());
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(json(badId.body()).path("parameter").asString()).isEqualTo("Last-Event-ID");
    }

    @Test
    void theStreamNeedsATokenAndIntelRead() {
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(uri("/api/v1/stream")).GET());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        String auditor = user("ru-auditor", ruMod, "auditor");
        assertThat(getAs(auditor, "/api/v1/stream").statusCode()).isEqualTo(403);
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + PATIENCE.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }
}
