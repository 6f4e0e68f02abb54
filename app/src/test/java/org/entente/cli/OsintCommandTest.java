package org.entente.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;

import org.entente.osint.extract.JsoupArticleExtractor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code entente osint}: local extraction needs no node; uploads go to a stub of the node's
 * {@code POST /api/v1/osint/articles} (201 new, 200 duplicate, 4xx problem detail) served by the JDK's HttpServer.
 */
class OsintCommandTest {

    private static final String ARTICLE = """
            <html lang="en"><head><title>Defence ministers meet in Qingdao for talks - Capital Cities</title>
            <meta name="author" content="Caleb Wilson">
            <meta property="article:published_time" content="2025-06-26T09:30:00+08:00"></head>
            <body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article>
            <p>The defence ministers met in Qingdao on Thursday, agreeing to expand joint exercises, share more
            intelligence on cross-border terrorism, and hold a further round of talks in the autumn.</p>
            <p>Officials said the meeting, the twenty-second of its kind, had been planned for months, and that
            delegations from every member state attended, including two observers.</p></article></body></html>
            """;

    @TempDir
    Path dir;

    private final JsonMapper json = JsonMapper.builder().build();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer server;

    record Received(String path, String query, String contentType, String authorization, byte[] body) {
    }

    @BeforeEach
    void startStubNode() throws IOException {
        Set<String> seen = new HashSet<>();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String query = exchange.getRequestURI().getRawQuery();
            received.add(new Received(exchange.getRequestURI().getPath(), query,
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            int status;
            String answer;
            if (!"Bearer secret".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                status = 401;
                answer = "{\"title\":\"Unauthorized\",\"status\":401}";
            } else if (URLDecoder.decode(query, StandardCharsets.UTF_8).contains("source=empty.txt")) {
                status = 422;
                answer = "{\"title\":\"Unprocessable\",\"status\":422,\"detail\":\"no article text found in the page\"}";
            } else {
                String digest = sha256(body);
                status = seen.add(digest) ? 201 : 200;
                answer = "{\"id\":\"report--" + digest.substring(0, 8) + "\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type",
                    status >= 400 ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stopStubNode() {
        server.stop(0);
    }

    @Test
    void extractPrintsOneJsonObjectPerFileAndABadFileDoesNotStopTheOthers() throws IOException {
        Path good = Files.writeString(dir.resolve("a.html"), ARTICLE);
        Path empty = Files.write(dir.resolve("b.html"), new byte[0]);
        Path gz = Files.write(dir.resolve("c.html.gz"), gzip(ARTICLE.getBytes(StandardCharsets.UTF_8)));

        int code = command().run(List.of("extract", good.toString(), empty.toString(), gz.toString()));

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(code).isEqualTo(1);
        assertThat(lines).hasSize(3);
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.path("file").asString()).isEqualTo(good.toString());
        assertThat(first.path("title").asString()).isEqualTo("Defence ministers meet in Qingdao for talks");
        assertThat(first.path("author").asString()).isEqualTo("Caleb Wilson");
        assertThat(first.path("published").asString()).isEqualTo("2025-06-26T09:30+08:00");
        assertThat(first.path("language").asString()).isEqualTo("en");
        assertThat(first.path("text").asString()).startsWith("The defence ministers met in Qingdao")
                .contains("autumn.\n\nOfficials said").doesNotContain("Home");
        JsonNode second = json.readTree(lines.get(1));
        assertThat(second.path("file").asString()).isEqualTo(empty.toString());
        assertThat(second.path("error").asString()).contains("empty");
        assertThat(second.has("text")).isFalse();
        JsonNode third = json.readTree(lines.get(2));
        assertThat(third.path("text").asString()).isEqualTo(first.path("text").asString());
    }

    @Test
    void extractPrintsNullForMetadataThePageDoesNotHave() throws IOException {
        Path text = Files.writeString(dir.resolve("note.txt"), "A plain note with enough words in it to count as "
                + "an article, written by nobody in particular, and dated never.\n");

        int code = command().run(List.of("extract", text.toString()));

        JsonNode line = json.readTree(out.toString(StandardCharsets.UTF_8).strip());
        assertThat(code).isZero();
        assertThat(line.get("author").isNull()).isTrue();
        assertThat(line.get("published").isNull()).isTrue();
        assertThat(line.path("text").asString()).startsWith("A plain note");
    }

    @Test
    void uploadWalksDirectoriesSendsRawBytesAndSummarisesIngestedDuplicatesAndFailures() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("pages/nested"));
        Files.writeString(dir.resolve("pages/one.html"), ARTICLE);
        Files.writeString(tree.resolve("copy.htm"), ARTICLE);
        Files.write(tree.resolve("three.txt.gz"), gzip("Some scraped text.\n".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(tree.resolve("empty.txt"), "");
        Files.writeString(tree.resolve("notes.md"), "# not a page");

        int code = command().run(List.of(dir.resolve("pages").toString(), "--url", url(), "--token", "secret",
                "--tlp", "green"));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(1);
        assertThat(printed).contains("osint: 4 files, 2 ingested, 1 duplicates, 1 failed")
                .contains("empty.txt: no article text found in the page");
        assertThat(received).hasSize(4).allSatisfy(r -> {
            assertThat(r.path()).isEqualTo("/api/v1/osint/articles");
            assertThat(r.authorization()).isEqualTo("Bearer secret");
            assertThat(r.query()).contains("tlp=green");
        });
        assertThat(received).extracting(r -> URLDecoder.decode(r.query(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("source=copy.htm&tlp=green", "source=empty.txt&tlp=green",
                        "source=three.txt.gz&tlp=green", "source=one.html&tlp=green");
        Received html = received.stream().filter(r -> r.query().contains("one.html")).findFirst().orElseThrow();
        assertThat(html.contentType()).isEqualTo("text/html");
        assertThat(html.body()).isEqualTo(ARTICLE.getBytes(StandardCharsets.UTF_8));
        assertThat(received.stream().filter(r -> r.query().contains("three.txt.gz")).findFirst().orElseThrow()
                .contentType()).isEqualTo("application/gzip");
        assertThat(received.stream().filter(r -> r.query().contains("empty.txt")).findFirst().orElseThrow()
                .contentType()).isEqualTo("text/plain");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("osint [").contains("100%");
    }

    @Test
    void aRefusedTokenFailsEveryFileWithThatReason() throws IOException {
        Path page = Files.writeString(dir.resolve("one.html"), ARTICLE);

        int code = command().run(List.of(page.toString(), "--url", url(), "--token", "wrong"));

        assertThat(code).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("1 failed")
                .contains("one.html: the node did not accept the API token");
    }

    @Test
    void anUnreachableNodeStopsWithAMessage() throws IOException {
        Path page = Files.writeString(dir.resolve("one.html"), ARTICLE);
        server.stop(0);

        int code = command().run(List.of(page.toString(), "--url", url(), "--token", "secret"));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot reach a node at");
    }

    @Test
    void aMissingPathIsAUsageError() {
        assertThatThrownBy(() -> command().run(List.of("extract", dir.resolve("nope.html").toString())))
                .isInstanceOf(UsageException.class).hasMessageContaining("nope.html");
        assertThatThrownBy(() -> command().run(List.of("extract")))
                .isInstanceOf(UsageException.class).hasMessageContaining("osint extract");
    }

    private OsintCommand command() {
        return new OsintCommand(new JsoupArticleExtractor(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(o)) {
            gz.write(bytes);
        }
        return o.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
