package org.entente.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.entente.stix.StixJson;
import org.entente.support.RunningNode;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import tools.jackson.databind.JsonNode;

/**
 * Fuzzes the TAXII 2.1 server of a started node over real HTTP: fuzzed method, endpoint, collection
 * and object ids, query parameters ({@code added_after}, {@code limit}, {@code next}, {@code match[...]}),
 * {@code Accept} and {@code Content-Type} headers and bodies, from a user who may read and write. The
 * property: the node never answers 5xx (and never drops the connection). The rate limit is off for
 * this node, or the fuzzer would mostly meet 429s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TaxiiFuzzTest {

    private static final String ADMIN = "fuzz-admin-" + UUID.randomUUID();
    private static final String[] PARAMS = {"added_after", "limit", "next", "match[id]", "match[type]", "match[version]",
            "match[spec_version]", "match[foo]", "match[id]"};
    private static final String[] ACCEPT = {"application/taxii+json;version=2.1", "application/taxii+json", "application/stix+json;version=2.1",
            "*/*", "text/html", "application/json", "application/taxii+json;version=2.0", ""};
    private static final String[] CONTENT = {"application/taxii+json;version=2.1", "application/stix+json;version=2.1", "application/json",
            "text/plain", "application/taxii+json;version=9", "multipart/form-data; boundary=x"};
    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "POST", "DELETE", "PUT", "HEAD"};

    @DynamicPropertySource
    static void node(DynamicPropertyRegistry registry) {
        registry.add("entente.home", () -> RunningNode.freshHome().toString());
        registry.add("entente.admin-token", () -> ADMIN);
        registry.add("entente.limits.requests-per-second", () -> "0");
    }

    @LocalServerPort
    int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static List<String> collections;
    private static String objectId;

    @BeforeEach
    void knownIds() throws Exception {
        if (collections != null) {
            return;
        }
        List<String> ids = new ArrayList<>();
        JsonNode list = StixJson.MAPPER.readTree(send("GET", "/taxii2/api/collections/", "application/taxii+json;version=2.1", null, null).body());
        for (JsonNode c : list.path("collections")) {
            ids.add(c.path("id").asString());
        }
        objectId = "indicator--" + UUID.randomUUID();
        String envelope = """
                {"objects":[{"type":"indicator","spec_version":"2.1","id":"%s","created":"2026-01-01T00:00:00.000Z",
                 "modified":"2026-01-01T00:00:00.000Z","pattern":"[ipv4-addr:value = '203.0.113.7']","pattern_type":"stix",
                 "valid_from":"2026-01-01T00:00:00Z"}]}""".formatted(objectId);
        for (String id : ids) {
            send("POST", "/taxii2/api/collections/" + id + "/objects/", "application/taxii+json;version=2.1",
                    "application/taxii+json;version=2.1", envelope.getBytes(StandardCharsets.UTF_8));
        }
        collections = ids;
    }

    @FuzzTest(maxDuration = "30s")
    void taxiiNeverAnswers5xx(FuzzedDataProvider data) throws Exception {
        // The test talks to its own node; Jazzer's SSRF detector would flag any connection otherwise.
        BugDetectors.allowNetworkConnections((host, p) -> "localhost".equals(host) && p == port);
        String method = METHODS[data.consumeInt(0, METHODS.length - 1)];
        String collection = data.consumeBoolean() && !collections.isEmpty()
                ? collections.get(data.consumeInt(0, collections.size() - 1)) : enc(data.consumeString(40));
        String object = data.consumeBoolean() ? objectId : enc(data.consumeString(60));
        String c = "/taxii2/api/collections/" + collection;
        String[] paths = {"/taxii2/", "/taxii2/api/", "/taxii2/api/collections/", c + "/", c + "/objects/", c + "/manifest/",
                c + "/objects/" + object + "/", c + "/objects/" + object + "/versions/",
                "/taxii2/api/status/" + enc(data.consumeString(40)) + "/", "/taxii2/" + enc(data.consumeString(20)) + "/"};
        StringBuilder path = new StringBuilder(paths[data.consumeInt(0, paths.length - 1)]);
        int params = data.consumeInt(0, 4);
        for (int i = 0; i < params; i++) {
            path.append(i == 0 ? '?' : '&').append(enc(PARAMS[data.consumeInt(0, PARAMS.length - 1)])).append('=')
                    .append(enc(data.consumeString(48)));
        }
        String accept = data.consumeBoolean() ? ACCEPT[data.consumeInt(0, ACCEPT.length - 1)] : headerValue(data.consumeString(60));
        String contentType = data.consumeBoolean() ? CONTENT[data.consumeInt(0, CONTENT.length - 1)] : headerValue(data.consumeString(60));
        byte[] body = data.consumeRemainingAsBytes();
        HttpResponse<String> r = send(method, path.toString(), accept, contentType, body);
        assertThat(r.statusCode()).as(method + " " + path + " Accept: " + accept + " Content-Type: " + contentType + "\n" + r.body())
                .isLessThan(500);
    }

    private HttpResponse<String> send(String method, String path, String accept, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + ADMIN);
        if (!accept.isEmpty()) {
            b.header("Accept", accept);
        }
        if (contentType != null && !contentType.isEmpty()) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null || method.equals("GET") || method.equals("HEAD") ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Visible ASCII only: the HTTP client itself refuses control characters in header values. */
    private static String headerValue(String s) {
        return s.chars().filter(ch -> ch >= 0x20 && ch < 0x7f).collect(StringBuilder::new, StringBuilder::appendCodePoint,
                StringBuilder::append).toString().trim();
    }
}
