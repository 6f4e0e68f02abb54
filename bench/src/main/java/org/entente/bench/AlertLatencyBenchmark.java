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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * user receiving the same events (fan-out load). The "submit" step is a {@link Submit} function chosen
 * with {@code -Dpath}: {@code observation} (default, the figure issue 5 asks for) imports one indicator
 * per event first, then POSTs to {@code /api/v1/observations} a value that matches exactly one of them:
 * index lookup, policy check, sighting and observation stored, alert published after commit, SSE;
 * {@code publish} measures delivery alone by publishing a {@link Notification} in-process.
 *
 * <p>Method: {@code warmups} events, then {@code rounds} rounds of {@code events} events each, paced at
 * {@code rate} per second (latency, not a saturation test; an observation is sent only after the
 * previous one was answered). Each event names its indicator {@code bench-alert-<seq>}; latency is the reader thread's arrival time minus the time just before submit, same JVM, same clock.
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

            int total = warmups + rounds * events;
            HttpClient http = HttpClient.newHttpClient();
            String path = System.getProperty("path", "observation");
            Submit submit = switch (path) {
                // The whole path of issue 5: an observation POSTed over HTTP, matched against the
                // indicator index, a sighting stored, the alert published after commit, then SSE.
                case "observation" -> {
                    loadIndicators(http, port, token, total);
                    yield seq -> {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/observations"))
                                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"values\":[\"" + value(seq) + "\"]}")).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 201 || !r.body().contains(value(seq))) {
                            throw new IllegalStateException("observation " + seq + " not matched: " + r.statusCode() + " " + r.body());
                        }
                    };
                }
                // Delivery alone: a Notification published in-process, as the correlation module does.
                case "publish" -> seq -> node.publishEvent(new Notification("alert", "sighting--" + UUID.randomUUID(), "sighting",
                        label, "{\"sighting\":{\"type\":\"sighting\",\"description\":\"" + padding + "\"},"
                                + "\"indicator\":{\"name\":\"" + name(seq) + "\"}}", Instant.now()));
                default -> throw new IllegalArgumentException("-Dpath must be observation or publish, not " + path);
            };

            AtomicLongArray sent = new AtomicLongArray(total);
            AtomicLongArray arrived = new AtomicLongArray(total);
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
                submit.submit(seq);
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
            System.out.printf(Locale.ROOT, "| %s | %d cores, -Xmx%dm | %s → SSE | %d | %d rounds x %d at %d/s after %d warm-up | %.2f ms | %.2f ms | %.2f ms | %.2f ms |%n",
                    LocalDate.now(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                    path.equals("observation") ? "observation POSTed → match → sighting stored → alert" : "in-process publish", streams,
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

    private static final Pattern NAME = Pattern.compile("\"name\":\"bench-alert-(\\d+)\"");

    private static String name(int seq) {
        return "bench-alert-" + seq;
    }

    private static String value(int seq) {
        return "n" + seq + ".alerts.bench-entente.net";
    }

    /** One indicator per event, imported over HTTP; waits until the catalog has indexed them all. */
    private static void loadIndicators(HttpClient http, int port, String token, int count) throws Exception {
        StringBuilder bundle = new StringBuilder("{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":[");
        for (int i = 0; i < count; i++) {
            bundle.append(i == 0 ? "" : ",").append("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--")
                    .append(UUID.randomUUID()).append("\",\"created\":\"2026-01-01T00:00:00.000Z\",\"modified\":\"2026-01-01T00:00:00.000Z\",")
                    .append("\"name\":\"").append(name(i)).append("\",\"pattern_type\":\"stix\",\"valid_from\":\"2026-01-01T00:00:00Z\",")
                    .append("\"pattern\":\"[domain-name:value = '").append(value(i)).append("']\"}");
        }
        bundle.append("]}");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/objects"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(bundle.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("indicator import refused: " + r.statusCode() + " " + r.body());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String status = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/correlation"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("\"indicators\":(\\d+)").matcher(status);
            if (m.find() && Integer.parseInt(m.group(1)) >= count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the indicator catalog did not index " + count + " indicators in 120 s");
    }

    /** Reads a stream; for the measured one, notes the arrival time of each event by its "seq". */
    private static void read(InputStream body, AtomicLongArray arrived, CountDownLatch latch) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Matcher m;
                if (arrived != null && line.startsWith("data: ") && (m = NAME.matcher(line)).find()) {
                    long t = System.nanoTime();
                    int seq = Integer.parseInt(m.group(1));
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
