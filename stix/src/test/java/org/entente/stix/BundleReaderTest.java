package org.entente.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;

/** Streaming input: a bundle (section 8) with its properties in any order, a bare array, or one object. */
class BundleReaderTest {

    static final String BUNDLE_ID = "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d";

    static String obj(String type, int n) {
        return """
                {"type": "%s", "spec_version": "2.1", "id": "%s--00000000-0000-4000-8000-%012d",
                 "created": "2016-05-12T08:17:27.000Z", "modified": "2016-05-12T08:17:27.000Z", "name": "n%d"}"""
                .formatted(type, type, n, n);
    }

    static BundleReader reader(String json) {
        return new BundleReader(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    static List<BundleReader.Entry> readAll(String json) {
        try (BundleReader r = reader(json)) {
            return drain(r);
        }
    }

    static List<BundleReader.Entry> drain(BundleReader r) {
        List<BundleReader.Entry> out = new ArrayList<>();
        for (BundleReader.Entry e = r.next(); e != null; e = r.next()) {
            out.add(e);
        }
        return out;
    }

    static List<String> names(List<BundleReader.Entry> entries) {
        return entries.stream().map(e -> e.json().get("name").stringValue()).toList();
    }

    @Test
    void readsABundleWhoseObjectsComeLast() {
        String json = "{\"type\": \"bundle\", \"id\": \"" + BUNDLE_ID + "\", \"objects\": ["
                + obj("indicator", 1) + "," + obj("malware", 2) + "]}";
        try (BundleReader r = reader(json)) {
            assertThat(r.bundleId()).contains(BUNDLE_ID);
            List<BundleReader.Entry> entries = drain(r);

            assertThat(names(entries)).containsExactly("n1", "n2");
            assertThat(entries).extracting(BundleReader.Entry::index).containsExactly(0, 1);
            assertThat(entries).extracting(BundleReader.Entry::pointer).containsExactly("/objects/0", "/objects/1");
            assertThat(r.next()).isNull();
        }
    }

    @Test
    void readsABundleWhoseObjectsComeFirst() {
        String json = "{\"objects\": [" + obj("indicator", 1) + "," + obj("malware", 2) + "],"
                + " \"id\": \"" + BUNDLE_ID + "\", \"custom_bundle_property\": [1, 2], \"type\": \"bundle\"}";
        try (BundleReader r = reader(json)) {
            assertThat(r.bundleId()).as("not known before the objects").isEmpty();
            assertThat(names(drain(r))).containsExactly("n1", "n2");
            assertThat(r.bundleId()).contains(BUNDLE_ID);
        }
    }

    @Test
    void readsABundleWrittenWithSortedKeys() {
        String json = "{\"id\": \"" + BUNDLE_ID + "\", \"objects\": [" + obj("tool", 1) + "], \"type\": \"bundle\"}";

        assertThat(names(readAll(json))).containsExactly("n1");
    }

    @Test
    void readsABareArrayOfObjects() {
        List<BundleReader.Entry> entries = readAll("[" + obj("indicator", 1) + ", " + obj("tool", 2) + "]");

        assertThat(names(entries)).containsExactly("n1", "n2");
        assertThat(entries).extracting(BundleReader.Entry::pointer).containsExactly("/0", "/1");
    }

    @Test
    void readsASingleObject() {
        try (BundleReader r = reader(obj("indicator", 7))) {
            BundleReader.Entry only = r.next();

            assertThat(only.index()).isZero();
            assertThat(only.pointer()).isEmpty();
            assertThat(only.json().get("name").stringValue()).isEqualTo("n7");
            assertThat(r.next()).isNull();
            assertThat(r.bundleId()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\": \"bundle\", \"id\": \"" + BUNDLE_ID + "\"}",
            "{\"id\": \"" + BUNDLE_ID + "\", \"type\": \"bundle\"}",
            "{\"type\": \"bundle\", \"id\": \"" + BUNDLE_ID + "\", \"objects\": []}",
            "{\"objects\": [], \"type\": \"bundle\", \"id\": \"" + BUNDLE_ID + "\"}",
            "[]",
            "  [ ]  ",
    })
    void readsEmptyInputsAsNoObjects(String json) {
        assertThat(readAll(json)).isEmpty();
    }

    @Test
    void malformedJsonMidStreamIsReportedWithLineAndColumnAfterTheEarlierObjects() {
        String json = "{\"type\": \"bundle\", \"id\": \"" + BUNDLE_ID + "\", \"objects\": [\n"
                + obj("indicator", 1) + ",\n"
                + obj("malware", 2) + ",\n"
                + "{\"type\": \"tool\", \"name\": oops}\n"
                + "]}";
        // obj(...) spans two lines, so the broken object is on line 6.
        try (BundleReader r = reader(json)) {
            assertThat(r.next().json().get("name").stringValue()).isEqualTo("n1");
            assertThat(r.next().json().get("name").stringValue()).isEqualTo("n2");

            StixParseException e = catchThrowableOfType(StixParseException.class, r::next);

            assertThat(e).isNotNull();
            assertThat(e.line()).isEqualTo(6);
            assertThat(e.column()).isBetween(26L, 31L);
            assertThat(e.getMessage()).startsWith("malformed JSON").contains("line 6, column");
            assertThat(r.next()).as("nothing after the error").isNull();
        }
    }

    @Test
    void truncatedInputIsReportedAfterTheCompleteObjects() {
        String json = "[" + obj("indicator", 1) + ", {\"type\": \"tool\", \"na";
        try (BundleReader r = reader(json)) {
            assertThat(r.next()).isNotNull();
            assertThatThrownBy(r::next).isInstanceOf(StixParseException.class);
        }
    }

    @Test
    void truncatedBundleWithoutClosingBracketsIsReported() {
        String json = "{\"type\": \"bundle\", \"objects\": [" + obj("indicator", 1);
        try (BundleReader r = reader(json)) {
            assertThat(r.next()).isNotNull();
            assertThatThrownBy(r::next).isInstanceOf(StixParseException.class);
        }
    }

    @Test
    void duplicateKeysInsideAnObjectAreRejected() {
        String json = "[" + obj("indicator", 1) + ", {\"type\": \"tool\", \"name\": \"a\", \"name\": \"b\"}]";
        try (BundleReader r = reader(json)) {
            assertThat(r.next()).isNotNull();
            assertThatThrownBy(r::next).isInstanceOf(StixParseException.class).hasMessageContaining("name");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\": \"bundle\", \"type\": \"bundle\", \"objects\": []}",
            "{\"type\": \"bundle\", \"objects\": [], \"objects\": []}",
            "{\"type\": \"indicator\", \"name\": \"a\", \"name\": \"a\"}",
            "{\"type\": \"bundle\", \"objects\": [{\"a\": {\"b\": 1, \"b\": 1}}]}",
    })
    void duplicateKeysAnywhereAreRejected(String json) {
        assertThatThrownBy(() -> readAll(json)).isInstanceOf(StixParseException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\": \"bundle\", \"objects\": []} {}",
            "{\"type\": \"bundle\", \"objects\": []} x",
            "{\"type\": \"bundle\", \"id\": \"" + BUNDLE_ID + "\"} []",
            "[] []",
            "[{\"type\": \"tool\"}] ,",
            "{\"type\": \"tool\"} {\"type\": \"tool\"}",
            "{\"type\": \"tool\"} garbage",
    })
    void trailingGarbageIsRejected(String json) {
        assertThatThrownBy(() -> readAll(json)).isInstanceOf(StixParseException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\"bundle\"", "42", "null", "true"})
    void inputThatIsNeitherObjectNorArrayIsRejected(String json) {
        assertThatThrownBy(() -> readAll(json)).isInstanceOf(StixParseException.class);
    }

    @Test
    void observedDataWithTheDeprecatedObjectsDictionaryIsOneObject() {
        String json = """
                {"type": "observed-data", "spec_version": "2.1",
                 "id": "observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf",
                 "created": "2016-04-06T19:58:16.000Z", "modified": "2016-04-06T19:58:16.000Z",
                 "first_observed": "2015-12-21T19:00:00Z", "last_observed": "2015-12-21T19:00:00Z",
                 "number_observed": 50,
                 "objects": {"0": {"type": "file", "name": "foo.exe"}, "1": {"type": "file", "name": "bar.exe"}}}""";

        List<BundleReader.Entry> entries = readAll(json);

        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).pointer()).isEmpty();
        assertThat(entries.get(0).json().get("objects").get("1").get("name").stringValue()).isEqualTo("bar.exe");
    }

    @Test
    void observedDataWithTheObjectsDictionaryBeforeItsTypeIsStillOneObject() {
        String json = """
                {"objects": {"0": {"type": "file", "name": "foo.exe"}},
                 "type": "observed-data", "id": "observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf"}""";

        assertThat(readAll(json)).singleElement()
                .satisfies(e -> assertThat(e.json().get("type").stringValue()).isEqualTo("observed-data"));
    }

    @Test
    void anObjectOfAnotherTypeWithAnObjectsArrayIsOneObject() {
        String json = """
                {"type": "x-acme-collection", "id": "x-acme-collection--b67d30ff-02ac-498a-92f9-32f845f448cf",
                 "objects": [{"type": "tool", "name": "inner"}]}""";

        List<BundleReader.Entry> entries = readAll(json);

        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.json().get("type").stringValue()).isEqualTo("x-acme-collection");
            assertThat(e.json().get("objects").get(0).get("name").stringValue()).isEqualTo("inner");
        });
    }

    @Test
    void anObjectOfAnotherTypeWithSortedKeysAndAnObjectsArrayIsOneObject() {
        // Sorted keys put "id" before "objects" and "type" after it: the id tells it is not a bundle.
        String json = """
                {"id": "x-acme-collection--b67d30ff-02ac-498a-92f9-32f845f448cf",
                 "objects": [{"type": "tool", "name": "inner"}], "type": "x-acme-collection"}""";

        assertThat(readAll(json)).singleElement()
                .satisfies(e -> assertThat(e.json().get("objects").size()).isEqualTo(1));
    }

    @Test
    void aBundleTypeNamedOnlyAfterTheObjectsMustStillBeBundle() {
        String json = "{\"objects\": [" + obj("tool", 1) + "], \"type\": \"report\"}";
        try (BundleReader r = reader(json)) {
            assertThat(r.next()).as("streamed before the type is known").isNotNull();
            assertThatThrownBy(r::next).isInstanceOf(StixParseException.class).hasMessageContaining("/type");
        }
    }

    @Test
    void anObjectsArrayWithoutAnyTypeIsRejectedAfterItsObjects() {
        try (BundleReader r = reader("{\"objects\": [" + obj("tool", 1) + "]}")) {
            assertThat(r.next()).isNotNull();
            assertThatThrownBy(r::next).isInstanceOf(StixParseException.class).hasMessageContaining("/type");
        }
    }

    @Test
    void anUntypedObjectWithoutObjectsIsLeftToTheValidatorAsASingleEntry() {
        // Without "type" or "objects" nothing marks it as a bundle; checking objects is the validator's job.
        assertThat(readAll("{\"id\": \"" + BUNDLE_ID + "\"}")).singleElement()
                .satisfies(e -> assertThat(e.json().has("type")).isFalse());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\": \"bundle\", \"id\": \"bundle-5d0092c5-5f74-4287-9642-33f4c354e56d\", \"objects\": []}",
            "{\"type\": \"bundle\", \"id\": \"indicator--5d0092c5-5f74-4287-9642-33f4c354e56d\", \"objects\": []}",
            "{\"type\": \"bundle\", \"id\": 42, \"objects\": []}",
            "{\"type\": \"bundle\", \"objects\": [], \"id\": \"nonsense\"}",
    })
    void aBundleWithABadIdIsRejected(String json) {
        assertThatThrownBy(() -> readAll(json)).isInstanceOf(StixParseException.class).hasMessageContaining("/id");
    }

    @Test
    void aBundleWhoseObjectsIsNotAnArrayIsRejectedRatherThanReadAsEmpty() {
        String json = "{\"type\": \"bundle\", \"id\": \"" + BUNDLE_ID + "\", \"objects\": {\"0\": " + obj("tool", 1) + "}}";

        assertThatThrownBy(() -> readAll(json)).isInstanceOf(StixParseException.class).hasMessageContaining("/objects");
    }

    @Test
    void numbersAreReadExactly() {
        String json = "[{\"type\": \"x-n\", \"dec\": 1.10, \"zero\": 0.000, \"exp\": 1.5E+3, "
                + "\"big\": 123456789012345678901234567890, \"neg\": -0.0, \"int\": 7}]";

        JsonNode o = readAll(json).get(0).json();

        assertThat(o.get("dec").decimalValue()).isEqualTo(new BigDecimal("1.10"));
        assertThat(o.get("zero").decimalValue().scale()).isEqualTo(3);
        assertThat(o.get("big").bigIntegerValue()).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(o.get("int").isIntegralNumber()).isTrue();
        assertThat(StixJson.MAPPER.writeValueAsString(o)).contains("1.10", "0.000", "123456789012345678901234567890");
    }

    @Test
    void propertyOrderAndTimestampTextAreKept() {
        String json = "[{\"type\": \"x-n\", \"modified\": \"2016-05-12T08:17:27.1Z\", \"a\": 1, \"created\": \"2016-05-12T08:17:27Z\"}]";

        JsonNode o = readAll(json).get(0).json();

        assertThat(o.propertyNames()).containsExactly("type", "modified", "a", "created");
        assertThat(o.get("modified").stringValue()).isEqualTo("2016-05-12T08:17:27.1Z");
    }

    @Test
    void nonObjectArrayElementsAreYieldedForTheCallerToReject() {
        List<BundleReader.Entry> entries = readAll("[1, \"two\", null, [3]]");

        assertThat(entries).extracting(e -> e.json().getNodeType().name())
                .containsExactly("NUMBER", "STRING", "NULL", "ARRAY");
    }
}
