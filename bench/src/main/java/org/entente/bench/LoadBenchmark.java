package org.entente.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.entente.EntenteNode;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sustained mixed load on a node over loopback (issue 10, acceptance 3): C closed-loop clients for S
 * seconds, each request one of
 * <ul>
 * <li>{@code read-page}: TAXII GET objects/ of the "everything" collection (limit 50, from a random
 * cursor-less start or {@code added_after});</li>
 * <li>{@code read-object}: TAXII GET objects/{id}/ of an object this run wrote and the node acknowledged;</li>
 * <li>{@code write}: TAXII POST of an envelope of 5 new indicators to the Inbox (202 and a status);</li>
 * <li>{@code sight}: POST /api/v1/observations of 3 values, one of which matches a preloaded indicator
 * (201 with the sighting's id).</li>
 * </ul>
 * Any other answer, or an exception, is an error. After the run every acknowledged write is checked:
 * each TAXII status is polled to completion and must report every object a success, then every
 * written object and every sighting id answered must be readable through the API. Figures:
 * throughput, p50/p99 per kind. Knobs: -Dclients=8 -Dseconds=60 -Dpreload=2000.
 */
public final class LoadBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TAXII = "application/taxii+json;version=2.1";

    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private final List<String> firstErrors = Collections.synchronizedList(new ArrayList<>());
    private final List<String> writtenIds = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>(); // status id -> objects acknowledged
    private final Set<String> sightings = ConcurrentHashMap.newKeySet();
    private String everything;
    private String inbox;

    LoadBenchmark(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        int clients = Integer.getInteger("clients", 8);
        int seconds = Integer.getInteger("seconds", 60);
        int preload = Integer.getInteger("preload", 2000);
        Path home = Files.createTempDirectory("entente-load-");
        String token = "load-" + UUID.randomUUID();
        // The per-caller rate limit stays on (its filter runs on every request) but high enough not to
        // throttle one caller driving the whole load; a real deployment gives each client its own token.
        ConfigurableApplicationContext node = SpringApplication.run(EntenteNode.class, "--entente.home=" + home, "--server.port=0",
                "--entente.admin-token=" + token, "--entente.limits.requests-per-second=100000", "--entente.limits.burst=100000",
                "--logging.level.root=warn", "--logging.level.org.entente=warn");
        try {
            int port = Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
            LoadBenchmark b = new LoadBenchmark("http://127.0.0.1:" + port, token);
            b.setUp(preload);
            b.run(clients, seconds);
            b.verify();
        } finally {
            node.close();
        }
    }

    void setUp(int preload) throws Exception {
        for (JsonNode c : json(send(get("/taxii2/api/collections/"), 200)).path("collections")) {
            if (c.path("can_write").asBoolean()) {
                inbox = c.path("id").asString();
            } else if (c.path("title").asString().toLowerCase(Locale.ROOT).contains("everything")) {
                everything = c.path("id").asString();
            }
        }
        if (everything == null || inbox == null) {
            throw new IllegalStateException("collections not found");
        }
        StringBuilder bundle = new StringBuilder("{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":[");
        for (int i = 0; i < preload; i++) {
            bundle.append(i == 0 ? "" : ",").append(indicator("indicator--" + UUID.randomUUID(), "c2-" + i + ".load-bench.net"));
        }
        bundle.append("]}");
        send(HttpRequest.newBuilder(URI.create(base + "/api/v1/objects")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/stix+json").POST(HttpRequest.BodyPublishers.ofString(bundle.toString())), 200);
        for (int i = 0; i < 600; i++) { // the correlation catalog indexes the preloaded indicators
            if (json(send(get("/api/v1/correlation"), 200)).path("state").asString().equals("ready")) {
                break;
            }
            Thread.sleep(100);
        }
        System.out.printf(Locale.ROOT, "node ready, %d indicators preloaded%n", preload);
    }

    void run(int clients, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        CountDownLatch done = new CountDownLatch(clients);
        long startedAt = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int id = c;
            Thread.ofPlatform().name("load-" + c).start(() -> {
                SplittableRandom random = new SplittableRandom(id);
                HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
                try {
                    while (System.nanoTime() < end) {
                        int dice = random.nextInt(100);
                        String kind = dice < 45 ? "read-page" : dice < 60 ? "read-object" : dice < 80 ? "write" : "sight";
                        long t0 = System.nanoTime();
                        try {
                            step(own, kind, random);
                            latencies.computeIfAbsent(kind, k -> Collections.synchronizedList(new ArrayList<>())).add(System.nanoTime() - t0);
                        } catch (Exception e) {
                            errors.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
                            if (firstErrors.size() < 10) {
                                firstErrors.add(kind + ": " + e);
                            }
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        double elapsed = (System.nanoTime() - startedAt) / 1e9;
        long total = latencies.values().stream().mapToLong(List::size).sum();
        long errorCount = errors.values().stream().mapToLong(AtomicLong::get).sum();
        System.out.printf(Locale.ROOT, "%d clients, %.1f s: %,d requests, %.1f req/s, %d errors%n", clients, elapsed, total, total / elapsed, errorCount);
        for (String kind : List.of("read-page", "read-object", "write", "sight")) {
            List<Long> l = new ArrayList<>(latencies.getOrDefault(kind, List.of()));
            Collections.sort(l);
            System.out.printf(Locale.ROOT, "  %-12s %,7d requests  %6.1f req/s  p50 %6.1f ms  p99 %7.1f ms  errors %d%n", kind, l.size(),
                    l.size() / elapsed, pct(l, 0.50), pct(l, 0.99), errors.getOrDefault(kind, new AtomicLong()).get());
        }
        firstErrors.forEach(e -> System.out.println("  error: " + e));
    }

    private void step(HttpClient client, String kind, SplittableRandom random) throws Exception {
        switch (kind) {
            case "read-page" -> {
                String q = random.nextBoolean() ? "?limit=50" : "?limit=50&added_after=" + Instant.now().minusSeconds(random.nextInt(120));
                HttpResponse<String> r = client.send(get("/taxii2/api/collections/" + everything + "/objects/" + q).build(),
                        HttpResponse.BodyHandlers.ofString());
                expect(r, 200);
            }
            case "read-object" -> {
                String id;
                synchronized (writtenIds) {
                    id = writtenIds.isEmpty() ? null : writtenIds.get(random.nextInt(writtenIds.size()));
                }
                if (id == null) {
                    expect(client.send(get("/taxii2/").build(), HttpResponse.BodyHandlers.ofString()), 200);
                    return;
                }
                // A write is acknowledged when its status says so; until then 404 is allowed only for ids whose status is pending.
                HttpResponse<String> r = client.send(get("/taxii2/api/collections/" + everything + "/objects/" + id + "/").build(),
                        HttpResponse.BodyHandlers.ofString());
                expect(r, 200);
            }
            case "write" -> {
                List<String> ids = new ArrayList<>();
                StringBuilder env = new StringBuilder("{\"objects\":[");
                for (int i = 0; i < 5; i++) {
                    String id = "indicator--" + UUID.randomUUID();
                    ids.add(id);
                    env.append(i == 0 ? "" : ",").append(indicator(id, "w" + random.nextInt(1_000_000) + ".write-bench.net"));
                }
                env.append("]}");
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/taxii2/api/collections/" + inbox + "/objects/"))
                        .header("Authorization", "Bearer " + token).header("Accept", TAXII).header("Content-Type", TAXII)
                        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(env.toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                expect(r, 202);
                JsonNode status = json(r.body());
                statuses.put(status.path("id").asString(), ids.size());
                if (status.path("status").asString().equals("complete") && status.path("success_count").asInt() == ids.size()) {
                    writtenIds.addAll(ids); // readable now: later reads of them must succeed
                } else {
                    pendingWrites.addAll(ids);
                }
            }
            case "sight" -> {
                String body = "{\"values\":[\"c2-" + random.nextInt(Integer.getInteger("preload", 2000)) + ".load-bench.net\",\"benign-"
                        + random.nextInt(1_000_000) + ".load-bench.org\",\"198.18." + random.nextInt(256) + "." + random.nextInt(256) + "\"]}";
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/observations"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                expect(r, 201);
                JsonNode answer = json(r.body());
                if (answer.path("counts").path("matches").asInt() < 1) {
                    throw new IllegalStateException("no match for a preloaded indicator: " + r.body());
                }
                for (JsonNode s : answer.path("sightings")) {
                    sightings.add(s.isString() ? s.asString() : s.path("id").asString());
                }
            }
            default -> throw new IllegalArgumentException(kind);
        }
    }

    private final List<String> pendingWrites = Collections.synchronizedList(new ArrayList<>());

    /** Every acknowledged write is readable: statuses complete with every object a success, objects and sightings found. */
    void verify() throws Exception {
        long t0 = System.nanoTime();
        int incomplete = 0;
        for (var e : statuses.entrySet()) {
            JsonNode s = null;
            for (int i = 0; i < 600; i++) {
                s = json(send(get("/taxii2/api/status/" + e.getKey() + "/"), 200));
                if (s.path("status").asString().equals("complete")) {
                    break;
                }
                Thread.sleep(100);
            }
            if (!s.path("status").asString().equals("complete") || s.path("success_count").asInt() != e.getValue()) {
                incomplete++;
            }
        }
        List<String> all = new ArrayList<>(writtenIds);
        all.addAll(pendingWrites);
        long missing = 0;
        for (String id : all) {
            HttpResponse<String> r = http.send(get("/api/v1/objects/" + id).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                missing++;
            }
        }
        long missingSightings = 0;
        for (String id : sightings) {
            HttpResponse<String> r = http.send(get("/api/v1/objects/" + id).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                missingSightings++;
            }
        }
        System.out.printf(Locale.ROOT, "verify (%.1f s): %,d TAXII writes acknowledged (%d not complete with full success), %,d objects written,"
                        + " %d not readable; %,d sightings answered, %d not readable%n", (System.nanoTime() - t0) / 1e9, statuses.size(), incomplete,
                all.size(), missing, sightings.size(), missingSightings);
        long errorCount = errors.values().stream().mapToLong(AtomicLong::get).sum();
        System.out.println(errorCount == 0 && incomplete == 0 && missing == 0 && missingSightings == 0
                ? "RESULT: 0 errors, no lost writes" : "RESULT: FAILED");
    }

    private static String indicator(String id, String domain) {
        return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":\"2026-01-01T00:00:00.000Z\","
                + "\"modified\":\"2026-01-01T00:00:00.000Z\",\"pattern\":\"[domain-name:value = '" + domain + "']\","
                + "\"pattern_type\":\"stix\",\"valid_from\":\"2026-01-01T00:00:00Z\"}";
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Accept", path.startsWith("/taxii2/") ? TAXII : "application/json").timeout(Duration.ofSeconds(60)).GET();
    }

    private String send(HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        expect(r, expected);
        return r.body();
    }

    private static void expect(HttpResponse<String> r, int expected) {
        if (r.statusCode() != expected) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri().getPath() + " -> " + r.statusCode() + " "
                    + r.body().substring(0, Math.min(200, r.body().length())));
        }
    }

    private static JsonNode json(String body) {
        return JSON.readTree(body);
    }

    private static double pct(List<Long> sorted, double q) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }
}
