package org.entente.stix.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import org.entente.stix.StixJson;
import org.entente.stix.StixTypes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The schema checker itself: it must catch real violations, not only pass good data. */
class StixSchemasTest {

    private StixSchemas schemas;

    @BeforeEach
    void load() {
        schemas = StixSchemas.requireOfficial();
    }

    static ObjectNode json(String text) {
        return (ObjectNode) StixJson.MAPPER.readTree(text);
    }

    static ObjectNode attackPattern() {
        return json("""
                {"type": "attack-pattern", "spec_version": "2.1",
                 "id": "attack-pattern--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
                 "created": "2016-05-12T08:17:27.000Z", "modified": "2016-05-12T08:17:27.000Z",
                 "name": "Spear Phishing",
                 "external_references": [{"source_name": "capec", "external_id": "CAPEC-163"}],
                 "kill_chain_phases": [{"kill_chain_name": "mandiant-attack-lifecycle-model",
                                        "phase_name": "initial-compromise"}]}""");
    }

    static ObjectNode customObject() {
        return json("""
                {"type": "x-acme-widget", "spec_version": "2.1",
                 "id": "x-acme-widget--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
                 "created": "2016-05-12T08:17:27.000Z", "modified": "2016-05-12T08:17:27.000Z",
                 "x_acme_size": 1.10, "x_acme_parts": ["a", "b"]}""");
    }

    @Test
    void hasASchemaForEveryTypeStixDefinesAndForBundles() {
        Set<String> expected = new HashSet<>();
        expected.addAll(StixTypes.DOMAIN_OBJECTS);
        expected.addAll(StixTypes.RELATIONSHIP_OBJECTS);
        expected.addAll(StixTypes.OBSERVABLE_OBJECTS);
        expected.addAll(List.of("marking-definition", "language-content", "extension-definition", "bundle"));

        assertThat(schemas.typesWithSchema()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aWellFormedAttackPatternIsValid() {
        assertThat(schemas.validate(attackPattern())).isEmpty();
        assertThat(schemas.isValid(attackPattern())).isTrue();
    }

    @Test
    void reportsAMissingRequiredProperty() {
        ObjectNode o = attackPattern();
        o.remove("name");

        assertThat(schemas.validate(o)).singleElement().asString().startsWith("(object): ").contains("name");
    }

    @Test
    void reportsCreatedWithoutMillisecondPrecision() {
        ObjectNode o = attackPattern();
        o.put("created", "2016-05-12T08:17:27Z");

        assertThat(schemas.validate(o)).singleElement().asString().startsWith("/created: ");
    }

    @Test
    void reportsAnIdOfAnotherType() {
        ObjectNode o = attackPattern();
        o.put("id", "malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061");

        assertThat(schemas.validate(o)).isNotEmpty().allSatisfy(m -> assertThat(m).startsWith("/id: "));
    }

    @Test
    void reportsAnIdWhoseUuidIsNotRfc4122() {
        ObjectNode o = attackPattern();
        o.put("id", "attack-pattern--00000000-0000-0000-0000-000000000000");

        assertThat(schemas.validate(o)).isNotEmpty().allSatisfy(m -> assertThat(m).startsWith("/id: "));
    }

    @Test
    void reportsPropertyNamesThatAreNotLowerCase() {
        ObjectNode o = attackPattern();
        o.put("X_Custom", "value");

        assertThat(schemas.validate(o)).singleElement().asString().contains("X_Custom");
    }

    @Test
    void reportsViolationsInsideNestedStructures() {
        ObjectNode o = attackPattern();
        ((ObjectNode) o.get("external_references").get(0)).remove("source_name");
        ((ObjectNode) o.get("kill_chain_phases").get(0)).remove("phase_name");

        assertThat(schemas.validate(o))
                .anySatisfy(m -> assertThat(m).startsWith("/external_references/0"))
                .anySatisfy(m -> assertThat(m).startsWith("/kill_chain_phases/0"));
    }

    @Test
    void checksCustomObjectsAgainstTheCoreSchemaOnly() {
        assertThat(schemas.validate(customObject())).isEmpty();

        ObjectNode noModified = customObject();
        noModified.remove("modified");
        assertThat(schemas.validate(noModified)).singleElement().asString().contains("modified");

        ObjectNode reserved = customObject();
        reserved.put("severity", "high"); // reserved property name (section 3.1 / core schema)
        assertThat(schemas.validate(reserved)).isNotEmpty();
    }

    @Test
    void checksCyberObservablesAgainstTheirOwnSchema() {
        ObjectNode ip = json("""
                {"type": "ipv4-addr", "spec_version": "2.1",
                 "id": "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd", "value": "198.51.100.3"}""");
        assertThat(schemas.validate(ip)).isEmpty();

        ip.put("value", 3325256707L);
        assertThat(schemas.validate(ip)).isNotEmpty().allSatisfy(m -> assertThat(m).startsWith("/value: "));
    }

    @Test
    void checksMarkingDefinitions() {
        ObjectNode tlp = json("""
                {"type": "marking-definition", "spec_version": "2.1",
                 "id": "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
                 "created": "2017-01-20T00:00:00.000Z", "definition_type": "tlp",
                 "name": "TLP:WHITE", "definition": {"tlp": "white"}}""");
        assertThat(schemas.validate(tlp)).isEmpty();

        ObjectNode statement = json("""
                {"type": "marking-definition", "spec_version": "2.1",
                 "id": "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
                 "created": "2017-01-20T00:00:00.000Z", "definition_type": "statement"}""");
        assertThat(schemas.validate(statement)).as("statement marking without its definition").isNotEmpty();
    }

    @Test
    void checksLocationsIncludingTheirRegion() {
        ObjectNode location = json("""
                {"type": "location", "spec_version": "2.1",
                 "id": "location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64",
                 "created": "2016-04-06T20:03:00.000Z", "modified": "2016-04-06T20:03:00.000Z",
                 "region": "northern-america"}""");
        assertThat(schemas.validate(location)).isEmpty();

        location.put("latitude", 91);
        assertThat(schemas.validate(location)).isNotEmpty();
    }

    @Test
    void checksBundlesAndRejectsAnEmptyObjectsList() {
        ObjectNode bundle = json("""
                {"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d"}""");
        assertThat(schemas.validate(bundle)).isEmpty();

        bundle.putArray("objects");
        assertThat(schemas.validate(bundle)).singleElement().asString().startsWith("/objects: ");

        bundle.withArray("objects").add(attackPattern());
        assertThat(schemas.validate(bundle)).isEmpty();
    }

    @Test
    void reportsInputThatIsNotATypedObject() {
        assertThat(schemas.validate(StixJson.MAPPER.readTree("[1]"))).singleElement().asString().startsWith("(object)");
        assertThat(schemas.validate(json("{\"id\": \"x\"}"))).singleElement().asString().contains("type");
        assertThat(schemas.validate(json("{\"type\": 42}"))).singleElement().asString().contains("type");
        assertThat(schemas.validate(null)).isNotEmpty();
    }

    @Test
    void isSafeToShareBetweenThreads() {
        ObjectNode invalid = attackPattern();
        invalid.remove("name");
        List<JsonNode> objects = IntStream.range(0, 2000)
                .mapToObj(i -> (JsonNode) (i % 2 == 0 ? attackPattern() : invalid.deepCopy()))
                .toList();

        List<Boolean> valid = objects.parallelStream().map(schemas::isValid).toList();

        assertThat(valid).containsExactlyElementsOf(IntStream.range(0, 2000).mapToObj(i -> i % 2 == 0).toList());
    }

    @Test
    void repairsTheMergedValuesOfTheLocationRegionVocabulary() throws IOException {
        Path file = SharedMaterial.require("stix/schemas/sdos/location.json");
        ObjectNode location = json(Files.readString(file));
        List<String> before = strings(location.at("/definitions/region-ov/enum"));
        assertThat(before).as("the defect this repair is for").contains("central-america northern-america");

        StixSchemas.repairLocationRegionEnum(location);

        // Section 10.21, region-ov.
        assertThat(strings(location.at("/definitions/region-ov/enum"))).containsExactlyInAnyOrder(
                "africa", "eastern-africa", "middle-africa", "northern-africa", "southern-africa", "western-africa",
                "americas", "caribbean", "central-america", "latin-america-caribbean", "northern-america",
                "south-america",
                "asia", "central-asia", "eastern-asia", "southern-asia", "south-eastern-asia", "western-asia",
                "europe", "eastern-europe", "northern-europe", "southern-europe", "western-europe",
                "oceania", "antarctica", "australia-new-zealand", "melanesia", "micronesia", "polynesia");
    }

    @Test
    void refusesADirectoryWithoutTheCoreSchema(@TempDir Path empty) throws Exception {
        Files.writeString(empty.resolve("unrelated.json"), "{\"$id\": \"urn:x\"}");

        assertThatThrownBy(() -> StixSchemas.load(empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("core.json");
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::stringValue).toList();
    }
}
