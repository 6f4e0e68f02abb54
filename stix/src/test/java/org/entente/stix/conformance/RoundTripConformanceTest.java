package org.entente.stix.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.entente.stix.BundleReader;
import org.entente.stix.BundleWriter;
import org.entente.stix.StixJson;
import org.entente.stix.StixObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

/**
 * The 11 example bundles of the STIX 2.1 documentation survive BundleReader → StixObject → BundleWriter
 * → BundleReader unchanged, and every object in them satisfies the official JSON schemas. The reference
 * for "unchanged" is an independent whole-document parse of the file, not the streaming reader itself.
 * Skipped when the shared material is absent.
 */
class RoundTripConformanceTest {

    static final List<String> EXAMPLES = List.of(
            "apt1.json",
            "defining-campaigns-threat-actors-intrusion-sets.json",
            "identifying-a-threat-actor-profile.json",
            "indicator-for-malicious-url.json",
            "malware-indicator-for-file-hash.json",
            "poisonivy.json",
            "sighting-of-an-indicator.json",
            "sighting-of-observed-data.json",
            "threat-actor-leveraging-attack-patterns-and-malware.json",
            "using-granular-markings.json",
            "using-marking-definitions.json");

    static Stream<String> examples() {
        return EXAMPLES.stream();
    }

    @Test
    void theSharedExamplesAreExactlyTheElevenOfficialBundles() throws IOException {
        Path dir = SharedMaterial.require("stix/examples");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")))
                    .containsExactlyInAnyOrderElementsOf(EXAMPLES);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleBundleRoundTripsExactly(String name) throws IOException {
        Path file = SharedMaterial.require("stix/examples/" + name);
        JsonNode document = StixJson.MAPPER.readTree(file.toFile());
        List<JsonNode> expected = new ArrayList<>();
        document.get("objects").forEach(expected::add);

        List<StixObject> read = readAll(Files.newInputStream(file));
        assertThat(read).hasSize(expected.size());
        assertSameJson(read, expected, "read from " + name);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BundleWriter writer = new BundleWriter(out, document.get("id").stringValue())) {
            read.forEach(o -> writer.write(o.json()));
        }
        List<StixObject> reread = readAll(new ByteArrayInputStream(out.toByteArray()));
        assertSameJson(reread, expected, "re-read after writing " + name);
        assertThat(reread).containsExactlyElementsOf(read);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleObjectSatisfiesTheOfficialSchemas(String name) throws IOException {
        Path file = SharedMaterial.require("stix/examples/" + name);
        StixSchemas schemas = StixSchemas.requireOfficial();
        Map<String, List<String>> failures = new LinkedHashMap<>();
        for (StixObject o : readAll(Files.newInputStream(file))) {
            List<String> messages = schemas.validate(o.json());
            if (!messages.isEmpty()) {
                failures.put(o.id().toString(), messages);
            }
        }
        assertThat(failures).as("schema violations in %s", name).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleBundleItselfSatisfiesTheBundleSchema(String name) throws IOException {
        Path file = SharedMaterial.require("stix/examples/" + name);
        StixSchemas schemas = StixSchemas.requireOfficial();
        assertThat(schemas.validate(StixJson.MAPPER.readTree(file.toFile()))).isEmpty();
    }

    static List<StixObject> readAll(InputStream in) {
        List<StixObject> objects = new ArrayList<>();
        try (BundleReader reader = new BundleReader(in)) {
            for (BundleReader.Entry e = reader.next(); e != null; e = reader.next()) {
                objects.add(StixObject.of(e.json()));
            }
        }
        return objects;
    }

    private static void assertSameJson(List<StixObject> actual, List<JsonNode> expected, String what) {
        assertThat(actual).as(what).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(CanonicalJson.of(actual.get(i).json()))
                    .as("%s: object %d (%s)", what, i, actual.get(i).id())
                    .isEqualTo(CanonicalJson.of(expected.get(i)));
        }
    }
}
