package org.entente.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.entente.stix.BundleReader;
import org.entente.stix.StixJson;
import org.entente.taxii.client.StubTaxiiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.node.ObjectNode;

/** {@code entente taxii pull|push|collections} end to end against a stub TAXII 2.1 server. */
class TaxiiCommandTest {

    private final StubTaxiiServer stub = StubTaxiiServer.start()
            .collection("feed", "Feed", true, false)
            .collection("inbox", "Inbox", false, true);

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        stub.close();
    }

    private int taxii(String... args) {
        stdout.reset();
        stderr.reset();
        return new TaxiiCommand(new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), false).run(List.of(args));
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    private List<String> bundleNames() {
        List<String> names = new ArrayList<>();
        try (BundleReader r = new BundleReader(new ByteArrayInputStream(stdout.toByteArray()))) {
            for (BundleReader.Entry e = r.next(); e != null; e = r.next()) {
                names.add(e.json().path("name").asString());
            }
        }
        return names;
    }

    private void addFeed(int n) {
        for (int i = 0; i < n; i++) {
            stub.add("feed", String.format("2024-05-01T10:00:%02d.000Z", i / 2), StubTaxiiServer.indicator(i));
        }
    }

    private static List<String> expected(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "indicator " + i).toList();
    }

    private Path bundleFile(int n) throws Exception {
        ObjectNode b = StixJson.MAPPER.createObjectNode();
        b.put("type", "bundle");
        b.put("id", "bundle--6b4c4f2e-0e3c-4c47-a8f5-5f3f3f3f3f3f");
        var a = b.putArray("objects");
        IntStream.range(0, n).forEach(i -> a.add(StubTaxiiServer.indicator(i)));
        Path f = dir.resolve("bundle.json");
        Files.write(f, StixJson.MAPPER.writeValueAsBytes(b));
        return f;
    }

    @Test
    void pullWritesTheOnlyReadableCollectionAsOneBundleWithProgressOnStderr() {
        addFeed(7);
        int exit = taxii("pull", stub.discoveryUrl(), "--limit", "3");
        assertThat(exit).isZero();
        assertThat(bundleNames()).isEqualTo(expected(0, 7));
        assertThat(err()).contains("pulling collection 'Feed' (feed) from " + stub.apiRootUrl())
                .contains("pulled 7 objects in 3 pages from collection 'Feed' (feed)");
    }

    @Test
    void anInterruptedPullResumesFromItsCursorFileWithEveryObjectExactlyOnce() throws Exception {
        addFeed(10); // pairs share a date added, so pages of 3 end inside a pair
        stub.fault("GET", "/api1/collections/feed/objects/", 2, 1, 500, Map.of());
        Path cursor = dir.resolve("feed.cursor");

        int first = taxii("pull", stub.apiRootUrl(), "--collection", "Feed", "--limit", "3", "--cursor", cursor.toString());
        assertThat(first).isEqualTo(1);
        assertThat(err()).contains("pull stopped after 6 objects").contains("500").contains("run the same command again");
        List<String> got = new ArrayList<>(bundleNames()); // the bundle is complete JSON even so
        assertThat(got).isEqualTo(expected(0, 6));
        assertThat(Files.readString(cursor)).contains("\"collection\" : \"feed\"");

        int second = taxii("pull", stub.apiRootUrl(), "--collection", "feed", "--limit", "3", "--cursor", cursor.toString());
        assertThat(second).isZero();
        got.addAll(bundleNames());
        assertThat(got).isEqualTo(expected(0, 10));
        assertThat(err()).contains("pulled 4 objects").contains("next pull starts after 2024-05-01T10:00:04.000Z");

        assertThat(taxii("pull", stub.apiRootUrl(), "--collection", "feed", "--cursor", cursor.toString())).isZero();
        assertThat(bundleNames()).isEmpty();
    }

    @Test
    void pullWithoutACollectionExplainsWhichToChooseWhenSeveralAreReadable() {
        stub.collection("more", "More", true, true);
        int exit = taxii("pull", stub.discoveryUrl());
        assertThat(exit).isEqualTo(2);
        assertThat(err()).contains("2 collections at " + stub.apiRootUrl() + " are readable")
                .contains("--collection").contains("  feed  r-  Feed").contains("  more  rw  More");
    }

    @Test
    void pullFromAfterATimestampFiltersByTypeAndVersion() {
        addFeed(6);
        assertThat(taxii("pull", stub.discoveryUrl(), "--added-after", "2024-05-01T10:00:01.000Z",
                "--type", "indicator", "--all-versions")).isZero();
        assertThat(bundleNames()).isEqualTo(expected(4, 6));
        var get = stub.requests("GET", "/api1/collections/feed/objects/").getFirst();
        assertThat(get.params()).containsEntry("added_after", "2024-05-01T10:00:01.000Z")
                .containsEntry("match[type]", "indicator").containsEntry("match[version]", "all");
    }

    @Test
    void pushSendsTheFileInBatchesAndSummarisesSuccess() throws Exception {
        Path file = bundleFile(7);
        int exit = taxii("push", stub.discoveryUrl(), file.toString(), "--batch", "3");
        assertThat(exit).isZero();
        assertThat(out()).contains("bundle.json: 7 read, 7 succeeded, 0 failed");
        assertThat(err()).contains("pushing bundle.json to collection 'Inbox' (inbox)").contains("100%");
        assertThat(stub.requests("POST", "/api1/collections/inbox/objects/")).hasSize(3);
        assertThat(stub.objects("inbox")).hasSize(7);
    }

    @Test
    void pushReportsFailuresWithReasonsAndExitsWithOne() throws Exception {
        stub.refuse(o -> o.path("name").asString().equals("indicator 2"), "pattern is not allowed here");
        stub.pendingPolls(1);
        Path file = bundleFile(4);
        int exit = taxii("push", stub.apiRootUrl(), file.toString(), "--collection", "inbox");
        assertThat(exit).isEqualTo(1);
        assertThat(out()).contains("4 read, 3 succeeded, 1 failed")
                .contains("  failed " + StubTaxiiServer.indicator(2).path("id").asString()
                        + " (2024-01-01T00:00:00.000Z): pattern is not allowed here");
    }

    @Test
    void pushToACollectionThatIsNotWritableSaysSo() throws Exception {
        Path file = bundleFile(1);
        assertThat(taxii("push", stub.apiRootUrl(), file.toString(), "--collection", "Feed")).isEqualTo(2);
        assertThat(err()).contains("collection 'Feed' is not writable").contains("  inbox  -w  Inbox");
    }

    @Test
    void basicCredentialsAreUsedAndARefusalIsExplained() throws Exception {
        stub.requireAuthorization("Basic YWxpY2U6d29uZGVybGFuZA=="); // alice:wonderland
        Path file = bundleFile(2);
        assertThat(taxii("push", stub.apiRootUrl(), file.toString(), "--user", "alice", "--password", "wonderland"))
                .isZero();
        assertThat(taxii("collections", stub.apiRootUrl(), "--user", "alice", "--password", "wrong")).isEqualTo(1);
        assertThat(err()).contains("the server did not accept the credentials (401)");
    }

    @Test
    void collectionsAreListedThroughTheCliEntryPoint() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            assertThat(Cli.run(new String[] {"taxii", "collections", stub.baseUrl()})).isZero();
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains(stub.apiRootUrl() + ": 2 collections")
                .contains("  feed  r-  Feed").contains("  inbox  -w  Inbox");
    }

    @Test
    void anUnreachableServerIsReportedNotThrown() {
        assertThat(taxii("collections", "http://127.0.0.1:1/taxii2/", "--retries", "2")).isEqualTo(1);
        assertThat(err()).contains("cannot connect");
    }

    @Test
    void commandLineMistakesAreUsageErrors() {
        assertThatThrownBy(() -> taxii("pull")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> taxii("fetch", stub.baseUrl())).isInstanceOf(UsageException.class)
                .hasMessageContaining("pull, push or collections");
        assertThatThrownBy(() -> taxii("pull", stub.baseUrl(), "--token", "t", "--user", "u"))
                .isInstanceOf(UsageException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> taxii("pull", stub.baseUrl(), "--added-after", "yesterday"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--added-after");
        assertThatThrownBy(() -> taxii("pull", "ftp://example.org/"))
                .isInstanceOf(UsageException.class).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> taxii("push", stub.baseUrl(), dir.resolve("missing.json").toString()))
                .isInstanceOf(UsageException.class).hasMessageContaining("cannot read file");
    }
}
