package org.entente.stix.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.stix.validation.Fixtures.parse;
import static org.entente.stix.validation.Fixtures.valid;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import org.entente.stix.StixTypes;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Valid content is accepted: every type STIX 2.1 defines, custom objects and properties, extensions. */
class ValidObjectsTest {

    private final StixValidator validator = new StixValidator();

    static Stream<Named<String>> everyDefinedType() {
        return Fixtures.VALID.keySet().stream().map(type -> Named.of("a valid " + type, type));
    }

    @ParameterizedTest(name = "{0} passes without any violation")
    @MethodSource("everyDefinedType")
    void validObjectOfEveryTypePasses(String type) {
        ValidationReport report = validator.validate(valid(type));

        assertThat(report.violations()).isEmpty();
        assertThat(report.valid()).isTrue();
    }

    @Test
    void thereIsAValidExampleOfEveryTypeTheSpecificationDefines() {
        Set<String> defined = new HashSet<>();
        defined.addAll(StixTypes.DOMAIN_OBJECTS);
        defined.addAll(StixTypes.RELATIONSHIP_OBJECTS);
        defined.addAll(StixTypes.OBSERVABLE_OBJECTS);
        defined.addAll(Set.of("marking-definition", "language-content", "extension-definition"));

        assertThat(Fixtures.VALID.keySet()).containsExactlyInAnyOrderElementsOf(defined);
    }

    private void assertClean(JsonNode object) {
        assertThat(validator.validate(object).violations()).isEmpty();
    }

    @Nested
    class Markings {

        @Test
        void theStandardTlpGreenMarkingIsValid() {
            assertClean(parse(Fixtures.TLP_GREEN));
        }

        @Test
        void aTlp2MarkingDefinedThroughItsExtensionIsValid() {
            assertClean(parse(Fixtures.TLP2_AMBER_STRICT));
        }

        @Test
        void aMarkingDefinedOnlyByAnExtensionNeedsNoDefinitionType() {
            assertClean(parse("""
                    {"type": "marking-definition", "spec_version": "2.1",
                     "id": "marking-definition--7adc34dc-f5c7-4b7c-a7da-28fc4dd716cc",
                     "created": "2016-08-01T00:00:00.000Z",
                     "extensions": {"extension-definition--9ef47f81-1443-4632-8497-8b2878f8ac21":
                                    {"extension_type": "property-extension",
                                     "additional_marking_prop": "if this data is leaked then the world will end"}}}
                    """));
        }

        @Test
        void granularLanguageMarkingsMaySelectNestedContent() {
            assertClean(valid("indicator", o -> o.putArray("granular_markings").addObject()
                    .put("lang", "de").putArray("selectors").add("external_references.[0].description")));
        }
    }

    @Nested
    class CustomContent {

        @Test
        void anAttackTacticIsAcceptedAsACustomObject() {
            assertClean(parse("""
                    {"type": "x-mitre-tactic", "spec_version": "2.1",
                     "id": "x-mitre-tactic--78b23412-0651-46d7-a540-170a1ce8bd5a",
                     "created": "2018-10-17T00:14:20.652Z", "modified": "2019-07-19T17:44:53.176Z",
                     "created_by_ref": "identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5",
                     "name": "Execution", "description": "The adversary is trying to run malicious code.",
                     "x_mitre_shortname": "execution", "x_mitre_version": "1.0",
                     "x_mitre_domains": ["enterprise-attack"],
                     "external_references": [{"external_id": "TA0002", "source_name": "mitre-attack",
                                              "url": "https://attack.mitre.org/tactics/TA0002"}],
                     "object_marking_refs": ["marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168"]}
                    """));
        }

        @Test
        void customPropertiesOfAnyShapeAreAcceptedOnDefinedTypes() {
            assertClean(valid("indicator", o -> {
                o.put("x_acme_org_risk_score", 10);
                o.putObject("x_acme_org_scoring").put("impact", "high").put("PROBABILITY", "low");
                o.putArray("x_mitre_platforms").add("Windows");
                o.put("x_mitre_data_source_ref", "");
                o.put("rank", 1); // a top-level property extension's property
            }));
        }

        @Test
        void aNewSdoDefinedByAnExtensionIsValid() {
            assertClean(parse("""
                    {"type": "my-favorite-sdo", "spec_version": "2.1",
                     "id": "my-favorite-sdo--64b8f076-a336-4d08-a0a3-fa6bd4ccc7c6",
                     "created": "2014-02-20T09:16:08.989000Z", "modified": "2014-02-20T09:16:08.989000Z",
                     "name": "This is the name of my favorite", "some_property_name1": "value1",
                     "extensions": {"extension-definition--04b2d3ef-d061-4912-ab77-6bbe807a5bd5":
                                    {"extension_type": "new-sdo"}}}
                    """));
        }

        @Test
        void aNewSdoMustHaveTheCommonPropertiesOfAnSdo() {
            ValidationReport report = validator.validate(parse("""
                    {"type": "my-favorite-sdo", "spec_version": "2.1",
                     "id": "my-favorite-sdo--64b8f076-a336-4d08-a0a3-fa6bd4ccc7c6",
                     "name": "This is the name of my favorite",
                     "extensions": {"extension-definition--04b2d3ef-d061-4912-ab77-6bbe807a5bd5":
                                    {"extension_type": "new-sdo"}}}
                    """));

            assertThat(report.errors()).extracting(Violation::pointer).containsExactlyInAnyOrder("/created", "/modified");
        }

        @Test
        void aNewScoNeedsNeitherSpecVersionNorTimestamps() {
            assertClean(parse("""
                    {"type": "my-favorite-sco", "id": "my-favorite-sco--f9dbe89c-0030-4a9d-8b78-0dcd0a0de874",
                     "name": "This is the name of my favorite SCO", "some_network_protocol_field": "value",
                     "extensions": {"extension-definition--c5333451-c08c-4c48-be5e-9ad4c947776a":
                                    {"extension_type": "new-sco"}}}
                    """));
        }

        @Test
        void propertyAndTopLevelExtensionsOnAnIndicatorAreValid() {
            assertClean(valid("indicator", o -> {
                ObjectNode ext = o.putObject("extensions");
                ext.putObject("extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e")
                        .put("extension_type", "property-extension").put("rank", 5).put("toxicity", 8);
                ext.putObject("extension-definition--71736db5-10db-43d3-b0e3-65cf81601fe1")
                        .put("extension_type", "toplevel-property-extension");
                o.put("toxicity", 2);
            }));
        }

        @Test
        void aCustomExtensionOnAnScoIsAcceptedWhenNamedLikeOne() {
            assertClean(parse("""
                    {"type": "file", "spec_version": "2.1", "id": "file--7d1e3a18-89e7-5bc5-be36-9879f5b7f5c8",
                     "hashes": {"SHA-256": "841a8921140aba50671ebb0770fecc4ee308c4952cfeff8de154ab14eeef4649"},
                     "name": "quêry.dll", "name_enc": "windows-1252"}
                    """));
            ValidationReport withCustomExtension = validator.validate(parse("""
                    {"type": "file", "spec_version": "2.1", "id": "file--6a7d4b1e-0e5f-4d0a-9c3b-2f1e8d7c6b5a",
                     "name": "foo.txt", "extensions": {"x-example-com-foo-ext": {"foo_val": "foo"}}}
                    """));
            assertThat(withCustomExtension.valid()).isTrue();
        }
    }

    @Nested
    class WarningsNotErrors {

        private ValidationReport assertOnlyWarnings(JsonNode object, Rule rule, String pointer) {
            ValidationReport report = validator.validate(object);
            assertThat(report.valid()).isTrue();
            assertThat(report.errors()).isEmpty();
            assertThat(report.warnings()).extracting(v -> v.rule().code() + " at " + v.pointer())
                    .containsExactly(rule.code() + " at " + pointer);
            return report;
        }

        @Test
        void anIndicatorTypeOutsideTheOpenVocabularyIsAWarning() {
            assertOnlyWarnings(valid("indicator", o -> o.putArray("indicator_types").add("suspicious-dns")),
                    Rule.VOCABULARY, "/indicator_types/0");
        }

        @Test
        void aPatternTypeOutsideTheOpenVocabularyIsAWarning() {
            assertOnlyWarnings(valid("indicator", o -> o.put("pattern_type", "kql")), Rule.VOCABULARY, "/pattern_type");
        }

        @Test
        void anIdentityClassOutsideTheOpenVocabularyIsAWarning() {
            assertOnlyWarnings(valid("identity", o -> o.put("identity_class", "spy-agency")),
                    Rule.VOCABULARY, "/identity_class");
        }

        @Test
        void aRegionOutsideTheOpenVocabularyIsAWarning() {
            assertOnlyWarnings(valid("location", o -> o.put("region", "middle-earth")), Rule.VOCABULARY, "/region");
        }

        @Test
        void aMisspelledHashAlgorithmIsAWarningWithASuggestion() {
            ValidationReport report = assertOnlyWarnings(valid("indicator", o -> ((ObjectNode) o
                    .get("external_references").get(0)).putObject("hashes").put("sha256", "abc")),
                    Rule.VOCABULARY, "/external_references/0/hashes/sha256");
            assertThat(report.warnings().get(0).message()).contains("SHA-256");
        }

        @Test
        void aCustomHashAlgorithmIsAccepted() {
            assertClean(valid("indicator", o -> ((ObjectNode) o.get("external_references").get(0).get("hashes"))
                    .put("x_foo_hash", "aaaabbbbccccddddeeeeffff0123457890")));
        }

        @Test
        void aKillChainPhaseWithCapitalsAndSpacesIsAWarning() {
            assertOnlyWarnings(valid("indicator", o -> o.putArray("kill_chain_phases").addObject()
                            .put("kill_chain_name", "mitre-attack").put("phase_name", "Initial Access")),
                    Rule.KILL_CHAIN_PHASE, "/kill_chain_phases/0/phase_name");
        }

        @Test
        void anScoWhoseIdIsNotTheDeterministicOneIsAWarning() {
            assertOnlyWarnings(valid("ipv4-addr", o -> o.put("id", "ipv4-addr--6a7d4b1e-0e5f-4d0a-9c3b-2f1e8d7c6b5a")),
                    Rule.SCO_DETERMINISTIC_ID, "/id");
        }

        @Test
        void anSdoWithAUuidVersion1IsAWarning() {
            assertOnlyWarnings(valid("tool", o -> o.put("id", "tool--6a7d4b1e-0e5f-1d0a-9c3b-2f1e8d7c6b5a")),
                    Rule.IDENTIFIER_VERSION, "/id");
        }

        @Test
        void theDeprecatedObservableContainerIsAWarning() {
            assertOnlyWarnings(valid("observed-data", o -> {
                o.remove("object_refs");
                o.putObject("objects").putObject("0").put("type", "ipv4-addr").put("value", "198.51.100.3");
            }), Rule.DEPRECATED, "/objects");
        }

        @Test
        void anExtensionKeyThatIsNeitherADefinitionNorPredefinedIsAWarningOnAnSdo() {
            assertOnlyWarnings(valid("indicator", o -> o.putObject("extensions").putObject("x-acme-ext")
                    .put("x_rank", 5)), Rule.EXTENSION, "/extensions/x-acme-ext");
        }
    }
}
