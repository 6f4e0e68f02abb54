package org.entente.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.entente.stix.BundleReader;
import org.entente.stix.conformance.SharedMaterial;
import org.entente.stix.conformance.StixSchemas;
import org.entente.support.RunningNode;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Issue 2 acceptance on the real material in ../shared (skipped when it is absent, as in a user's
 * fresh clone): ATT&amp;CK Enterprise and the official STIX examples go in, come back out unchanged,
 * and every exported object validates against the official STIX 2.1 JSON schemas.
 */
class SharedBundlesAcceptanceTest extends RunningNode {

    @Test
    void attackEnterpriseImportsOnceThenIsAlreadyPresentAndExportsUnchanged() throws IOException {
        Path attack = SharedMaterial.require("datasets/attack/enterprise-attack-18.1.json");
        StixSchemas schemas = StixSchemas.requireOfficial();

        JsonNode first = json(postFile(attack).body());
        JsonNode second = json(postFile(attack).body());

        assertThat(first.path("stored").asLong()).isEqualTo(24_771);
        assertThat(first.path("rejected").size()).isZero();
        assertThat(second.path("stored").asLong()).isZero();
        assertThat(second.path("alreadyPresent").asLong()).isEqualTo(24_771);

        Map<String, JsonNode> given = read(Files.newInputStream(attack));
        Map<String, JsonNode> exported = new HashMap<>();
        try (InputStream export = exportStream()) {
            for (var e : read(export).entrySet()) {
                if (given.containsKey(e.getKey())) {
                    exported.put(e.getKey(), e.getValue());
                }
            }
        }
        assertThat(exported).hasSameSizeAs(given);
        List<String> different = given.keySet().stream().filter(k -> !given.get(k).equals(exported.get(k))).limit(5).toList();
        assertThat(different).as("objects changed by the round trip").isEmpty();
        List<String> schemaViolations = new ArrayList<>();
        exported.values().forEach(o -> schemaViolations.addAll(schemas.validate(o).stream()
                .map(m -> o.path("id").asString() + " " + m).toList()));
        assertThat(schemaViolations).isEmpty();
    }

    @Test
    void everyOfficialExampleBundleRoundTripsThroughTheNodeAndValidates() throws IOException {
        Path examples = SharedMaterial.require("stix/examples");
        StixSchemas schemas = StixSchemas.requireOfficial();
        List<Path> files;
        try (Stream<Path> list = Files.list(examples)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSize(11);
        for (Path file : files) {
            JsonNode summary = json(postFile(file).body());
            assertThat(summary.path("rejected").size()).as(file.getFileName() + ": " + summary).isZero();
            Map<String, JsonNode> given = read(Files.newInputStream(file));
            for (var e : given.entrySet()) {
                JsonNode original = e.getValue();
                String version = original.path("modified").asString(original.path("created").asString(null));
                String query = version == null ? "" : "?version=" + version;
                HttpResponse<String> stored = get("/api/v1/objects/" + original.path("id").asString() + query);
                assertThat(stored.statusCode()).as(e.getKey()).isEqualTo(200);
                assertThat(json(stored.body())).as(file.getFileName() + " " + e.getKey()).isEqualTo(original);
                assertThat(schemas.validate(json(stored.body()))).as(e.getKey()).isEmpty();
            }
        }
    }

    /** Objects keyed by id and version. */
    private static Map<String, JsonNode> read(InputStream in) {
        Map<String, JsonNode> out = new HashMap<>();
        try (BundleReader reader = new BundleReader(in)) {
            BundleReader.Entry e;
            while ((e = reader.next()) != null) {
                JsonNode o = e.json();
                out.put(o.path("id").asString() + "@" + o.path("modified").asString(o.path("created").asString("")), o);
            }
        }
        return out;
    }

    private HttpResponse<String> postFile(Path file) throws IOException {
        return send(HttpRequest.newBuilder(uri("/api/v1/objects")).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/stix+json").POST(HttpRequest.BodyPublishers.ofFile(file)));
    }

    private InputStream exportStream() throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(uri("/api/v1/export")).header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream()).body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
