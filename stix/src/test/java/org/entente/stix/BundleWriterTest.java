package org.entente.stix;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** Streaming output of a bundle (section 8). */
class BundleWriterTest {

    static final String BUNDLE_ID = "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d";

    static JsonNode json(String text) {
        return StixJson.MAPPER.readTree(text);
    }

    static JsonNode indicator(int n) {
        return json("""
                {"type": "indicator", "spec_version": "2.1", "id": "indicator--00000000-0000-4000-8000-%012d",
                 "created": "2016-05-12T08:17:27.1Z", "modified": "2016-05-12T08:17:27.100Z",
                 "pattern": "[file:name = 'a']", "pattern_type": "stix", "valid_from": "2016-05-12T08:17:27Z",
                 "x_score": 1.10, "x_big": 98765432109876543210}""".formatted(n));
    }

    static List<JsonNode> readBack(byte[] bytes) {
        List<JsonNode> out = new ArrayList<>();
        try (BundleReader r = new BundleReader(new ByteArrayInputStream(bytes))) {
            for (BundleReader.Entry e = r.next(); e != null; e = r.next()) {
                out.add(e.json());
            }
        }
        return out;
    }

    @Test
    void writesABundleThatReadsBackIdentically() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<JsonNode> written = List.of(indicator(1), indicator(2), indicator(3));
        try (BundleWriter w = new BundleWriter(out, BUNDLE_ID)) {
            written.forEach(w::write);
            assertThat(w.count()).isEqualTo(3);
        }

        JsonNode bundle = json(out.toString(StandardCharsets.UTF_8));
        assertThat(bundle.get("type").stringValue()).isEqualTo("bundle");
        assertThat(bundle.get("id").stringValue()).isEqualTo(BUNDLE_ID);
        assertThat(bundle.propertyNames()).containsExactly("type", "id", "objects");
        assertThat(readBack(out.toByteArray())).containsExactlyElementsOf(written);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("\"x_score\":1.10", "98765432109876543210", "\"2016-05-12T08:17:27.1Z\"");
    }

    @Test
    void writesObjectsAsTheyComeWithoutBufferingTheBundle() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (BundleWriter w = new BundleWriter(sink, BUNDLE_ID)) {
            w.write(indicator(1));
            w.flush();
            int afterFirst = sink.size();
            w.write(indicator(2));
            w.flush();

            assertThat(afterFirst).isPositive();
            assertThat(sink.size()).isGreaterThan(afterFirst);
            assertThat(sink.toString(StandardCharsets.UTF_8)).as("bundle not closed yet").doesNotEndWith("]}");
        }
    }

    @Test
    void generatesABundleIdWhenNoneIsGiven() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BundleWriter w = new BundleWriter(out)) {
            w.write(indicator(1));
        }

        String id = json(out.toString(StandardCharsets.UTF_8)).get("id").stringValue();
        assertThat(StixId.tryParse(id)).get().extracting(StixId::type).isEqualTo("bundle");
    }

    @Test
    void anEmptyBundleHasNoObjectsProperty() {
        // Section 8.1: objects is optional but, when present, holds one or more objects.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BundleWriter w = new BundleWriter(out, BUNDLE_ID)) {
            assertThat(w.count()).isZero();
        }

        assertThat(json(out.toString(StandardCharsets.UTF_8)))
                .isEqualTo(json("{\"type\": \"bundle\", \"id\": \"" + BUNDLE_ID + "\"}"));
        assertThat(readBack(out.toByteArray())).isEmpty();
    }

    @Test
    void writeRawEmitsStoredTextVerbatim() {
        String stored = "{\"id\":\"tool--00000000-0000-4000-8000-000000000001\",\"type\":\"tool\",\"name\":\"x\","
                + "\"x_n\":1.000,\"modified\":\"2016-05-12T08:17:27.123456Z\"}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BundleWriter w = new BundleWriter(out, BUNDLE_ID)) {
            w.writeRaw(stored);
            w.write(indicator(2));
            w.writeRaw(stored.replace("001\"", "003\""));
            assertThat(w.count()).isEqualTo(3);
        }

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains(stored);
        List<JsonNode> back = readBack(out.toByteArray());
        assertThat(back).hasSize(3);
        assertThat(back.get(0)).isEqualTo(json(stored));
        assertThat(back.get(0).propertyNames()).first().isEqualTo("id");
        assertThat(back.get(1)).isEqualTo(indicator(2));
    }

    @Test
    void closingClosesTheUnderlyingStream() {
        boolean[] closed = {false};
        OutputStream tracking = new FilterOutputStream(new ByteArrayOutputStream()) {
            @Override
            public void close() throws IOException {
                closed[0] = true;
                super.close();
            }
        };
        new BundleWriter(tracking, BUNDLE_ID).close();

        assertThat(closed[0]).isTrue();
    }
}
