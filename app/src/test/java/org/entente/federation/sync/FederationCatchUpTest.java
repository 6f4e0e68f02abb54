package org.entente.federation.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.entente.EntenteNode;
import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Ids.UserId;
import org.entente.community.Tier;
import org.entente.federation.CommunityCa;
import org.entente.federation.FederationNode;
import org.entente.federation.Fingerprints;
import org.entente.federation.TrustTestSupport;
import org.entente.intel.ImportLabel;
import org.entente.intel.StixStore;
import org.entente.sharing.Audience;
import org.entente.stix.StixJson;
import org.entente.stix.Tlp;
import org.entente.support.RunningNode;
import org.entente.support.Stix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

/**
 * Issue 6, faults: a node killed with SIGKILL in the middle of a large initial sync converges, after a
 * restart on the same home, to exactly the set its peer releases to it. Alpha runs in-process and holds
 * 25,000 indicators released to Bravo's participant (500 of them in a second version) plus 200 it keeps
 * to its own organisation; Bravo runs as a real child JVM ({@code entente up}), paired with Alpha over
 * mutual TLS with credentials of one community CA. Bravo is killed while it holds between 20 % and 80 %
 * of the released versions, restarted, and must end with exactly Alpha's released versions (ids,
 * versions, content), each once. How long that takes depends on the machine's load, so the waits fail
 * only when Bravo stops making progress ({@link Progress}), never because it is slow; the timeout is a
 * guard against a hang, not a speed requirement (speed is measured in bench/run-federation).
 */
@Timeout(value = 40, unit = TimeUnit.MINUTES)
class FederationCatchUpTest {

    private static final int RELEASED = 25_000;
    private static final int SECOND_VERSIONS = 500;
    private static final int PRIVATE = 200;
    private static final String TOKEN = "catch-up-" + UUID.randomUUID();
    /**
     * How long Bravo may go without any progress before the test fails: longer than a pull's longest
     * back-off (one minute) plus a request timeout, so that only a stuck sync fails, not a slow one.
     */
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private final CommunityCa ca = TrustTestSupport.newCa("Alliance");
    private final Path alphaCredentials = TrustTestSupport.issue(ca, "Alpha");
    private final Path bravoCredentials = TrustTestSupport.issue(ca, "Bravo");
    private final Path bravoHome = RunningNode.freshHome();
    private final List<Process> bravos = new ArrayList<>();
    private ConfigurableApplicationContext alpha;

    @Test
    void bravoKilledMidSyncConvergesToExactlyAlphasReleasedSetAfterRestart() throws Exception {
        alpha = SpringApplication.run(EntenteNode.class, "--server.port=0", "--entente.home=" + RunningNode.freshHome(),
                "--entente.admin-token=" + TOKEN, "--entente.participant=Alpha", "--entente.tier=member",
                "--entente.organisation=Alpha CERT", "--entente.federation.enabled=true", "--entente.federation.port=0",
                "--entente.federation.key-dir=" + alphaCredentials, "--entente.federation.poll-interval=30s",
                "--logging.level.root=warn");
        int alphaPort = Integer.parseInt(alpha.getEnvironment().getProperty("local.server.port"));
        Community community = alpha.getBean(Community.class);
        community.addOrganisation(community.addParticipant("Bravo", Tier.MEMBER), "Bravo CERT");
        ingest(RELEASED, 0, new Audience.WholeCommunity());
        ingestSecondVersions();
        ingest(PRIVATE, 1, new Audience.OwnOrganisation());
        JdbcTemplate alphaDb = alpha.getBean(JdbcTemplate.class);
        Set<String> released = versions(alphaDb, "where body->>'name' like 'catch-up released%'");
        assertThat(released).hasSize(RELEASED + SECOND_VERSIONS);

        int bravoPort = freePort();
        int bravoFederationPort = freePort();
        Process first = startBravo(bravoPort, bravoFederationPort);
        JsonNode alphaAtBravo = json(api(bravoPort, "POST", "/api/v1/community/participants", "{\"name\":\"Alpha\",\"tier\":\"member\"}", 201));
        api(bravoPort, "POST", "/api/v1/community/organisations",
                "{\"participant\":" + alphaAtBravo.path("id").asLong() + ",\"name\":\"Alpha CERT\"}", 201);
        String alphaFederation = "https://localhost:" + alpha.getBean(FederationNode.class).port();
        api(alphaPort, "POST", "/api/v1/peers", peer("https://localhost:" + bravoFederationPort, "Bravo", bravoCredentials), 201);
        api(bravoPort, "POST", "/api/v1/peers", peer(alphaFederation, "Alpha", alphaCredentials), 201);

        // Bravo pulls at once; kill it while it holds between 20 % and 80 % of the released versions (as long
        // as it takes to get there on this machine, as long as the count keeps growing).
        long atKill;
        try (Connection bravoDb = waitForDatabase()) {
            long low = released.size() / 5;
            Progress toLow = new Progress("Bravo's first sync, up to " + low + " versions");
            long n = 0;
            while (n < low) {
                n = count(bravoDb);
                toLow.observe(n);
                Thread.sleep(n < low / 2 ? 20 : 2);
            }
            first.destroyForcibly(); // SIGKILL: no shutdown hook, PostgreSQL orphaned mid-transaction
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            atKill = n;
        }
        assertThat(atKill).as("versions at Bravo when killed").isBetween((long) released.size() / 5, released.size() * 4L / 5);

        startBravo(bravoPort, bravoFederationPort);
        // About 30 s on an idle 2-core machine; on a loaded one it takes longer, which is fine as long as Bravo's
        // store, state or cursor keeps moving.
        Progress catchUp = new Progress("Bravo's catch-up after the restart");
        while (true) {
            JsonNode peers = json(api(bravoPort, "GET", "/api/v1/peers", null, 200));
            String state = peers.get(0).path("state").asString();
            long held;
            try (Connection c = waitForDatabase()) {
                held = count(c);
            }
            if (state.equals("in-sync") && held >= released.size()) {
                break;
            }
            catchUp.observe(List.of(held, state, peers.get(0).path("cursor").asString()));
            Thread.sleep(200);
        }

        Set<String> atBravo;
        try (Connection c = waitForDatabase(); ResultSet rs = c.createStatement().executeQuery(
                "select id, version, md5(body::text), (select count(*) from stix_object), "
                        + "(select count(distinct (id, version)) from stix_object) from stix_object")) {
            atBravo = new HashSet<>();
            while (rs.next()) {
                assertThat(atBravo.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3))).isTrue();
                assertThat(rs.getLong(4)).isEqualTo(rs.getLong(5));
            }
        }
        assertThat(atBravo).hasSameSizeAs(released).isEqualTo(released);
        try (Connection c = waitForDatabase(); ResultSet rs = c.createStatement().executeQuery(
                "select count(*) from federation_quarantine")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    /**
     * Watches a value that must keep changing until the awaited state is reached: fails when it has stayed
     * the same for {@link #PATIENCE}, whatever the total time taken.
     */
    private static final class Progress {
        private final String what;
        private Object last;
        private long since = System.nanoTime();

        Progress(String what) {
            this.what = what;
        }

        void observe(Object now) {
            if (!now.equals(last)) {
                last = now;
                since = System.nanoTime();
                return;
            }
            assertThat(Duration.ofNanos(System.nanoTime() - since)).as("%s: no progress for %s, still at %s", what, PATIENCE, now)
                    .isLessThan(PATIENCE);
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : bravos) {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        postmasterPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroy);
        if (alpha != null) {
            alpha.close();
        }
    }

    private void ingest(int count, int kind, Audience audience) {
        List<String> objects = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            objects.add(indicator(kind == 0 ? "catch-up released " + i : "catch-up private " + i, "indicator--" + UUID.randomUUID(),
                    "2026-01-01T00:00:00.000Z", i));
        }
        store(objects, audience);
    }

    /** A second version of the first released indicators. */
    private void ingestSecondVersions() {
        List<String> ids = alpha.getBean(JdbcTemplate.class).queryForList(
                "select id from stix_object where body->>'name' like 'catch-up released%' order by id limit " + SECOND_VERSIONS, String.class);
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            objects.add(indicator("catch-up released v2 " + i, ids.get(i), "2026-02-01T00:00:00.000Z", i));
        }
        store(objects, new Audience.WholeCommunity());
    }

    private void store(List<String> objects, Audience audience) {
        JdbcTemplate db = alpha.getBean(JdbcTemplate.class);
        long admin = db.queryForObject("select id from app_user where username = 'admin'", Long.class);
        Caller caller = alpha.getBean(Community.class).caller(new UserId(admin)).orElseThrow();
        var summary = alpha.getBean(StixStore.class).ingest(new ByteArrayInputStream(Stix.bundle(objects).getBytes(StandardCharsets.UTF_8)),
                new ImportLabel(caller, Optional.of(Tlp.GREEN), audience));
        assertThat(summary.stored()).isEqualTo(objects.size());
    }

    private static String indicator(String name, String id, String modified, int i) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"%s","created":"2026-01-01T00:00:00.000Z","modified":"%s",\
                "name":"%s","pattern":"[ipv4-addr:value = '198.51.%d.%d']","pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z"}"""
                .formatted(id, modified, name, (i / 256) % 256, i % 256);
    }

    private static Set<String> versions(JdbcTemplate db, String where) {
        return new HashSet<>(db.queryForList("select id || '|' || version || '|' || md5(body::text) from stix_object " + where, String.class));
    }

    private static String peer(String url, String participant, Path credentials) {
        return StixJson.MAPPER.createObjectNode().put("url", url).put("participant", participant)
                .put("fingerprint", Fingerprints.sha256(TrustTestSupport.load(credentials).tlsCertificate())).toString();
    }

    private Process startBravo(int port, int federationPort) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "org.entente.Entente", "up",
                "--port", Integer.toString(port), "--home", bravoHome.toString(),
                "--entente.participant=Bravo", "--entente.tier=member", "--entente.organisation=Bravo CERT",
                "--entente.federation.enabled=true", "--entente.federation.port=" + federationPort,
                "--entente.federation.key-dir=" + bravoCredentials, "--entente.federation.poll-interval=30s",
                // Alpha signs each page the first time it serves it: on a loaded machine that can take longer than
                // the default timeout, and every timed-out pull backs off further (up to a minute).
                "--entente.federation.request-timeout=30s", "--logging.level.root=warn")
                .redirectErrorStream(true)
                .redirectOutput(bravoHome.resolve("bravo-" + bravos.size() + ".log").toFile());
        pb.environment().put("ENTENTE_ADMIN_TOKEN", TOKEN);
        Process p = pb.start();
        bravos.add(p);
        HttpClient http = HttpClient.newHttpClient();
        // Starting a JVM and its embedded PostgreSQL is slow on a loaded machine: this bound only catches a hang.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("Bravo exited; see %s", bravoHome).isTrue();
            try {
                if (http.send(request(port, "/api/v1/peers").GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return p;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Bravo did not start within 10 minutes; see logs in " + bravoHome);
    }

    private static String api(int port, String method, String path, String json, int expected) throws Exception {
        HttpRequest.Builder b = request(port, path).timeout(Duration.ofMinutes(2));
        b = json == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(expected);
        return r.body();
    }

    private static JsonNode json(String body) {
        return StixJson.MAPPER.readTree(body);
    }

    private static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + TOKEN);
    }

    private static long count(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("select count(*) from stix_object")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Bravo's embedded server, from its postmaster.pid (line 4), to watch the store from outside. */
    private Connection waitForDatabase() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            try {
                List<String> pid = Files.readAllLines(bravoHome.resolve("postgres").resolve("postmaster.pid"));
                return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pid.get(3).trim() + "/postgres", "postgres", "");
            } catch (IOException | IndexOutOfBoundsException | SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private Optional<Long> postmasterPid() {
        try {
            return Optional.of(Long.parseLong(Files.readAllLines(bravoHome.resolve("postgres").resolve("postmaster.pid")).getFirst().trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
