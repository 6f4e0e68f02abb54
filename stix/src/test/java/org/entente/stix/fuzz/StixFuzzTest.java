package org.entente.stix.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.entente.stix.BundleReader;
import org.entente.stix.StixJson;
import org.entente.stix.StixParseException;
import org.entente.stix.pattern.InvalidPatternException;
import org.entente.stix.pattern.Observation;
import org.entente.stix.pattern.Observations;
import org.entente.stix.pattern.Pattern;
import org.entente.stix.pattern.PatternMatcher;
import org.entente.stix.pattern.PatternParser;
import org.entente.stix.pattern.PatternPrinter;
import org.entente.stix.validation.StixValidator;

import com.code_intelligence.jazzer.junit.FuzzTest;

import tools.jackson.databind.JsonNode;

/**
 * Fuzz targets of the STIX library (issue 10, acceptance 2). In a normal test run they replay their
 * seed corpora (src/test/resources/.../StixFuzzTestInputs/&lt;method&gt;/) and any crash inputs kept
 * there; with {@code JAZZER_FUZZ=1} Jazzer mutates them, coverage-guided (see .ci/run and
 * docs/benchmarks.md#fuzzing). A crash is any exception other than the documented refusal: the reader
 * refuses malformed JSON with {@link StixParseException}; the validator never throws, it reports; the
 * pattern parser refuses with {@link InvalidPatternException}.
 */
class StixFuzzTest {

    private static final StixValidator VALIDATOR = new StixValidator();
    private static final List<Observation> OBSERVED = Observations.fromBundle(StixJson.MAPPER.readTree("""
            {"type":"bundle","id":"bundle--6a4f3f52-9a59-4d5d-b7cc-4d5f2c2b4f7a","objects":[
             {"type":"observed-data","spec_version":"2.1","id":"observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf",
              "created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",
              "first_observed":"2026-01-01T00:00:00Z","last_observed":"2026-01-01T00:05:00Z","number_observed":3,
              "object_refs":["ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd","file--e277603e-1060-5ad4-9937-c26c97f1ca68",
                             "domain-name--3c10e93f-798e-5a26-a0c1-08156efab7f5"]},
             {"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd","value":"198.51.100.3"},
             {"type":"file","spec_version":"2.1","id":"file--e277603e-1060-5ad4-9937-c26c97f1ca68","name":"a.exe","size":4096,
              "hashes":{"SHA-256":"aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f"}},
             {"type":"domain-name","spec_version":"2.1","id":"domain-name--3c10e93f-798e-5a26-a0c1-08156efab7f5","value":"c2.example.test"}
            ]}"""), Instant.parse("2026-01-01T00:00:00Z"));

    /** Any bytes as a bundle: read, each object validated and parsed. */
    @FuzzTest(maxDuration = "30s")
    void bundleReaderAndValidator(byte[] input) {
        List<JsonNode> objects = new ArrayList<>();
        try (BundleReader reader = new BundleReader(new ByteArrayInputStream(input))) {
            BundleReader.Entry e;
            while ((e = reader.next()) != null) {
                var report = VALIDATOR.validate(e.json(), e.pointer());
                assertThat(report).isNotNull();
                if (report.valid()) {
                    objects.add(e.json());
                    org.entente.stix.StixObject.of(e.json());
                }
            }
        } catch (StixParseException refused) {
            // malformed input: the documented refusal
        }
        // Whatever was valid can be observed without a crash (the matcher's input side).
        Observations.fromObjects(objects, Instant.EPOCH);
    }

    /**
     * Any text (UTF-8, so seeds are plain files) as a pattern: refused with a position, or parsed; a parsed pattern prints to a
     * canonical form that parses again to the same canonical form, and matches without a crash.
     */
    @FuzzTest(maxDuration = "30s")
    void patternParserPrinterAndMatcher(byte[] input) {
        String text = new String(input, java.nio.charset.StandardCharsets.UTF_8);
        Pattern pattern;
        try {
            pattern = PatternParser.parse(text);
        } catch (InvalidPatternException refused) {
            return;
        }
        String canonical = PatternPrinter.print(pattern);
        assertThat(PatternPrinter.print(PatternParser.parse(canonical))).isEqualTo(canonical);
        PatternMatcher.match(pattern, OBSERVED);
    }
}
