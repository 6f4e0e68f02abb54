package org.entente.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.entente.EntenteNode;
import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Ids.UserId;
import org.entente.intel.ImportLabel;
import org.entente.intel.ImportSummary;
import org.entente.intel.StixStore;
import org.entente.sharing.SharingPolicy;
import org.entente.stix.StixJson;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

/**
 * The TAXII 2.1 server of a node on embedded PostgreSQL, on loopback: how fast a client downloads a
 * whole collection page by page, and how many small page requests the node answers under concurrent
 * clients. Run it with {@code bench/run-taxii} (which sets -Xmx512m, as the import benchmark does).
 *
 * <p>Setup: a node in-process, the bundle imported once as the administrator's organisation, and the
 * "Everything you may see" collection found through {@code GET /taxii2/api/collections/}.
 *
 * <p>Download: W warm-up rounds, then N measured rounds; each round measures, alternately on the same
 * machine state, (1) the collection paged with {@code limit=1000} until {@code more} is false, every
 * page parsed with Jackson and every object counted and checked for duplicates, (2) the same with
 * {@code limit=10000} (the server's largest page), (3) the peer: the node's own single-stream
 * {@code GET /api/v1/export} of the same objects, parsed the same way, and (4) the physical floor:
 * PostgreSQL alone reading {@code body::text} of every row in {@code date_added} order through the
 * node's pool. Medians are reported.
 *
 * <p>Download rounds send {@code Cache-Control: no-cache}: each page comes from PostgreSQL, as in a
 * first download, not from the node's page cache.
 *
 * <p>Load: C clients (see {@link TaxiiLoad}) over HTTP, each a reader of the administrator's organisation
 * with its own token (see {@link #clientTokens}), alternating round by round with the same pages
 * and threads: (1) TAXII as clients use it (repeat reads answered from the node's page cache, see
 * docs/adr/0007-taxii-page-cache.md), (2) the same requests with {@code Cache-Control: no-cache} (every
 * page from PostgreSQL), (3) the ceiling of the HTTP stack: the tiny authenticated {@code GET
 * /taxii2/api/}, and two peers (see {@link TaxiiPeers}): the store alone and PostgreSQL alone. One
 * warm-up of each, then R measured rounds; the median round by throughput is reported.
 *
 * <p>Knobs (system properties): warmups, rounds, clients, loadLimit, loadWarmupSeconds, loadSeconds,
 * loadRounds, skipDownload, skipPeers, and explain (prints the page query's plan, times variants of
 * it, and counts the database statements of a request).
 */
public final class TaxiiBenchmark {

    static final String ACCEPT = "application/taxii+json;version=2.1";

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "../shared/datasets/attack/enterprise-attack-18.1.json");
        int warmups = Integer.getInteger("warmups", 3);
        int rounds = Integer.getInteger("rounds", 7);
        int clients = Integer.getInteger("clients", 32);
        int loadWarmupSeconds = Integer.getInteger("loadWarmupSeconds", 5);
        int loadSeconds = Integer.getInteger("loadSeconds", 20);
        int loadRounds = Integer.getInteger("loadRounds", 3);
        int loadLimit = Integer.getInteger("loadLimit", 100);
        boolean skipDownload = Boolean.getBoolean("skipDownload");
        boolean explain = Boolean.getBoolean("explain");
        boolean peers = !Boolean.getBoolean("skipPeers");
        Path home = Files.createTempDirectory("entente-bench-");
        String token = "bench-" + UUID.randomUUID();
        ConfigurableApplicationContext node = SpringApplication.run(EntenteNode.class,
                "--entente.home=" + home, "--server.port=0", "--entente.admin-token=" + token,
                "--logging.level.root=warn", "--logging.level.org.entente=warn");
        try {
            StixStore store = node.getBean(StixStore.class);
            DataSource dataSource = node.getBean(DataSource.class);
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            long adminId = jdbc.queryForObject("select id from app_user where username = 'admin'", Long.class);
            Caller caller = node.getBean(Community.class).caller(new UserId(adminId)).orElseThrow();
            ImportLabel label = ImportLabel.ownOrganisation(caller);
            int port = Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
            String base = "http://127.0.0.1:" + port;

            ImportSummary summary;
            try (InputStream in = Files.newInputStream(file)) {
                summary = store.ingest(in, label);
            }
            if (summary.stored() != summary.received() || !summary.rejected().isEmpty()) {
                throw new IllegalStateException("import did not store everything: " + summary.stored() + " of " + summary.received());
            }
            jdbc.execute("vacuum analyze stix_object");
            jdbc.execute("checkpoint");
            long expected = summary.stored();
            long bundleBytes = Files.size(file);

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String collection = everythingCollection(http, base, token);
            String objectsUrl = base + "/taxii2/api/collections/" + collection + "/objects/";
            System.out.printf(Locale.ROOT, "node on port %d, %d objects imported from %s; collection %s%n",
                    port, expected, file.getFileName(), collection);

            List<Double> paged1k = new ArrayList<>();
            List<Double> paged10k = new ArrayList<>();
            List<Double> exports = new ArrayList<>();
            List<Double> floors = new ArrayList<>();
            Download last1k = null;
            Download last10k = null;
            Download lastExport = null;
            for (int round = 0; !skipDownload && round < warmups + rounds; round++) {
                boolean measured = round >= warmups;
                Download d1 = pagedDownload(http, objectsUrl, token, 1000, expected);
                Download d2 = pagedDownload(http, objectsUrl, token, 10_000, expected);
                Download e = export(http, base, token, expected);
                long t0 = System.nanoTime();
                long floorBytes = readAll(dataSource);
                double floor = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT,
                        "%s round %d: TAXII limit=1000 %.3f s (%d pages), limit=10000 %.3f s (%d pages), export %.3f s, PostgreSQL read alone %.3f s (%d MB)%n",
                        measured ? "measured" : "warm-up", round + 1, d1.seconds, d1.pages, d2.seconds, d2.pages, e.seconds,
                        floor, floorBytes >> 20);
                if (measured) {
                    paged1k.add(d1.seconds);
                    paged10k.add(d2.seconds);
                    exports.add(e.seconds);
                    floors.add(floor);
                }
                last1k = d1;
                last10k = d2;
                lastExport = e;
            }

            List<TaxiiLoad.Result> loads = new ArrayList<>();
            List<TaxiiLoad.Result> uncachedLoads = new ArrayList<>();
            List<TaxiiLoad.Result> trivialLoads = new ArrayList<>();
            List<TaxiiLoad.Result> storeLoads = new ArrayList<>();
            List<TaxiiLoad.Result> pgLoads = new ArrayList<>();
            if (loadRounds > 0 || explain) {
                List<String> cursors = cursors(http, objectsUrl, token, loadLimit);
                if (explain) {
                    TaxiiPeers.explain(dataSource, node.getBean(SharingPolicy.class), caller, cursors, loadLimit);
                    TaxiiPeers.statementsPerRequest(dataSource, TaxiiLoad.http(objectsUrl, token, loadLimit, 1), 200);
                }
                if (loadRounds > 0) {
                    System.out.printf(Locale.ROOT, "load: %d clients, limit=%d over %d pages, %d s warm-up then %d rounds of %d s%n",
                            clients, loadLimit, cursors.size(), loadWarmupSeconds, loadRounds, loadSeconds);
                    TaxiiLoad load = new TaxiiLoad(cursors, clients, home.resolve("postgres"), expected);
                    List<String> clientTokens = clientTokens(node.getBean(Community.class), jdbc, caller, clients);
                    TaxiiLoad.Step overHttp = TaxiiLoad.http(objectsUrl, clientTokens, loadLimit, clients, false);
                    TaxiiLoad.Step uncached = TaxiiLoad.http(objectsUrl, clientTokens, loadLimit, clients, true);
                    TaxiiLoad.Step trivial = TaxiiLoad.trivial(base + "/taxii2/api/", clientTokens, clients);
                    TaxiiLoad.Step storeAlone = TaxiiPeers.store(store, caller, loadLimit);
                    TaxiiLoad.Step postgresAlone = TaxiiPeers.postgres(dataSource, loadLimit);
                    Duration warmup = Duration.ofSeconds(loadWarmupSeconds);
                    load.run(overHttp, warmup, "TAXII over HTTP, warm-up");
                    load.run(uncached, warmup, "TAXII over HTTP without the page cache, warm-up");
                    load.run(trivial, warmup, "API root (trivial endpoint), warm-up");
                    if (peers) {
                        load.run(storeAlone, warmup, "store alone, warm-up");
                        load.run(postgresAlone, warmup, "PostgreSQL alone, warm-up");
                    }
                    for (int r = 0; r < loadRounds; r++) {
                        loads.add(load.run(overHttp, Duration.ofSeconds(loadSeconds), "TAXII over HTTP, round " + (r + 1)));
                        uncachedLoads.add(load.run(uncached, Duration.ofSeconds(loadSeconds),
                                "TAXII over HTTP without the page cache, round " + (r + 1)));
                        trivialLoads.add(load.run(trivial, Duration.ofSeconds(loadSeconds), "API root (trivial endpoint), round " + (r + 1)));
                        if (peers) {
                            storeLoads.add(load.run(storeAlone, Duration.ofSeconds(loadSeconds), "store alone, round " + (r + 1)));
                            pgLoads.add(load.run(postgresAlone, Duration.ofSeconds(loadSeconds), "PostgreSQL alone, round " + (r + 1)));
                        }
                    }
                }
            }

            int cores = Runtime.getRuntime().availableProcessors();
            long heapMb = Runtime.getRuntime().maxMemory() >> 20;
            System.out.println();
            if (!paged1k.isEmpty()) {
                double p1 = ImportBenchmark.median(paged1k);
                double p2 = ImportBenchmark.median(paged10k);
                double ex = ImportBenchmark.median(exports);
                double fl = ImportBenchmark.median(floors);
                System.out.println("| date | collection | machine | TAXII paged, limit=1000, median | TAXII paged, limit=10000 | export, one stream (peer) | PostgreSQL read alone | paged(1000) / export | paged(1000) / PostgreSQL |");
                System.out.println("|---|---|---|---|---|---|---|---|---|");
                System.out.printf(Locale.ROOT, "| %s | %s, %d objects, %d MB as TAXII pages | %d cores, -Xmx%dm | **%.0f obj/s** (%.3f s, %d pages) | %.0f obj/s (%.3f s, %d pages) | %.0f obj/s (%.3f s) | %.3f s | %.2fx | %.1fx |%n",
                        LocalDate.now(), file.getFileName(), expected, last1k.bytes >> 20, cores, heapMb,
                        expected / p1, p1, last1k.pages, expected / p2, p2, last10k.pages, expected / ex, ex, fl, p1 / ex, p1 / fl);
                System.out.printf(Locale.ROOT, "(%d measured rounds after %d warm-ups; medians; bundle %d MB, export %d MB)%n",
                        rounds, warmups, bundleBytes >> 20, lastExport.bytes >> 20);
                System.out.printf(Locale.ROOT, "spread: limit=1000 %.3f-%.3f s, limit=10000 %.3f-%.3f s, export %.3f-%.3f s, PostgreSQL %.3f-%.3f s%n",
                        Collections.min(paged1k), Collections.max(paged1k), Collections.min(paged10k), Collections.max(paged10k),
                        Collections.min(exports), Collections.max(exports), Collections.min(floors), Collections.max(floors));
                System.out.println();
            }
            if (!loads.isEmpty()) {
                System.out.println("| date | machine | load | what answers | requests/s, median | p50 | p99 | errors | CPU of the 2 cores: clients / node JVM / PostgreSQL / other processes |");
                System.out.println("|---|---|---|---|---|---|---|---|---|");
                String what = String.format(Locale.ROOT, "%d clients, limit=%d, %d x %d s", clients, loadLimit, loads.size(), loadSeconds);
                row(cores, heapMb, what, "**TAXII `GET objects/` over HTTP** (page cache)", loads);
                row(cores, heapMb, what, "TAXII `GET objects/` over HTTP, `Cache-Control: no-cache` (from PostgreSQL)", uncachedLoads);
                row(cores, heapMb, what, "ceiling: `GET /taxii2/api/` (authenticated, tiny, no database)", trivialLoads);
                var cache = node.getBean(org.entente.taxii.TaxiiPageCache.class);
                System.out.printf(Locale.ROOT, "page cache: %d hits, %d misses, %d pages, %d kB held%n",
                        cache.hits(), cache.misses(), cache.size(), cache.bytes() >> 10);
                if (!storeLoads.isEmpty()) {
                    row(cores, heapMb, what, "peer: store alone (`StixStore.taxiiPage` in-process)", storeLoads);
                    row(cores, heapMb, what, "peer: PostgreSQL alone (plain page query)", pgLoads);
                }
                System.out.println("(median round by throughput; for the peers the client threads do the store's or JDBC's work, so it shows as clients)");
            }
        } finally {
            node.close();
            deleteQuietly(home);
        }
    }

    private static void row(int cores, long heapMb, String what, String who, List<TaxiiLoad.Result> results) {
        TaxiiLoad.Result m = TaxiiLoad.medianByThroughput(results);
        long errors = results.stream().mapToLong(TaxiiLoad.Result::errors).sum();
        System.out.printf(Locale.ROOT, "| %s | %d cores, -Xmx%dm | %s | %s | **%.0f req/s** (%.0f obj/s) | %.1f ms | %.1f ms | %d | %s |%n",
                LocalDate.now(), cores, heapMb, what, who, m.requestsPerSecond(), m.requestsPerSecond() * m.objectsPerRequest(),
                m.p50Millis(), m.p99Millis(), errors, m.cpu());
        System.out.println("  rounds: " + String.join(", ", results.stream().map(l -> String.format(Locale.ROOT,
                "%.0f req/s p50 %.1f p99 %.1f ms", l.requestsPerSecond(), l.p50Millis(), l.p99Millis())).toList()));
    }

    record Download(double seconds, int pages, long objects, long bytes) {
    }

    /**
     * One reader of the administrator's organisation per load client, each with its own API token: 32
     * TAXII clients, not one caller 32 times, so the node's per-caller rate limit (200 requests/s by
     * default, entente.limits) applies to each as it would in production instead of refusing one
     * caller's 2,000. Being of one organisation they are one visibility class, so they share pages.
     */
    static List<String> clientTokens(Community community, JdbcTemplate jdbc, Caller admin, int clients) {
        List<String> tokens = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < clients; i++) {
            UserId id = community.addUser("bench-client-" + i + "-" + run, admin.organisation(), Set.of("reader"));
            String token = "bench-client-" + UUID.randomUUID();
            jdbc.update("insert into api_token (user_id, token_hash, label) values (?, sha256(convert_to(?, 'UTF8')), 'bench client')",
                    id.value(), token);
            tokens.add(token);
        }
        return tokens;
    }

    static HttpRequest get(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).header("Accept", ACCEPT).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60)).GET().build();
    }

    static HttpRequest get(String url, String token, String header, String value) {
        return HttpRequest.newBuilder(URI.create(url)).header("Accept", ACCEPT).header("Authorization", "Bearer " + token)
                .header(header, value).timeout(Duration.ofSeconds(60)).GET().build();
    }

    private static String everythingCollection(HttpClient http, String base, String token) throws Exception {
        HttpResponse<byte[]> r = http.send(get(base + "/taxii2/api/collections/", token), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("collections: HTTP " + r.statusCode() + " " + new String(r.body()));
        }
        for (JsonNode c : StixJson.MAPPER.readTree(r.body()).path("collections")) {
            if (c.path("title").asString().equals("Everything you may see")) {
                return c.path("id").asString();
            }
        }
        throw new IllegalStateException("no collection 'Everything you may see'");
    }

    /** Pages through the collection until more is false, parsing every page; checks count and duplicates. */
    static Download pagedDownload(HttpClient http, String objectsUrl, String token, int limit, long expected) throws Exception {
        Set<String> ids = new HashSet<>((int) (expected * 2));
        long bytes = 0;
        int pages = 0;
        String next = null;
        long t0 = System.nanoTime();
        while (true) {
            String url = objectsUrl + "?limit=" + limit + (next == null ? "" : "&next=" + next);
            // no-cache: every round reads from PostgreSQL, as a first download would (the page cache
            // would otherwise answer the measured rounds with what the warm-ups left in it).
            HttpResponse<byte[]> r = http.send(get(url, token, "Cache-Control", "no-cache"), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(url + ": HTTP " + r.statusCode() + " " + new String(r.body()));
            }
            bytes += r.body().length;
            pages++;
            JsonNode page = StixJson.MAPPER.readTree(r.body());
            for (JsonNode o : page.path("objects")) {
                if (!ids.add(o.path("id").asString())) {
                    throw new IllegalStateException("duplicate object " + o.path("id").asString() + " on page " + pages);
                }
            }
            if (!page.path("more").asBoolean()) {
                break;
            }
            next = page.path("next").asString();
            if (pages > expected + 1) {
                throw new IllegalStateException("paging does not end");
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (ids.size() != expected) {
            throw new IllegalStateException("paged download (limit " + limit + ") returned " + ids.size() + " objects, expected " + expected);
        }
        return new Download(seconds, pages, ids.size(), bytes);
    }

    /** The peer: the node's own single-stream export of the same objects, parsed the same way. */
    static Download export(HttpClient http, String base, String token, long expected) throws Exception {
        Set<String> ids = new HashSet<>((int) (expected * 2));
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/export"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("export: HTTP " + r.statusCode());
        }
        for (JsonNode o : StixJson.MAPPER.readTree(r.body()).path("objects")) {
            if (!ids.add(o.path("id").asString())) {
                throw new IllegalStateException("duplicate object in export: " + o.path("id").asString());
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (ids.size() != expected) {
            throw new IllegalStateException("export returned " + ids.size() + " objects, expected " + expected);
        }
        return new Download(seconds, 1, ids.size(), r.body().length);
    }

    /** The floor: PostgreSQL alone turning every stored body into text, in date_added order. Returns chars read. */
    static long readAll(DataSource dataSource) throws Exception {
        long chars = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("select body::text from stix_object order by date_added")) {
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        chars += rs.getString(1).length();
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
        return chars;
    }

    /** Every page start of the collection at this page size, as the server hands them out (null: the first page). */
    static List<String> cursors(HttpClient http, String objectsUrl, String token, int limit) throws Exception {
        List<String> out = new ArrayList<>();
        String next = null;
        do {
            out.add(next);
            String url = objectsUrl + "?limit=" + limit + (next == null ? "" : "&next=" + next);
            HttpResponse<byte[]> r = http.send(get(url, token), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(url + ": HTTP " + r.statusCode());
            }
            JsonNode page = StixJson.MAPPER.readTree(r.body());
            next = page.path("more").asBoolean() ? page.path("next").asString() : null;
        } while (next != null && out.size() < 1_000_000);
        return out;
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
