package org.entente.stix.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.entente.stix.StixJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

/**
 * Real content must pass: every object of MITRE ATT&CK (Enterprise and ICS, with their x-mitre-* custom
 * objects and x_mitre_* custom properties) and of the 11 example bundles of the STIX 2.1 documentation
 * validates without a single error. Skipped when the shared reference material is absent (a fresh clone).
 */
class SharedCorpusTest {

    private final StixValidator validator = new StixValidator();

    /** Surefire sets entente.shared to an absolute path; by hand, tests run in stix/ next to ../shared. */
    static Path shared() {
        String configured = System.getProperty("entente.shared");
        return configured != null ? Path.of(configured) : Path.of("../../shared").toAbsolutePath().normalize();
    }

    private static JsonNode objectsOf(Path bundle) {
        assumeTrue(Files.isRegularFile(bundle), () -> bundle + " is not available");
        JsonNode root = StixJson.MAPPER.readTree(bundle.toFile());
        return root.get("objects");
    }

    /** "type id: violation" for every error of every object. */
    private List<String> errors(JsonNode objects) {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            JsonNode o = objects.get(i);
            for (Violation v : validator.validate(o, "/objects/" + i).errors()) {
                errors.add(o.path("id").asString() + ": " + v);
            }
        }
        return errors;
    }

    @Test
    void everyObjectOfAttackEnterpriseIsValid() {
        JsonNode objects = objectsOf(shared().resolve("datasets/attack/enterprise-attack-18.1.json"));

        assertThat(objects.size()).isEqualTo(24_771);
        assertThat(errors(objects)).isEmpty();
    }

    @Test
    void everyObjectOfAttackIcsIsValid() {
        JsonNode objects = objectsOf(shared().resolve("datasets/attack/ics-attack-18.1.json"));

        assertThat(objects.size()).isPositive();
        assertThat(errors(objects)).isEmpty();
    }

    static Stream<Path> exampleBundles() throws IOException {
        Path dir = shared().resolve("stix/examples");
        if (!Files.isDirectory(dir)) {
            return Stream.of(dir); // a single case that is then skipped
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleBundles")
    void everyObjectOfTheOfficialExamplesIsValid(Path bundle) {
        JsonNode objects = objectsOf(bundle);

        assertThat(objects.size()).isPositive();
        assertThat(errors(objects)).isEmpty();
    }

    @Test
    void thereAreElevenOfficialExampleBundles() throws IOException {
        assumeTrue(Files.isDirectory(shared().resolve("stix/examples")));

        assertThat(exampleBundles()).hasSize(11);
    }

    /**
     * Validation must cost well under parsing. Prints the medians; asserts only a generous bound, as
     * timings on a shared machine vary.
     */
    @Test
    void validatingAttackEnterpriseCostsLessThanParsingIt() {
        Path file = shared().resolve("datasets/attack/enterprise-attack-18.1.json");
        JsonNode objects = objectsOf(file);
        long[] validate = new long[15];
        for (int round = 0; round < validate.length; round++) {
            long start = System.nanoTime();
            int violations = 0;
            for (int i = 0; i < objects.size(); i++) {
                violations += validator.validate(objects.get(i), "/objects/" + i).violations().size();
            }
            validate[round] = System.nanoTime() - start;
            assertThat(violations).isZero();
        }
        long[] parse = new long[5];
        for (int round = 0; round < parse.length; round++) {
            long start = System.nanoTime();
            StixJson.MAPPER.readTree(file.toFile());
            parse[round] = System.nanoTime() - start;
        }
        double validateMs = median(Arrays.copyOfRange(validate, 5, validate.length)) / 1e6;
        double parseMs = median(parse) / 1e6;
        System.out.printf("ATT&CK Enterprise, %d objects: validation %.0f ms, parsing %.0f ms (medians)%n",
                objects.size(), validateMs, parseMs);

        assertThat(validateMs).isLessThan(Math.max(1_000, 2 * parseMs));
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
