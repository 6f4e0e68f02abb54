package org.entente.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.entente.stix.StixJson;
import org.entente.support.RunningNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import tools.jackson.databind.JsonNode;

/**
 * A node killed with SIGKILL in the middle of a large import loses nothing it acknowledged and
 * keeps no half batch: after a restart, importing the same file again leaves exactly the store one
 * clean import would have made. The node runs as a real child process, as in production.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CrashRecoveryTest {

    private static final int OBJECTS = 60_000;
    private static final String TOKEN = "crash-test-" + UUID.randomUUID();

    private final Path home = RunningNode.freshHome();
    private final List<Process> nodes = new ArrayList<>();

    @Test
    void killMinus9MidImportThenReimportEqualsOneCleanImport() throws Exception {
        Path bundle = home.resolve("large-bundle.json");
        Set<String> ids = writeBundle(bundle);

        int port = freePort();
        Process first = startNode(port);
        CompletableFuture<HttpResponse<String>> interrupted = importAsync(port, bundle);
        long storedBeforeKill = waitUntilSomeButNotAllStored();
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful close, PostgreSQL orphaned
        first.waitFor(30, TimeUnit.SECONDS);
        assertThat(interrupted).failsWithin(Duration.ofSeconds(30));
        assertThat(storedBeforeKill).isBetween(1L, (long) OBJECTS - 1);

        startNode(port);
        HttpResponse<String> reimport = importAsync(port, bundle).get(3, TimeUnit.MINUTES);

        assertThat(reimport.statusCode()).isEqualTo(200);
        JsonNode summary = StixJson.MAPPER.readTree(reimport.body());
        assertThat(summary.path("received").asLong()).isEqualTo(OBJECTS);
        assertThat(summary.path("rejected").size()).isZero();
        assertThat(summary.path("alreadyPresent").asLong()).isGreaterThanOrEqualTo(storedBeforeKill);
        assertThat(summary.path("stored").asLong() + summary.path("alreadyPresent").asLong()).isEqualTo(OBJECTS);
        try (Connection c = database(); ResultSet rs = c.createStatement().executeQuery(
                "select count(*), count(distinct id), count(distinct date_added) from stix_object")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(OBJECTS);
            assertThat(rs.getLong(2)).isEqualTo(OBJECTS);
            assertThat(rs.getLong(3)).isEqualTo(OBJECTS);
        }
        assertThat(exportedIds(port)).isEqualTo(ids);
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (Process p : nodes) {
            p.destroy(); // SIGTERM: graceful, stops the embedded PostgreSQL
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        postmasterPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroy);
    }

    private Set<String> writeBundle(Path file) throws IOException {
        Set<String> ids = new HashSet<>();
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(("{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":[").getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < OBJECTS; i++) {
                String id = "indicator--" + UUID.randomUUID();
                ids.add(id);
                out.write(("""
                        %s{"type":"indicator","spec_version":"2.1","id":"%s","created":"2025-06-26T08:00:00.000Z",\
                        "modified":"2025-06-26T08:00:00.000Z","name":"Crash test indicator %d","pattern_type":"stix",\
                        "pattern":"[ipv4-addr:value = '198.51.100.%d']","valid_from":"2025-06-26T08:00:00Z",\
                        "description":"%s"}""".formatted(i == 0 ? "" : ",", id, i, i % 256, "padding ".repeat(40)))
                        .getBytes(StandardCharsets.UTF_8));
            }
            out.write("]}".getBytes(StandardCharsets.UTF_8));
        }
        return ids;
    }

    private Process startNode(int port) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "org.entente.Entente", "up",
                "--port", Integer.toString(port), "--home", home.toString())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("node-" + nodes.size() + ".log").toFile());
        pb.environment().put("ENTENTE_ADMIN_TOKEN", TOKEN);
        Process p = pb.start();
        nodes.add(p);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("node process exited; see %s", home).isTrue();
            try {
                if (http.send(request(port, "/api/v1/objects?limit=1").GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return p;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("node did not start within 120 s; see logs in " + home);
    }

    private CompletableFuture<HttpResponse<String>> importAsync(int port, Path bundle) throws IOException {
        return HttpClient.newHttpClient().sendAsync(request(port, "/api/v1/objects")
                        .header("Content-Type", "application/stix+json")
                        .POST(HttpRequest.BodyPublishers.ofFile(bundle)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private long waitUntilSomeButNotAllStored() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try (Connection c = database(); ResultSet rs = c.createStatement().executeQuery("select count(*) from stix_object")) {
                rs.next();
                long n = rs.getLong(1);
                if (n > 0) {
                    return n;
                }
            } catch (SQLException notYet) {
                // schema not created yet
            }
            Thread.sleep(5);
        }
        throw new AssertionError("nothing was stored within 120 s");
    }

    private Set<String> exportedIds(int port) throws Exception {
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(
                request(port, "/api/v1/export").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        Set<String> ids = new HashSet<>();
        try (var reader = new org.entente.stix.BundleReader(response.body())) {
            org.entente.stix.BundleReader.Entry e;
            while ((e = reader.next()) != null) {
                assertThat(ids.add(e.json().path("id").asString())).as("duplicate in export").isTrue();
            }
        }
        return ids;
    }

    private HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + TOKEN);
    }

    /** The embedded server's port, from its postmaster.pid (line 4), to watch the store from outside. */
    private Connection database() throws SQLException {
        try {
            List<String> pid = Files.readAllLines(home.resolve("postgres").resolve("postmaster.pid"));
            return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pid.get(3).trim() + "/postgres", "postgres", "");
        } catch (IOException | IndexOutOfBoundsException e) {
            throw new SQLException("embedded PostgreSQL not up yet", e);
        }
    }

    private java.util.Optional<Long> postmasterPid() {
        try {
            return java.util.Optional.of(Long.parseLong(Files.readAllLines(home.resolve("postgres").resolve("postmaster.pid")).getFirst().trim()));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
