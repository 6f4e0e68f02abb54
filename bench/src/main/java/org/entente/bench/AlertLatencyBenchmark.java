package org.entente.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import org.entente.EntenteNode;
import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Ids.UserId;
import org.entente.sharing.Audience;
import org.entente.sharing.SharingLabel;
import org.entente.stix.Tlp;
import org.entente.stream.Notification;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Alert delivery latency (issue 5): the time from submitting something that raises an alert to its
 * arrival on a user's Server-Sent Events stream. Run it with {@code bench/run-alerts}.
 *
 * <p>Setup: a node in-process on embedded PostgreSQL (as {@link ImportBenchmark}), the administrator's
 * stream open over HTTP ({@code GET /api/v1/stream}), plus {@code streams - 1} more streams of the same
 * user receiving the same events (fan-out load). The "submit" step is a {@link Submit} function: today
 * it publishes a {@link Notification} through the node's ApplicationEventPublisher (the path every
 * module uses); after the correlation branch is merged it becomes "POST a sighting that matches an
 * indicator" and the measurement becomes sighting submission to SSE delivery unchanged otherwise.
 *
 * <p>Method: {@code warmups} events, then {@code rounds} rounds of {@code events} events each, paced at
 * {@code rate} per second (latency, not a saturation test). Each event carries its sequence number;
 * latency is the reader thread's arrival time minus the time just before submit, same JVM, same clock.
 * Every delivery is decided by the sharing policy for the reader's current rights (token, caller and
 * ceilings are read from PostgreSQL per batch), so that cost is in the figure.
 */
public final class AlertLatencyBenchmark {

    /** The submit step: make the node raise one alert whose payload carries {@code "seq":sequence}. */
    @FunctionalInterface
    public interface Submit {
        void submit(int sequence) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int warmups = Integer.getInteger("warmups", 500);
        int events = Integer.getInteger("events", 2000);
        int rounds = Integer.getInteger("rounds", 3);
        int rate = Integer.getInteger("rate", 200);
        int streams = Integer.getInteger("streams", 1);
        Path home = Files.createTempDirectory("entente-bench-");
        String token = "bench-" + UUID.randomUUID();
        ConfigurableApplicationContext node = SpringApplication.run(EntenteNode.class,
                "--entente.home=" + home, "--server.port=0", "--entente.admin-token=" + token,
                "--logging.level.root=warn", "--logging.level.org.entente=warn");
        try {
            JdbcTemplate jdbc = new JdbcTemplate(node.getBean(DataSource.class));
            long adminId = jdbc.queryForObject("select id from app_user where username = 'admin'", Long.class);
            Caller admin = node.getBean(Community.class).caller(new UserId(adminId)).orElseThrow();
            int port = Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
            SharingLabel label = new SharingLabel(admin.organisation(), admin.participant(), Tlp.AMBER, new Audience.OwnParticipant());
            String padding = "x".repeat(900); // a sighting and its indicator: about 1 KB of JSON

            // The in-process path: what the correlation module will do when a sighting matches.
            Submit inProcess = seq -> node.publishEvent(new Notification("alert", "sighting--" + UUID.randomUUID(), "sighting",
                    label, "{\"seq\":" + seq + ",\"sighting\":{\"type\":\"sighting\",\"description\":\"" + padding + "\"}}",
                    Instant.now()));

            int total = warmups + rounds * events;
            AtomicLongArray sent = new AtomicLongArray(total);
            AtomicLongArray arrived = new AtomicLongArray(total);
            HttpClient http = HttpClient.newHttpClient();
            List<InputStream> open = new ArrayList<>();
            CountDownLatch allArrived = new CountDownLatch(total);
            for (int s = 0; s < streams; s++) {
                HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/stream?kind=alert"))
                        .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("stream refused: " + response.statusCode());
                }
                open.add(response.body());
                boolean measured = s == 0;
                Thread.ofPlatform().daemon().name("sse-reader-" + s).start(() -> read(response.body(), measured ? arrived : null,
                        measured ? allArrived : null));
            }

            long interval = 1_000_000_000L / rate;
            long next = System.nanoTime();
            for (int seq = 0; seq < total; seq++) {
                long now;
                while ((now = System.nanoTime()) < next) {
                    LockSupport.parkNanos(next - now);
                }
                sent.set(seq, System.nanoTime());
                inProcess.submit(seq);
                next += interval;
            }
            if (!allArrived.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + (total - allArrived.getCount()) + " of " + total + " events arrived");
            }

            List<double[]> results = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                double[] ms = new double[events];
                for (int i = 0; i < events; i++) {
                    int seq = warmups + r * events + i;
                    ms[i] = (arrived.get(seq) - sent.get(seq)) / 1e6;
                }
                Arrays.sort(ms);
                double[] row = {pct(ms, 50), pct(ms, 90), pct(ms, 99), ms[ms.length - 1]};
                results.add(row);
                System.out.printf(Locale.ROOT, "round %d: %d events at %d/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                        r + 1, events, rate, row[0], row[1], row[2], row[3]);
            }
            System.out.println();
            System.out.println("| date | machine | path | streams | events | p50 | p90 | p99 | max |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| %s | %d cores, -Xmx%dm | in-process publish → SSE | %d | %d rounds x %d at %d/s after %d warm-up | %.2f ms | %.2f ms | %.2f ms | %.2f ms |%n",
                    LocalDate.now(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, streams,
                    rounds, events, rate, warmups, median(results, 0), median(results, 1), median(results, 2), median(results, 3));
            System.out.println("(medians over the rounds of each round's percentile)");
            for (InputStream in : open) {
                in.close();
            }
        } finally {
            node.close();
            deleteQuietly(home);
        }
    }

    /** Reads a stream; for the measured one, notes the arrival time of each event by its "seq". */
    private static void read(InputStream body, AtomicLongArray arrived, CountDownLatch latch) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (arrived != null && line.startsWith("data: {\"seq\":")) {
                    long t = System.nanoTime();
                    int end = line.indexOf(',', 13);
                    int seq = Integer.parseInt(line.substring(13, end));
                    if (arrived.compareAndSet(seq, 0, t)) {
                        latch.countDown();
                    }
                }
            }
        } catch (IOException e) {
            // closed at the end
        }
    }

    private static double pct(double[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double median(List<double[]> rows, int column) {
        List<Double> values = new ArrayList<>();
        rows.forEach(r -> values.add(r[column]));
        return ImportBenchmark.median(values);
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
