package org.entente.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A user's live stream ({@code GET /api/v1/stream}) read on a virtual thread, events collected as they
 * arrive. Waits end at the first sight of what they wait for; their 60 s only matter on a loaded machine.
 */
public final class SseStream implements AutoCloseable {

    /** One server-sent event: its type and its data lines joined. */
    public record Event(String event, String data) {
    }

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final List<Event> all = new CopyOnWriteArrayList<>();
    private final InputStream body;
    private final CountDownLatch started = new CountDownLatch(1);

    /** Opens the stream at {@code url} as the owner of {@code token}; fails unless it answers 200 and starts. */
    public SseStream(HttpClient http, URI url, String token) throws Exception {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(url).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        body = r.body();
        Thread.ofVirtual().start(this::read);
        assertThat(started.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("the stream started").isTrue();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String event = null;
            StringBuilder data = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(":")) {
                    started.countDown();
                } else if (line.isEmpty()) {
                    if (data != null) {
                        all.add(new Event(event, data.toString()));
                    }
                    event = null;
                    data = null;
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** The first event whose data mentions {@code text}. */
    public Event await(String text) throws InterruptedException {
        return await(null, text);
    }

    /** The first event of type {@code kind} (any type when null) whose data mentions {@code text}. */
    public Event await(String kind, String text) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            for (Event e : all) {
                if ((kind == null || kind.equals(e.event())) && e.data().contains(text)) {
                    return e;
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("no " + (kind == null ? "event" : kind) + " about " + text + " within "
                + PATIENCE.toSeconds() + " s; got " + all.size() + " events");
    }

    /** Whether any event received so far mentions {@code text}. */
    public boolean saw(String text) {
        return all.stream().anyMatch(e -> e.data().contains(text));
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
