package org.entente.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;

import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real node for a test class: Spring context, embedded PostgreSQL in a fresh home under
 * {@code target/}, HTTP on a random port. Subclasses share one node (Spring caches the context),
 * so tests create their own objects with fresh ids instead of assuming an empty store.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class RunningNode {

    public static final String ADMIN_TOKEN = "test-admin-token-" + UUID.randomUUID();
    /** The lossless STIX configuration, so tests compare numbers exactly as written. */
    protected static final JsonMapper JSON = org.entente.stix.StixJson.MAPPER;
    private static final Path HOME = freshHome();

    @LocalServerPort
    protected int port;

    protected final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    private Community nodeCommunity;
    @Autowired
    private JdbcTemplate nodeJdbc;

    @DynamicPropertySource
    static void node(DynamicPropertyRegistry registry) {
        registry.add("entente.home", HOME::toString);
        registry.add("entente.admin-token", () -> ADMIN_TOKEN);
    }

    public static Path freshHome() {
        try {
            Path base = Path.of("target", "test-homes");
            Files.createDirectories(base);
            return Files.createTempDirectory(base.toAbsolutePath(), "node-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected URI uri(String pathAndQuery) {
        return URI.create("http://localhost:" + port + pathAndQuery);
    }

    protected HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Authorization", "Bearer " + ADMIN_TOKEN).GET());
    }

    protected HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/stix+json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /** A GET as the holder of {@code token}. */
    protected HttpResponse<String> get(String token, String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET());
    }

    /** A new user of {@code org} with one role, and an API token of theirs. */
    protected String token(String username, OrganisationId org, String role) {
        long user = nodeCommunity.addUser(username, org, Set.of(role)).value();
        String token = "test-" + UUID.randomUUID();
        nodeJdbc.update("insert into api_token (user_id, token_hash, label) values (?, sha256(convert_to(?, 'UTF8')), 'test')", user, token);
        return token;
    }

    /** A further token of an existing user, limited to these permissions (its scopes). */
    protected String scopedToken(String username, String... scopes) {
        long user = nodeJdbc.queryForObject("select id from app_user where username = ?", Long.class, username);
        String token = "test-scoped-" + UUID.randomUUID();
        nodeJdbc.update("insert into api_token (user_id, token_hash, label, scopes) values (?, sha256(convert_to(?, 'UTF8')), 'scoped', ?)",
                user, token, scopes);
        return token;
    }

    protected HttpResponse<String> send(HttpRequest.Builder request) {
        return Http.send(http, request);
    }

    protected static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    /**
     * Waits for work the node does in the background: returns as soon as {@code condition} holds, fails after
     * 60 s (generous: a loaded machine, load 20+, is slow, not wrong).
     */
    protected static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 60 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
