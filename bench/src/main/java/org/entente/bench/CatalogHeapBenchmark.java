package org.entente.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.entente.EntenteNode;
import org.entente.community.Community;
import org.entente.community.Ids.UserId;
import org.entente.intel.ImportLabel;
import org.entente.intel.ImportSummary;
import org.entente.intel.StixStore;
import org.entente.sharing.Audience;
import org.entente.stix.StixJson;
import org.entente.stix.Tlp;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

/**
 * Heap of correlation on a real node (issue 5: "with 1,000,000 indicators indexed ... at most 200 B per
 * indicator"): the indicator catalog and its index together, as a node holds them. Run it with
 * {@code bench/run-catalog}.
 *
 * <p>Method: a node in-process on embedded PostgreSQL, in a fresh home. Once its (empty) catalog is
 * ready: {@code System.gc()} five times, used heap = the baseline. Then N indicators (1,000,000 by
 * default, {@code -Dindicators=}) are imported through the store API, generated as they are read, in
 * bundles of 50,000 under four labels (TLP and audience vary); the catalog indexes them from the store's
 * events. Used heap after GC minus the baseline, divided by N: bytes per indicator ("after import").
 * Then the node is closed and a second node started on the same home: the time until its catalog is
 * READY (loaded from PostgreSQL) and again heap after GC minus the first node's baseline ("after
 * restart"). Sanity: one observation of a generated IPv4 indicator's value, submitted over HTTP, must
 * match exactly that indicator.
 *
 * <p>Mix (per 100): 30 SHA-256, 15 MD5, 20 IPv4 (5 of them /24 blocks), 4 IPv6, 14 domains, 7 URLs, 4
 * e-mail addresses, 4 compound {@code [file:name = 'n' AND file:size > 1000]}, 2 {@code pattern_type}
 * snort (not indexed); 20% carry a {@code valid_until} in 2031; every one has a name.
 */
public final class CatalogHeapBenchmark {

    static final int BUNDLE = 50_000;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("restart")) {
            restart(Path.of(args[1]), args[2], Long.parseLong(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            return;
        }
        int n = Integer.getInteger("indicators", 1_000_000);
        Path home = Files.createTempDirectory("entente-catalog-bench-");
        String token = "bench-" + UUID.randomUUID();
        String[] nodeArgs = {"--entente.home=" + home, "--server.port=0", "--entente.admin-token=" + token,
                "--logging.level.root=warn", "--logging.level.org.entente=warn",
                "--logging.level.org.entente.correlation.IndicatorCatalog=info"};
        try {
            long baseline;
            long afterImport;
            int current;
            double importSeconds;
            Structures structures;
            long before = usedAfterGc();
            ConfigurableApplicationContext node = SpringApplication.run(EntenteNode.class, nodeArgs);
            try {
                awaitReady(node, token, 60);
                baseline = usedAfterGc();
                System.out.printf(Locale.ROOT, "baseline node (empty catalog, after GC): %.1f MB used%n", baseline / 1e6);

                StixStore store = node.getBean(StixStore.class);
                JdbcTemplate jdbc = new JdbcTemplate(node.getBean(DataSource.class));
                long adminId = jdbc.queryForObject("select id from app_user where username = 'admin'", Long.class);
                var admin = node.getBean(Community.class).caller(new UserId(adminId)).orElseThrow();
                List<ImportLabel> labels = List.of(
                        new ImportLabel(admin, Optional.of(Tlp.AMBER), new Audience.OwnOrganisation()),
                        new ImportLabel(admin, Optional.of(Tlp.GREEN), new Audience.AllMembers()),
                        new ImportLabel(admin, Optional.of(Tlp.CLEAR), new Audience.WholeCommunity()),
                        new ImportLabel(admin, Optional.of(Tlp.AMBER), new Audience.OwnParticipant()));
                long t0 = System.nanoTime();
                for (int from = 0, b = 0; from < n; from += BUNDLE, b++) {
                    int to = Math.min(n, from + BUNDLE);
                    ImportSummary s = store.ingest(new Generated(from, to), labels.get(b % labels.size()));
                    if (s.stored() != to - from) {
                        throw new IllegalStateException("stored " + s.stored() + " of " + (to - from) + ": " + s.rejected());
                    }
                    if ((b + 1) % 4 == 0 || to == n) {
                        System.out.printf(Locale.ROOT, "  %,d imported (%.0f s)%n", to, (System.nanoTime() - t0) / 1e9);
                    }
                }
                importSeconds = (System.nanoTime() - t0) / 1e9;
                JsonNode status = awaitReady(node, token, 60);
                current = status.path("indicators").asInt();
                afterImport = usedAfterGc();
                structures = structures(node);
                System.out.printf(Locale.ROOT, "after import of %,d in %.0f s: %,d current; used %.1f MB; %.1f B per indicator%n",
                        n, importSeconds, current, afterImport / 1e6, (afterImport - baseline) / (double) n);
                sanity(node, token, n);
            } finally {
                node.close();
            }
            // The second node runs in a JVM of its own: a closed node's heap is not reliably collected in this one.
            List<String> command = new java.util.ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), CatalogHeapBenchmark.class.getName(),
                    "restart", home.toString(), token, Long.toString(baseline - before), Integer.toString(n), Integer.toString(current)));
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            String result = null;
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.startsWith("RESULT ")) {
                        result = line;
                    } else {
                        System.out.println(line);
                    }
                }
            }
            if (child.waitFor() != 0 || result == null) {
                throw new IllegalStateException("the restarted node failed");
            }
            String[] r = result.split(" ");
            double perIndicatorRestart = Double.parseDouble(r[1]);
            double loadSeconds = Double.parseDouble(r[2]);
            Structures reloaded = new Structures(Long.parseLong(r[3]), Long.parseLong(r[4]));
            System.out.println();
            System.out.println("| date | machine | indicators (current) | retained heap per indicator, after import | after restart (load from PostgreSQL) | of which catalog table / index (own accounting) | import | load at start |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| %s | %d cores, -Xmx%dm | %,d (%,d) | **%.1f B** | **%.1f B** | %.1f B / %.1f B (after restart: %.1f / %.1f) | %.0f s (%.0f indicators/s) | %.1f s |%n",
                    LocalDate.now(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                    n, current, (afterImport - baseline) / (double) n, perIndicatorRestart,
                    structures.table / (double) n, structures.index / (double) n,
                    reloaded.table / (double) n, reloaded.index / (double) n, importSeconds, n / importSeconds, loadSeconds);
        } finally {
            deleteQuietly(home);
        }
    }

    /**
     * A node started on the home the first one filled: the time until its catalog is READY, and its heap
     * after GC minus the heap before it started and minus an empty node's ({@code emptyNode}, from the first JVM).
     */
    static void restart(Path home, String token, long emptyNode, int n, int current) throws Exception {
        String[] nodeArgs = {"--entente.home=" + home, "--server.port=0", "--entente.admin-token=" + token,
                "--logging.level.root=warn", "--logging.level.org.entente=warn",
                "--logging.level.org.entente.correlation.IndicatorCatalog=info"};
        long before = usedAfterGc();
        long t0 = System.nanoTime();
        ConfigurableApplicationContext node = SpringApplication.run(EntenteNode.class, nodeArgs);
        try {
            double startSeconds = (System.nanoTime() - t0) / 1e9;
            JsonNode status = awaitReady(node, token, 3600);
            double loadSeconds = (System.nanoTime() - t0) / 1e9 - startSeconds;
            if (status.path("indicators").asInt() != current) {
                throw new IllegalStateException("reloaded " + status + ", expected " + current + " current indicators");
            }
            long after = usedAfterGc();
            Structures reloaded = structures(node);
            double perIndicator = (after - before - emptyNode) / (double) n;
            System.out.printf(Locale.ROOT, "after restart (own JVM): node started in %.1f s, catalog ready %.1f s later; used %.1f MB (%.1f MB before the node); %.1f B per indicator%n",
                    startSeconds, loadSeconds, after / 1e6, before / 1e6, perIndicator);
            sanity(node, token, n);
            System.out.printf(Locale.ROOT, "RESULT %.1f %.1f %d %d%n", perIndicator, loadSeconds, reloaded.table(), reloaded.index());
        } finally {
            node.close();
        }
    }

    record Structures(long table, long index) {
    }

    /** The catalog's own accounting of its table and of the index (package-private, read reflectively). */
    static Structures structures(ConfigurableApplicationContext node) throws Exception {
        Class<?> type = Class.forName("org.entente.correlation.IndicatorCatalog");
        Object catalog = node.getBean(type);
        Method table = type.getDeclaredMethod("approximateHeapBytes");
        Method index = type.getDeclaredMethod("indexHeapBytes");
        table.setAccessible(true);
        index.setAccessible(true);
        return new Structures((long) table.invoke(catalog), (long) index.invoke(catalog));
    }

    static JsonNode awaitReady(ConfigurableApplicationContext node, String token, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        JsonNode status = null;
        while (System.nanoTime() < deadline) {
            status = StixJson.MAPPER.readTree(get(node, token, "/api/v1/correlation").body());
            if ("ready".equals(status.path("catalog").stringValue())) {
                return status;
            }
            if ("failed".equals(status.path("catalog").stringValue())) {
                throw new IllegalStateException("catalog failed to load");
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("catalog not ready after " + seconds + " s: " + status);
    }

    /** One observation of a generated IPv4 value: exactly its indicator matches. */
    static void sanity(ConfigurableApplicationContext node, String token, int n) throws Exception {
        long i = 45; // 45 % 100 is in the IPv4 range of the mix
        while (i + 100 < n && Generated.kind(i) != 'v') {
            i++;
        }
        String value = Generated.v4(i);
        String expected = "indicator--" + Generated.uuid(i);
        int port = Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
        long t0 = System.nanoTime();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/observations"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"values\":[\"" + value + "\"]}")).build(), HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - t0) / 1e6;
        JsonNode answer = StixJson.MAPPER.readTree(r.body());
        JsonNode matches = answer.path("matches");
        if (r.statusCode() != 201 || matches.size() != 1
                || !expected.equals(matches.get(0).path("indicator").path("id").stringValue())
                || !matches.get(0).path("indicator").path("pattern").stringValue().contains(value)) {
            throw new IllegalStateException("lookup sanity failed for " + value + " (" + expected + "): " + r.statusCode() + " " + r.body());
        }
        System.out.printf(Locale.ROOT, "  sanity: observation %s matched %s (%s) in %.1f ms%n", value, expected,
                matches.get(0).path("indicator").path("pattern").stringValue(), ms);
    }

    static HttpResponse<String> get(ConfigurableApplicationContext node, String token, String path) throws Exception {
        int port = Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A bundle of indicators {@code from} (inclusive) to {@code to}, produced as it is read. */
    static final class Generated extends InputStream {

        private final long from;
        private final int to;
        private long next;
        private byte[] buf;
        private int pos;

        Generated(long from, int to) {
            this.from = from;
            this.to = to;
            this.next = from;
            this.buf = ("{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":[").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            if (!fill()) {
                return -1;
            }
            return buf[pos++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int k = Math.min(len, buf.length - pos);
            System.arraycopy(buf, pos, b, off, k);
            pos += k;
            return k;
        }

        private boolean fill() {
            while (buf == null || pos == buf.length) {
                if (next > to) {
                    buf = null;
                    return false;
                }
                pos = 0;
                if (next == to) {
                    buf = "]}".getBytes(StandardCharsets.UTF_8);
                    next++;
                } else {
                    buf = ((next == from ? "" : ",") + indicator(next++)).getBytes(StandardCharsets.UTF_8);
                }
            }
            return true;
        }

        static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }

        static UUID uuid(long i) {
            long hi = mix(i * 2 + 1) & ~0xF000L | 0x4000L;
            long lo = mix(i * 2 + 2) & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
            return new UUID(hi, lo);
        }

        static String hex(long seed, int longs) {
            StringBuilder s = new StringBuilder(longs * 16);
            for (int k = 0; k < longs; k++) {
                String h = Long.toHexString(mix(seed * 31 + k));
                s.append("0".repeat(16 - h.length())).append(h);
            }
            return s.toString();
        }

        static final String[] TLDS = {"com", "net", "org", "ru", "info", "xyz", "top", "io", "cn", "biz"};

        static String domain(long i) {
            long m = mix(i ^ 0x5DEECE66DL);
            return Long.toString(m >>> 20 & 0xFFFFFFFFFL, 36) + "." + TLDS[(int) ((m >>> 8) % TLDS.length)];
        }

        static String v4(long i) {
            long a = mix(i ^ 0x1234567L);
            return (1 + (a >>> 56 & 0xDF)) + "." + (a >>> 48 & 0xFF) + "." + (a >>> 40 & 0xFF) + "." + (1 + (a >>> 32 & 0xFD));
        }

        static char kind(long i) {
            int b = (int) (i % 100);
            return b < 30 ? 's' : b < 45 ? 'm' : b < 60 ? 'v' : b < 65 ? 'b' : b < 69 ? '6' : b < 83 ? 'd'
                    : b < 90 ? 'u' : b < 94 ? 'e' : b < 98 ? 'c' : 'x';
        }

        static String pattern(long i) {
            return switch (kind(i)) {
                case 's' -> "[file:hashes.'SHA-256' = '" + hex(i, 4) + "']";
                case 'm' -> "[file:hashes.MD5 = '" + hex(i, 2) + "']";
                case 'v' -> "[ipv4-addr:value = '" + v4(i) + "']";
                case 'b' -> "[ipv4-addr:value ISSUBSET '" + v4(i).replaceFirst("\\.\\d+$", ".0") + "/24']";
                case '6' -> "[ipv6-addr:value = '2001:db8:" + Long.toHexString(mix(i) & 0xFFFF) + ":" + Long.toHexString(mix(i) >>> 16 & 0xFFFF)
                        + "::" + Long.toHexString(mix(i) >>> 32 & 0xFFFF) + "']";
                case 'd' -> "[domain-name:value = '" + domain(i) + "']";
                case 'u' -> "[url:value = 'http://" + domain(i) + "/" + hex(i, 1).substring(0, 10) + "/index.php']";
                case 'e' -> "[email-addr:value = 'u" + (i % 9973) + "@" + domain(i) + "']";
                case 'c' -> "[file:name = 'dropper-" + hex(i, 1).substring(0, 8) + ".exe' AND file:size > 1000]";
                default -> "alert tcp any any -> " + v4(i) + " any (msg:\\\"bench\\\"; sid:" + i + ";)";
            };
        }

        static String indicator(long i) {
            boolean snort = kind(i) == 'x';
            String modified = "2026-0" + (1 + i % 9) + "-1" + (i % 10) + "T0" + (i % 10) + ":" + (10 + i % 50) + ":00.000Z";
            return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--" + uuid(i) + "\",\"created\":\"" + modified
                    + "\",\"modified\":\"" + modified + "\",\"name\":\"Synthetic indicator " + i + "\",\"indicator_types\":[\"malicious-activity\"],"
                    + "\"pattern\":\"" + pattern(i) + "\",\"pattern_type\":\"" + (snort ? "snort" : "stix") + "\","
                    + "\"valid_from\":\"2026-01-01T00:00:00Z\"" + (i % 5 == 0 ? ",\"valid_until\":\"2031-01-01T00:00:00Z\"" : "") + "}";
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
