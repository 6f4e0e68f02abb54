package org.entente.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.entente.EntenteNode;
import org.entente.osint.analysis.ArticleAnalyser;
import org.entente.osint.extract.ArticleExtractor;
import org.entente.osint.extract.JsoupArticleExtractor;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * OSINT ingest speed (issue 8): pages per second through {@code POST /api/v1/osint/articles} on a node with embedded
 * PostgreSQL, next to the extraction + analysis alone in the same JVM. Run it with {@code bench/run-osint-ingest}.
 *
 * <p>Corpus: {@code pages} distinct plain-text pages of 25 sentences drawn at random from the five seed reports
 * (~4 KB, the seeds' entities and claims), each opened by a dateline; the dateline moves 60 days every 20 pages, so
 * the corpus forms events of about 20 articles (grouping, conflict search and entity versions all do their work), and
 * random sentence choice keeps pages from being near-duplicates of each other. After the new pages, {@code dups}
 * of them are sent again: those answers are 200 (duplicate), measured separately.
 *
 * <p>Method: W warm-up rounds, then N measured rounds; each round empties the OSINT tables and the store, analyses
 * the corpus in process (extract + analyse), then uploads it over HTTP with one client. Medians are reported.
 */
public final class OsintIngestBenchmark {

    public static void main(String[] args) throws Exception {
        Path seeds = Path.of(args.length > 0 ? args[0] : "../shared/seeds");
        int pages = Integer.getInteger("pages", 300);
        int dups = Integer.getInteger("dups", 100);
        int warmups = Integer.getInteger("warmups", 1);
        int rounds = Integer.getInteger("rounds", 3);
        List<String> sentences = sentences(seeds);
        List<byte[]> corpus = corpus(sentences, pages, new Random(42));

        Path home = Files.createTempDirectory("entente-bench-osint-");
        String token = "bench-" + UUID.randomUUID();
        ConfigurableApplicationContext node = SpringApplication.run(EntenteNode.class,
                "--entente.home=" + home, "--server.port=0", "--entente.admin-token=" + token,
                "--logging.level.root=warn", "--logging.level.org.entente=warn");
        try {
            JdbcTemplate jdbc = new JdbcTemplate(node.getBean(DataSource.class));
            int port = Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
            HttpClient http = HttpClient.newHttpClient();
            ArticleExtractor extractor = new JsoupArticleExtractor();
            ArticleAnalyser analyser = new ArticleAnalyser();
            List<Double> analysis = new ArrayList<>();
            List<Double> ingest = new ArrayList<>();
            List<Double> duplicates = new ArrayList<>();
            long bytes = corpus.stream().mapToLong(b -> b.length).sum();
            for (int round = 0; round < warmups + rounds; round++) {
                boolean measured = round >= warmups;
                jdbc.execute("truncate osint_conflict_claim, osint_conflict, osint_claim, osint_mention, osint_entity_label,"
                        + " osint_entity, osint_article_band, osint_article, osint_event, stix_object");
                jdbc.execute("checkpoint");

                long t0 = System.nanoTime();
                int entities = 0;
                for (int i = 0; i < corpus.size(); i++) {
                    entities += analyser.analyse("page-" + i, extractor.extract(corpus.get(i), "page-" + i + ".txt")).entities().entities().size();
                }
                double analysisSeconds = (System.nanoTime() - t0) / 1e9;

                t0 = System.nanoTime();
                for (int i = 0; i < corpus.size(); i++) {
                    expect(post(http, port, token, corpus.get(i), "page-" + i + ".txt"), 201);
                }
                double ingestSeconds = (System.nanoTime() - t0) / 1e9;

                t0 = System.nanoTime();
                for (int i = 0; i < dups; i++) {
                    expect(post(http, port, token, corpus.get(i % corpus.size()), "again-" + i + ".txt"), 200);
                }
                double dupSeconds = (System.nanoTime() - t0) / 1e9;
                long events = jdbc.queryForObject("select count(distinct event_id) from osint_article", Long.class);
                long objects = jdbc.queryForObject("select count(*) from stix_object", Long.class);
                System.out.printf(Locale.ROOT, "%s round %d: analysis %.0f pages/s, ingest %.1f pages/s (%.3f s), duplicates %.1f pages/s;"
                                + " %d events, %d STIX versions, %.1f entities/page%n",
                        measured ? "measured" : "warm-up", round + 1, pages / analysisSeconds, pages / ingestSeconds, ingestSeconds,
                        dups / dupSeconds, events, objects, entities / (double) pages);
                if (measured) {
                    analysis.add(analysisSeconds);
                    ingest.add(ingestSeconds);
                    duplicates.add(dupSeconds);
                }
            }
            double a = ImportBenchmark.median(analysis);
            double i = ImportBenchmark.median(ingest);
            double d = ImportBenchmark.median(duplicates);
            System.out.println();
            System.out.println("| date | corpus | machine | ingest over HTTP, median | duplicates over HTTP, median | extract + analyse alone | ingest / analysis |");
            System.out.println("|---|---|---|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| %s | %d pages, %.1f KB each | %d cores, -Xmx%dm | %.1f pages/s | %.1f pages/s | %.0f pages/s | %.1fx |%n",
                    LocalDate.now(), pages, bytes / 1024.0 / pages, Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20, pages / i, dups / d, pages / a, i / a);
            System.out.printf(Locale.ROOT, "(%d measured rounds after %d warm-ups; medians)%n", rounds, warmups);
        } finally {
            node.close();
            try (Stream<Path> walk = Files.walk(home)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void expect(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException("expected " + status + ", got " + r.statusCode() + ": " + r.body());
        }
    }

    private static HttpResponse<String> post(HttpClient http, int port, String token, byte[] page, String source) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/osint/articles?source=" + source))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(page)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The seeds' sentences of at least eight words (their body text, not navigation). */
    static List<String> sentences(Path seeds) throws Exception {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(seeds)) {
            for (Path f : files.sorted().toList()) {
                for (String s : Files.readString(f).split("(?<=[.!?])\\s+|\\n")) {
                    if (s.strip().split("\\s+").length >= 8) {
                        out.add(s.strip());
                    }
                }
            }
        }
        return out;
    }

    static List<byte[]> corpus(List<String> sentences, int pages, Random random) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < pages; i++) {
            LocalDate date = LocalDate.of(2020, 1, 1).plusDays(60L * (i / 20));
            StringBuilder page = new StringBuilder("QINGDAO, " + date.getMonth().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH)
                    + " " + date.getDayOfMonth() + ", " + date.getYear() + " (Bench Wire " + i + "):\n");
            for (int k = 0; k < 25; k++) {
                page.append(sentences.get(random.nextInt(sentences.size()))).append(k % 4 == 3 ? "\n" : " ");
            }
            out.add(page.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

}
