package org.entente.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.entente.EntenteNode;
import org.entente.community.Community;
import org.entente.community.Tier;
import org.entente.federation.CommunityCa;
import org.entente.federation.FederationNode;
import org.entente.federation.Fingerprints;
import org.entente.federation.NodeCredentials;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Federation (issue 6): two nodes in one JVM, each on its own embedded PostgreSQL, paired over mutual
 * TLS 1.3 with credentials of a community CA created in a temporary folder (as the federation tests
 * do). Run it with {@code bench/run-federation}.
 *
 * <p><b>Catch-up</b>: Alpha first holds {@code objects} indicators (imported over its API, audience
 * all members); then a fresh node is started, given the roster, and the two are paired ({@code POST
 * /api/v1/peers} on both sides); the figure is the time from the new node's {@code peer add} until its
 * store holds all of them. Repeated {@code catchUpRounds} times with a new node each (participants
 * Bravo1, Bravo2, …); the first round includes Alpha signing every version (it signs lazily, once),
 * the following ones serve the kept signatures.
 *
 * <p><b>Share → readable</b>: on the last node paired, {@code warmups} then {@code rounds} x
 * {@code shares} shares, one after the other: one indicator POSTed to Alpha's {@code /api/v1/objects}
 * labelled AMBER, audience named = the peer's participant; the clock stops when the peer's
 * {@code GET /api/v1/objects/{id}} answers 200 (polled every 0.5 ms). Path: import, commit, push notice
 * to the peer, pull of Alpha's feed (signing the version), verification, store, API read.
 */
public final class FederationBenchmark {

    public static void main(String[] args) throws Exception {
        int objects = Integer.getInteger("objects", 25_000);
        int catchUpRounds = Integer.getInteger("catchUpRounds", 3);
        int warmups = Integer.getInteger("warmups", 50);
        int shares = Integer.getInteger("shares", 200);
        int rounds = Integer.getInteger("rounds", 3);
        Path work = Files.createTempDirectory("entente-bench-federation-");
        CommunityCa ca = CommunityCa.init(work.resolve("ca"), "Bench");
        String token = "bench-" + UUID.randomUUID();
        HttpClient http = HttpClient.newHttpClient();
        List<Node> nodes = new ArrayList<>();
        try {
            Node alpha = new Node(work, ca, "Alpha", token);
            nodes.add(alpha);
            long t0 = System.nanoTime();
            StringBuilder bundle = new StringBuilder("{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":[");
            for (int i = 0; i < objects; i++) {
                bundle.append(i == 0 ? "" : ",").append(indicator("bench-fed-" + i, i));
            }
            bundle.append("]}");
            alpha.api(http, "POST", "/api/v1/objects?tlp=green&audience=all-members", bundle.toString(), 200);
            System.out.printf(Locale.ROOT, "Alpha holds %,d indicators (imported in %.1f s)%n", objects, (System.nanoTime() - t0) / 1e9);

            List<Double> catchUps = new ArrayList<>();
            Node peer = null;
            for (int r = 1; r <= catchUpRounds; r++) {
                if (peer != null) {
                    peer.close();
                    nodes.remove(peer);
                }
                peer = new Node(work, ca, "Bravo" + r, token);
                nodes.add(peer);
                roster(alpha, peer.participant);
                roster(peer, "Alpha");
                alpha.pair(http, peer);
                long start = System.nanoTime();
                peer.pair(http, alpha);
                JdbcTemplate db = peer.context.getBean(JdbcTemplate.class);
                long deadline = start + TimeUnit.SECONDS.toNanos(300);
                long held;
                while ((held = db.queryForObject("select count(*) from stix_object where type = 'indicator'", Long.class)) < objects) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("catch-up: only " + held + " of " + objects + " after 300 s");
                    }
                    Thread.sleep(20);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                catchUps.add(seconds);
                String count = peer.api(http, "GET", "/api/v1/objects/count?type=indicator", null, 200);
                System.out.printf(Locale.ROOT, "catch-up round %d (%s): %,d indicators in %.2f s (%,.0f/s); API count %s%n",
                        r, peer.participant, objects, seconds, objects / seconds, count);
            }

            long bravoId = alpha.participantId(peer.participant);
            String sharePath = "/api/v1/objects?tlp=amber&audience=named&participants=" + bravoId;
            int total = warmups + rounds * shares;
            double[] latencies = new double[total];
            for (int s = 0; s < total; s++) {
                String id = "indicator--" + UUID.randomUUID();
                String one = "{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":["
                        + indicator("bench-fed-share-" + s, id, s) + "]}";
                HttpRequest read = HttpRequest.newBuilder(URI.create(peer.apiUrl() + "/api/v1/objects/" + id))
                        .header("Authorization", "Bearer " + token).GET().build();
                long start = System.nanoTime();
                alpha.api(http, "POST", sharePath, one, 200);
                long deadline = start + TimeUnit.SECONDS.toNanos(60);
                while (http.send(read, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("share " + s + " not readable at the peer after 60 s");
                    }
                    LockSupport.parkNanos(500_000);
                }
                latencies[s] = (System.nanoTime() - start) / 1e6;
            }
            List<double[]> results = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                double[] ms = Arrays.copyOfRange(latencies, warmups + r * shares, warmups + (r + 1) * shares);
                Arrays.sort(ms);
                double[] row = {pct(ms, 50), pct(ms, 90), pct(ms, 99), ms[ms.length - 1]};
                results.add(row);
                System.out.printf(Locale.ROOT, "share round %d: %d shares, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        r + 1, shares, row[0], row[1], row[2], row[3]);
            }
            System.out.println();
            System.out.println("| date | machine | share → readable at the peer (p50 / p90 / p99 / max) | catch-up of " + objects
                    + " indicators (median; rounds) |");
            System.out.println("|---|---|---|---|");
            List<String> each = catchUps.stream().map(v -> String.format(Locale.ROOT, "%.1f s", v)).toList();
            System.out.printf(Locale.ROOT, "| %s | %d cores, -Xmx%dm | %.1f / %.1f / %.1f / %.1f ms (%d rounds x %d after %d warm-up) | %.1f s (%s) |%n",
                    LocalDate.now(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                    median(results, 0), median(results, 1), median(results, 2), median(results, 3), rounds, shares, warmups,
                    ImportBenchmark.median(new ArrayList<>(catchUps)), String.join(", ", each));
            System.out.println("(latency: medians over the rounds of each round's percentile)");
        } finally {
            Collections.reverse(nodes);
            nodes.forEach(Node::close);
            deleteQuietly(work);
        }
    }

    /** A node with federation on: own API port, federation port, home, database and credentials. */
    private static final class Node implements AutoCloseable {
        final String participant;
        final Path credentials;
        final String token;
        final ConfigurableApplicationContext context;
        final int port;

        Node(Path work, CommunityCa ca, String participant, String token) throws IOException {
            this.participant = participant;
            this.token = token;
            this.credentials = work.resolve("credentials").resolve(participant);
            Files.createDirectories(credentials.getParent());
            ca.issue(participant, List.of(), List.of(), credentials);
            Path home = Files.createDirectories(work.resolve("home-" + participant));
            context = SpringApplication.run(EntenteNode.class, "--server.port=0", "--entente.home=" + home,
                    "--entente.admin-token=" + token, "--entente.participant=" + participant, "--entente.tier=member",
                    "--entente.organisation=" + participant + " CERT", "--entente.federation.enabled=true",
                    "--entente.federation.port=0", "--entente.federation.key-dir=" + credentials,
                    "--logging.level.root=warn", "--logging.level.org.entente=warn");
            port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        }

        String apiUrl() {
            return "http://localhost:" + port;
        }

        String federationUrl() {
            return "https://localhost:" + context.getBean(FederationNode.class).port();
        }

        String fingerprint() throws Exception {
            return Fingerprints.sha256(NodeCredentials.load(credentials).tlsCertificate());
        }

        long participantId(String name) {
            return context.getBean(Community.class).participants().stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow().id().value();
        }

        void pair(HttpClient http, Node other) throws Exception {
            api(http, "POST", "/api/v1/peers", "{\"url\":\"" + other.federationUrl() + "\",\"participant\":\"" + other.participant
                    + "\",\"fingerprint\":\"" + other.fingerprint() + "\"}", 201);
        }

        String api(HttpClient http, String method, String path, String json, int expected) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(apiUrl() + path)).header("Authorization", "Bearer " + token);
            b = json == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                    : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + " at " + participant + ": " + r.statusCode() + " " + r.body());
            }
            return r.body();
        }

        @Override
        public void close() {
            context.close();
        }
    }

    /** The same roster on both sides: labels travel by participant and organisation names. */
    private static void roster(Node node, String participant) {
        Community c = node.context.getBean(Community.class);
        c.addOrganisation(c.addParticipant(participant, Tier.MEMBER), participant + " CERT");
    }

    private static String indicator(String name, int i) {
        return indicator(name, "indicator--" + UUID.randomUUID(), i);
    }

    private static String indicator(String name, String id, int i) {
        return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":\"2026-01-01T00:00:00.000Z\","
                + "\"modified\":\"2026-01-01T00:00:00.000Z\",\"name\":\"" + name + "\",\"pattern_type\":\"stix\","
                + "\"valid_from\":\"2026-01-01T00:00:00Z\",\"pattern\":\"[ipv4-addr:value = '10." + ((i >> 16) & 255) + "."
                + ((i >> 8) & 255) + "." + (i & 255) + "']\"}";
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
