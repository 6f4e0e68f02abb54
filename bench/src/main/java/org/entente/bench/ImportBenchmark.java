package org.entente.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import org.entente.EntenteNode;
import org.entente.community.Community;
import org.entente.community.Ids.UserId;
import org.entente.intel.ImportLabel;
import org.entente.intel.ImportSummary;
import org.entente.intel.StixStore;
import org.entente.stix.StixJson;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Import throughput of a whole STIX bundle into a node on embedded PostgreSQL, next to the time
 * Jackson alone needs to parse the same file, measured alternately in the same JVM so both see the
 * same machine state. Run it with {@code bench/run-import} (which sets -Xmx512m: the heap target).
 *
 * <p>Method: W warm-up rounds, then N measured rounds; each round empties the store, parses the file
 * once with Jackson (readTree of the whole file), then imports it once through the store API, and
 * once more over HTTP. Medians are reported; peak heap is the highest heap-pool peak seen during
 * any import round (pools' peaks are reset before each).
 */
public final class ImportBenchmark {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "../shared/datasets/attack/enterprise-attack-18.1.json");
        int warmups = Integer.getInteger("warmups", 3);
        int rounds = Integer.getInteger("rounds", 7);
        Path home = Files.createTempDirectory("entente-bench-");
        String token = "bench-" + UUID.randomUUID();
        ConfigurableApplicationContext node = SpringApplication.run(EntenteNode.class,
                "--entente.home=" + home, "--server.port=0", "--entente.admin-token=" + token,
                "--logging.level.root=warn", "--logging.level.org.entente=warn");
        try {
            StixStore store = node.getBean(StixStore.class);
            JdbcTemplate jdbc = new JdbcTemplate(node.getBean(DataSource.class));
            long adminId = jdbc.queryForObject("select id from app_user where username = 'admin'", Long.class);
            ImportLabel label = ImportLabel.ownOrganisation(node.getBean(Community.class).caller(new UserId(adminId)).orElseThrow());
            int port = Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
            HttpClient http = HttpClient.newHttpClient();

            List<Double> parse = new ArrayList<>();
            List<Double> imports = new ArrayList<>();
            List<Double> httpImports = new ArrayList<>();
            List<Double> copyFloor = new ArrayList<>();
            DataSource dataSource = node.getBean(DataSource.class);
            long peakHeap = 0;
            long objects = 0;
            for (int round = 0; round < warmups + rounds; round++) {
                boolean measured = round >= warmups;
                jdbc.execute("truncate stix_object");
                jdbc.execute("checkpoint");

                long t0 = System.nanoTime();
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                    StixJson.MAPPER.readTree(in);
                }
                double parseSeconds = (System.nanoTime() - t0) / 1e9;

                System.gc();
                resetPeaks();
                t0 = System.nanoTime();
                ImportSummary summary;
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                    summary = store.ingest(in, label);
                }
                double importSeconds = (System.nanoTime() - t0) / 1e9;
                long heap = heapPeak();
                if (summary.stored() != summary.received() || !summary.rejected().isEmpty()) {
                    throw new IllegalStateException("import did not store everything: " + summary.stored() + " of "
                            + summary.received() + ", rejected " + summary.rejected().size());
                }
                objects = summary.stored();

                // The database's floor: PostgreSQL alone ingesting the very rows the import produced.
                byte[] rows = copyOut(dataSource);
                jdbc.execute("truncate stix_object");
                jdbc.execute("checkpoint");
                t0 = System.nanoTime();
                copyIn(dataSource, rows);
                double copySeconds = (System.nanoTime() - t0) / 1e9;

                jdbc.execute("truncate stix_object");
                jdbc.execute("checkpoint");
                t0 = System.nanoTime();
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/objects"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/stix+json")
                        .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
                double httpSeconds = (System.nanoTime() - t0) / 1e9;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("HTTP import failed: " + response.statusCode() + " " + response.body());
                }

                System.out.printf(Locale.ROOT, "%s round %d: parse %.3f s, import %.3f s (%.0f obj/s), HTTP import %.3f s, PostgreSQL COPY alone %.3f s, peak heap %d MB%n",
                        measured ? "measured" : "warm-up", round + 1, parseSeconds, importSeconds, objects / importSeconds,
                        httpSeconds, copySeconds, heap >> 20);
                if (measured) {
                    parse.add(parseSeconds);
                    imports.add(importSeconds);
                    httpImports.add(httpSeconds);
                    copyFloor.add(copySeconds);
                    peakHeap = Math.max(peakHeap, heap);
                }
            }
            double p = median(parse);
            double i = median(imports);
            double h = median(httpImports);
            double f = median(copyFloor);
            System.out.println();
            System.out.println("| date | input | machine | import (store API), median | import (HTTP), median | Jackson parse only | PostgreSQL COPY alone | import / parse | import / COPY | peak heap |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| %s | %s, %d objects | %d cores, -Xmx%dm | %.0f obj/s (%.3f s) | %.0f obj/s (%.3f s) | %.3f s | %.3f s | %.1fx | %.2fx | %d MB |%n",
                    LocalDate.now(), file.getFileName(), objects, Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20, objects / i, i, objects / h, h, p, f, i / p, i / f, peakHeap >> 20);
            System.out.printf(Locale.ROOT, "(%d measured rounds after %d warm-ups; medians)%n", rounds, warmups);
        } finally {
            node.close();
            deleteQuietly(home);
        }
    }

    private static byte[] copyOut(DataSource dataSource) throws Exception {
        try (var c = dataSource.getConnection(); var out = new java.io.ByteArrayOutputStream(64 << 20)) {
            c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyOut(
                    "copy stix_object to stdout", out);
            return out.toByteArray();
        }
    }

    private static void copyIn(DataSource dataSource, byte[] rows) throws Exception {
        try (var c = dataSource.getConnection()) {
            c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn(
                    "copy stix_object from stdin", new java.io.ByteArrayInputStream(rows));
        }
    }


    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks: an upper bound of the heap in use at any moment. */
    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
