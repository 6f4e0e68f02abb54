package org.entente.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import org.entente.stix.StixJson;
import org.entente.stix.conformance.SharedMaterial;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Every pattern the STIX 2.1 specification shows parses, and prints back to a pattern that parses to
 * the same tree. The patterns are extracted from the specification text itself (../shared), not copied:
 * every {@code "pattern"} value of a JSON example anywhere in the document, every fenced code block of
 * chapter 9 that is a pattern, every {@code <code>} example of chapter 9's tables, and the comparison
 * expressions those tables and section 9.6.4 give without brackets (checked inside brackets). Also every
 * STIX indicator pattern in the shared example bundles and ATT&amp;CK datasets.
 */
class PatternSpecExamplesTest {

    /**
     * Examples in chapter 9 that illustrate structure with placeholders and so are not valid patterns,
     * each with the part of our error that says why. The test fails if one of them is no longer in the
     * specification text, so the list cannot silently hide anything else.
     */
    private static final Map<String, String> ILLUSTRATIONS = Map.of(
            "[(type-a:property-j = 'W' AND type-a:property-k = 'X') OR (type-b:property-m = 'Y' AND type-b:property-n = 'Z')]",
            "property name property-j contains '-' and must be quoted",
            "[type-a:property-j = 'W' AND type-a:property-k = 'X' OR type-a:property-l = 'Z']",
            "property name property-j contains '-' and must be quoted",
            "([ a ] AND [ b ] REPEATS 5 TIMES) WITHIN 5 MINUTES", "expected ':' after 'a' but found ']'",
            "([ a ] AND [ b ]) REPEATS 5 TIMES WITHIN 5 MINUTES", "expected ':' after 'a' but found ']'",
            "[ b ] FOLLOWEDBY [ c ] REPEATS 5 TIMES", "expected ':' after 'b' but found ']'",
            "[ a = 'b' ] FOLLOWEDBY [ c = 'd' ] REPEATS 5 TIMES", "expected ':' after 'a' but found '='",
            "([ a = 'b' ] FOLLOWEDBY [ c = 'd' ]) REPEATS 5 TIMES", "expected ':' after 'a' but found '='");

    private static final java.util.regex.Pattern JSON_PATTERN =
            java.util.regex.Pattern.compile("\"pattern\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\")");
    private static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("<code>(.*?)</code>", java.util.regex.Pattern.DOTALL);
    private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile("\"([^\"]+)\"");
    private static final java.util.regex.Pattern COMPARISON = java.util.regex.Pattern.compile(
            "^EXISTS |^[a-z0-9-]+:\\S+ (NOT )?(=|!=|<|<=|>|>=|IN|LIKE|MATCHES|ISSUBSET|ISSUPERSET) ");

    record Examples(Set<String> patterns, Set<String> comparisons) {
    }

    static Examples fromSpecification() throws IOException {
        String spec = Files.readString(SharedMaterial.require("specs/stix-v2.1.md"));
        Set<String> patterns = new LinkedHashSet<>();
        Set<String> comparisons = new LinkedHashSet<>();

        Matcher json = JSON_PATTERN.matcher(spec);
        while (json.find()) {
            patterns.add(StixJson.MAPPER.readTree(json.group(1)).asString());
        }

        int from = spec.indexOf("\n# 9. STIX Patterning");
        int to = spec.indexOf("\n# 10. ", from);
        assertThat(from).as("chapter 9 found").isPositive();
        String chapter = spec.substring(from, to);

        String[] fences = chapter.split("```", -1);
        for (int i = 1; i < fences.length; i += 2) {
            String block = fences[i];
            if (block.startsWith("JSON") || block.startsWith("json")) {
                continue;
            }
            String text = block.strip();
            if (text.startsWith("[") || text.startsWith("(")) {
                patterns.add(text);
            } else if (text.startsWith("\"")) {
                // Section 9.6.4 quotes comparison expressions: "artifact:payload_bin = 'this is a test'", ...
                Matcher q = QUOTED.matcher(text);
                while (q.find()) {
                    comparisons.add(q.group(1));
                }
            }
        }

        Matcher code = CODE.matcher(chapter);
        while (code.find()) {
            String text = unescapeHtml(code.group(1)).strip();
            if (text.startsWith("[") || text.startsWith("(")) {
                patterns.add(text);
            } else if (COMPARISON.matcher(text).find()) {
                comparisons.add(text);
            }
        }
        return new Examples(patterns, comparisons);
    }

    private static String unescapeHtml(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("…​", "…").replace("&amp;", "&");
    }

    @Test
    void everyPatternInTheSpecificationParsesAndRoundTrips() throws IOException {
        Examples examples = fromSpecification();
        assertThat(examples.patterns()).as("patterns found in the specification").hasSizeGreaterThanOrEqualTo(40);
        assertThat(examples.patterns()).containsAll(ILLUSTRATIONS.keySet());

        List<String> failures = new ArrayList<>();
        int parsed = 0;
        for (String text : examples.patterns()) {
            if (ILLUSTRATIONS.containsKey(text)) {
                continue;
            }
            try {
                Pattern p = PatternParser.parse(text);
                assertThat(PatternParser.parse(PatternPrinter.print(p))).as(text).isEqualTo(p);
                parsed++;
            } catch (InvalidPatternException e) {
                failures.add(text + "\n    " + e.getMessage());
            }
        }
        assertThat(failures).as("specification patterns rejected").isEmpty();
        assertThat(parsed).isGreaterThanOrEqualTo(33);
    }

    @Test
    void everyComparisonExampleOfChapter9ParsesInsideBrackets() throws IOException {
        Examples examples = fromSpecification();
        // The operator tables (=, !=, >, <, <=, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET, EXISTS), the
        // definitions table and section 9.6.4's payload_bin comparisons.
        assertThat(examples.comparisons()).hasSizeGreaterThanOrEqualTo(15)
                .contains("EXISTS windows-registry-key:values", "artifact:payload_bin = 'this is a test'",
                        "process:name IN ('proccy', 'proximus', 'badproc')");
        for (String comparison : examples.comparisons()) {
            Pattern p = PatternParser.parse("[" + comparison + "]");
            assertThat(PatternParser.parse(PatternPrinter.print(p))).as(comparison).isEqualTo(p);
        }
    }

    @Test
    void theSpecificationsIllustrationsWithPlaceholdersAreRejectedForTheReasonGiven() {
        ILLUSTRATIONS.forEach((text, reason) -> assertThatThrownBy(() -> PatternParser.parse(text))
                .as(text).isInstanceOf(InvalidPatternException.class).hasMessageContaining(reason));
    }

    @Test
    void everyIndicatorPatternInTheSharedBundlesParses() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> examples = Files.list(SharedMaterial.require("stix/examples"))) {
            examples.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
        }
        SharedMaterial.find("datasets/attack").ifPresent(dir -> {
            try (Stream<Path> attack = Files.list(dir)) {
                attack.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        int indicators = 0;
        List<String> failures = new ArrayList<>();
        for (Path file : files) {
            String text = Files.readString(file);
            if (!text.contains("\"pattern_type\"")) {
                continue; // ATT&CK 18.1 has no indicators; no need to build its 35 MB tree
            }
            for (JsonNode o : StixJson.MAPPER.readTree(text).path("objects")) {
                if (o.path("type").asString().equals("indicator") && o.path("pattern_type").asString().equals("stix")) {
                    indicators++;
                    String pattern = o.path("pattern").asString();
                    try {
                        Pattern p = PatternParser.parse(pattern);
                        assertThat(PatternParser.parse(PatternPrinter.print(p))).isEqualTo(p);
                    } catch (InvalidPatternException e) {
                        failures.add(file.getFileName() + " " + o.path("id").asString() + ": " + e.getMessage());
                    }
                }
            }
        }
        assertThat(indicators).as("indicators in the shared bundles").isGreaterThanOrEqualTo(10);
        assertThat(failures).isEmpty();
    }
}
