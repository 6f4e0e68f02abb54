package org.entente.taxii.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

class PullTest {

    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), 2, 0.5,
            Duration.ofSeconds(2));

    private final StubTaxiiServer stub = StubTaxiiServer.start().collection("c", "Feed", true, true);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        stub.close();
    }

    private TaxiiClient client(int pageSize) {
        return TaxiiClient.builder(stub.discoveryUrl()).retryPolicy(FAST).pageSize(pageSize).build();
    }

    /** Objects 0..n-1, object i added at the instant {@code dates[i]} seconds past a fixed hour. */
    private void addAt(int... seconds) {
        for (int i = 0; i < seconds.length; i++) {
            stub.add("c", String.format("2024-05-01T10:00:%02d.000Z", seconds[i]), StubTaxiiServer.indicator(i));
        }
    }

    private static List<String> names(List<JsonNode> objects) {
        return objects.stream().map(o -> o.path("name").asString()).toList();
    }

    private static List<String> expected(int n) {
        return IntStream.range(0, n).mapToObj(i -> "indicator " + i).toList();
    }

    @Test
    void pagesWithNextUntilTheServerHasNoMore() {
        addAt(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        List<JsonNode> got = new ArrayList<>();
        List<PullProgress> progress = new ArrayList<>();
        try (TaxiiClient client = client(4)) {
            PullResult r = client.pull("c", Query.ALL, Cursor.start(), got::add, new PullListener() {
                @Override
                public void page(PullProgress p) {
                    progress.add(p);
                }
            });
            assertThat(r.pages()).isEqualTo(3);
            assertThat(r.objects()).isEqualTo(10);
            assertThat(r.cursor().addedAfter()).contains("2024-05-01T10:00:10.000Z");
        }
        assertThat(names(got)).isEqualTo(expected(10));
        assertThat(progress).extracting(PullProgress::objects).containsExactly(4L, 8L, 10L);
        var gets = stub.requests("GET", "/api1/collections/c/objects/");
        assertThat(gets).extracting(g -> g.params().get("next")).containsExactly(null, "4", "8");
        assertThat(gets).allSatisfy(g -> assertThat(g.params()).containsEntry("limit", "4"));
    }

    @Test
    void pagesByAddedAfterWhenTheServerGivesNoNext() {
        stub.paging(StubTaxiiServer.Paging.ADDED_AFTER);
        addAt(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        List<JsonNode> got = new ArrayList<>();
        try (TaxiiClient client = client(4)) {
            PullResult r = client.pull("c", Cursor.start(), got::add);
            assertThat(r.objects()).isEqualTo(10);
        }
        assertThat(names(got)).isEqualTo(expected(10));
        var gets = stub.requests("GET", "/api1/collections/c/objects/");
        assertThat(gets.getFirst().params()).doesNotContainKey("added_after");
        // From just before the previous page's X-TAXII-Date-Added-Last, so ties there are not skipped.
        assertThat(gets.get(1).params()).containsEntry("added_after", "2024-05-01T10:00:03.999999Z");
        assertThat(gets).noneSatisfy(g -> assertThat(g.params()).containsKey("next"));
    }

    @Test
    void objectsSharingTheLastDateAddedOfAPageAreNotSkippedWithoutNext() {
        stub.paging(StubTaxiiServer.Paging.ADDED_AFTER);
        addAt(1, 2, 3, 4, 4, 4, 4, 5, 6, 7); // four objects added at :04, the first page ends among them
        List<JsonNode> got = new ArrayList<>();
        try (TaxiiClient client = client(4)) {
            PullResult r = client.pull("c", Cursor.start(), got::add);
            assertThat(r.duplicatesSkipped()).isPositive();
        }
        assertThat(names(got)).isEqualTo(expected(10));
    }

    @Test
    void aGroupSharingOneDateAddedLargerThanAPageIsFetchedWithALargerLimit() {
        stub.paging(StubTaxiiServer.Paging.ADDED_AFTER);
        addAt(1, 2, 2, 2, 2, 2, 2, 2, 2, 3); // eight objects at :02, pages of 3
        List<JsonNode> got = new ArrayList<>();
        try (TaxiiClient client = client(3)) {
            PullResult r = client.pull("c", Cursor.start(), got::add);
            assertThat(r.warnings()).isEmpty();
        }
        assertThat(names(got)).isEqualTo(expected(10));
    }

    @Test
    void filtersAreSentAsMatchParametersOnEveryPage() {
        addAt(1, 2, 3, 4, 5);
        try (TaxiiClient client = client(2)) {
            client.pull("c", Query.ALL.types("indicator", "malware").versions("all"), Cursor.start(), o -> { },
                    PullListener.NONE);
        }
        var gets = stub.requests("GET", "/api1/collections/c/objects/");
        assertThat(gets).hasSize(3).allSatisfy(g -> assertThat(g.params())
                .containsEntry("match[type]", "indicator,malware").containsEntry("match[version]", "all"));
    }

    @Test
    void aPullInterruptedMidWayResumesFromItsSavedCursorWithEveryObjectExactlyOnce() {
        // Ties at :05 straddle the boundary between the second and third pages.
        addAt(1, 2, 3, 4, 5, 5, 5, 5, 5, 6, 7, 8);
        stub.fault("GET", "/api1/collections/c/objects/", 2, 1, 500, Map.of()); // the third page fails once
        Path cursorFile = dir.resolve("cursor.json");
        List<JsonNode> got = new ArrayList<>();
        Cursor cursor = Cursor.start();
        try (TaxiiClient client = client(4)) {
            assertThatThrownBy(() -> client.pull("c", Query.ALL, cursor, got::add, new PullListener() {
                @Override
                public void page(PullProgress p) {
                    p.cursor().save(cursorFile);
                }
            })).isInstanceOf(TaxiiException.class).hasMessageContaining("500");
            assertThat(got).hasSize(8);
            assertThat(cursor.addedAfter()).contains("2024-05-01T10:00:05.000Z");

            Cursor resumed = Cursor.load(cursorFile);
            assertThat(resumed.boundary()).hasSize(4);
            PullResult r = client.pull("c", resumed, got::add);
            assertThat(r.objects()).isEqualTo(4);
            assertThat(r.duplicatesSkipped()).isEqualTo(4);
        }
        assertThat(names(got)).isEqualTo(expected(12));
    }

    @Test
    void aFinishedPullsCursorFetchesOnlyWhatWasAddedSince() {
        addAt(1, 2, 3);
        Cursor cursor = Cursor.start();
        List<JsonNode> got = new ArrayList<>();
        try (TaxiiClient client = client(10)) {
            client.pull("c", cursor, got::add);
            stub.add("c", "2024-05-01T10:00:03.000Z", StubTaxiiServer.indicator(3)); // late, same instant
            stub.add("c", "2024-05-01T10:00:09.000Z", StubTaxiiServer.indicator(4));
            PullResult again = client.pull("c", cursor, got::add);
            assertThat(again.objects()).isEqualTo(2);
            assertThat(client.pull("c", cursor, got::add).objects()).isZero();
        }
        assertThat(names(got)).isEqualTo(expected(5));
    }

    @Test
    void aCursorFromATimestampIsExclusive() {
        addAt(1, 2, 3);
        List<JsonNode> got = new ArrayList<>();
        try (TaxiiClient client = client(10)) {
            client.pull("c", Cursor.after("2024-05-01T10:00:02.000Z"), got::add);
        }
        assertThat(names(got)).containsExactly("indicator 2");
        assertThat(stub.requests("GET", "/api1/collections/c/objects/").getFirst().params())
                .containsEntry("added_after", "2024-05-01T10:00:02.000Z");
    }

    @Test
    void aCursorRefusesAnotherCollection() {
        stub.collection("other", "Other", true, false);
        Cursor cursor = Cursor.start();
        try (TaxiiClient client = client(10)) {
            client.pull("c", cursor, o -> { });
            assertThatThrownBy(() -> client.pull("other", cursor, o -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("belongs to collection c");
        }
    }

    @Test
    void aSinkFailureLeavesTheCursorBeforeThePage() {
        addAt(1, 2, 3, 4, 5, 6);
        Cursor cursor = Cursor.start();
        List<JsonNode> got = new ArrayList<>();
        try (TaxiiClient client = client(3)) {
            assertThatThrownBy(() -> client.pull("c", cursor, o -> {
                if (o.path("name").asString().equals("indicator 4")) {
                    throw new IllegalStateException("disk full");
                }
                got.add(o);
            })).hasMessage("disk full");
            assertThat(cursor.addedAfter()).contains("2024-05-01T10:00:03.000Z");
            got.removeIf(o -> o.path("name").asString().equals("indicator 3")); // the sink's partial page
            client.pull("c", cursor, got::add);
        }
        assertThat(names(got)).isEqualTo(expected(6));
    }

    @Test
    void moreWithoutNextOrDateHeadersIsAnError() {
        stub.paging(StubTaxiiServer.Paging.ADDED_AFTER).withoutDateHeaders();
        addAt(1, 2, 3);
        try (TaxiiClient client = client(2)) {
            assertThatThrownBy(() -> client.pull("c", Cursor.start(), o -> { }))
                    .isInstanceOf(TaxiiException.class).hasMessageContaining("neither next nor");
        }
    }

    @Test
    void aCursorFileRoundTrips() throws Exception {
        addAt(1, 2, 2);
        Cursor cursor = Cursor.start();
        try (TaxiiClient client = client(10)) {
            client.pull("c", cursor, o -> { });
        }
        Path f = dir.resolve("c.json");
        cursor.save(f);
        Cursor back = Cursor.load(f);
        assertThat(back.addedAfter()).isEqualTo(cursor.addedAfter());
        assertThat(back.boundary()).isEqualTo(cursor.boundary()).hasSize(3);
        assertThat(back.collection()).contains("c");
        assertThat(back.apiRoot()).contains(stub.apiRootUrl());
        assertThat(Files.readString(f)).contains("\"added_after\" : \"2024-05-01T10:00:02.000Z\"");
    }
}
