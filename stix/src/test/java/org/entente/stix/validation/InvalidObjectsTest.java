package org.entente.stix.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.stix.validation.Fixtures.parse;
import static org.entente.stix.validation.Fixtures.valid;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Valid objects with one thing changed, each breaking one MUST of the specification: the validator
 * must refuse each with exactly the expected rule at exactly the expected JSON pointer.
 */
class InvalidObjectsTest {

    private final StixValidator validator = new StixValidator();

    /** One invalid object and the errors (rule code and pointer) it must produce, nothing more. */
    record Case(Supplier<JsonNode> object, List<String> expected) {
    }

    private static Named<Case> invalid(String name, Supplier<JsonNode> object, Object... ruleAndPointer) {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < ruleAndPointer.length; i += 2) {
            expected.add(((Rule) ruleAndPointer[i]).code() + " at " + ruleAndPointer[i + 1]);
        }
        return Named.of(name, new Case(object, expected));
    }

    private static final String LOCATION = "location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64";
    private static final String EXTENSION = "extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e";
    private static final String TLP2 = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

    static Stream<Named<Case>> cases() {
        return Stream.of(
                // ------------------------------------------------------------ common properties
                invalid("an indicator without a type",
                        () -> valid("indicator", o -> o.remove("type")), Rule.REQUIRED_PROPERTY, "/type"),
                invalid("an indicator without an id",
                        () -> valid("indicator", o -> o.remove("id")), Rule.REQUIRED_PROPERTY, "/id"),
                invalid("an indicator without spec_version",
                        () -> valid("indicator", o -> o.remove("spec_version")), Rule.REQUIRED_PROPERTY, "/spec_version"),
                invalid("an indicator without created",
                        () -> valid("indicator", o -> o.remove("created")), Rule.REQUIRED_PROPERTY, "/created"),
                invalid("an indicator without modified",
                        () -> valid("indicator", o -> o.remove("modified")), Rule.REQUIRED_PROPERTY, "/modified"),
                invalid("an indicator whose id is not type--UUID",
                        () -> valid("indicator", o -> o.put("id", "indicator--1234")), Rule.IDENTIFIER_FORMAT, "/id"),
                invalid("an indicator whose id says it is a malware",
                        () -> valid("indicator", o -> o.put("id", "malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f")),
                        Rule.IDENTIFIER_TYPE_MISMATCH, "/id"),
                invalid("an indicator whose UUID has the NCS variant instead of RFC 4122's",
                        () -> valid("indicator", o -> o.put("id", "indicator--8e2e2d2b-17d4-4cbf-738f-98ee46b3cd3f")),
                        Rule.IDENTIFIER_FORMAT, "/id"),
                invalid("a created timestamp without the Z",
                        () -> valid("indicator", o -> {
                            o.put("created", "2016-04-06T20:03:48.000");
                            o.put("modified", "2016-04-06T20:03:48.000Z");
                        }), Rule.TIMESTAMP_FORMAT, "/created"),
                invalid("a modified timestamp with a +02:00 offset",
                        () -> valid("indicator", o -> o.put("modified", "2016-04-06T22:03:48.000+02:00")),
                        Rule.TIMESTAMP_FORMAT, "/modified"),
                invalid("a valid_from on the 30th of February",
                        () -> valid("indicator", o -> o.put("valid_from", "2016-02-30T00:00:00Z")),
                        Rule.TIMESTAMP_FORMAT, "/valid_from"),
                invalid("a created timestamp precise only to the second",
                        () -> valid("indicator", o -> {
                            o.put("created", "2016-04-06T20:03:48Z");
                        }), Rule.TIMESTAMP_PRECISION, "/created"),
                invalid("an indicator modified before it was created",
                        () -> valid("indicator", o -> o.put("modified", "2016-04-06T20:03:47.999Z")),
                        Rule.MODIFIED_BEFORE_CREATED, "/modified"),
                invalid("an indicator claiming spec_version 2.0",
                        () -> valid("indicator", o -> o.put("spec_version", "2.0")), Rule.SPEC_VERSION, "/spec_version"),
                invalid("an indicator created by a malware",
                        () -> valid("indicator", o -> o.put("created_by_ref",
                                "malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061")), Rule.REFERENCE_TYPE, "/created_by_ref"),
                invalid("an indicator marked with an indicator instead of a marking definition",
                        () -> valid("indicator", o -> o.putArray("object_marking_refs")
                                .add("indicator--26ffb872-1dd9-446e-b6f5-d58527e5b5d2")),
                        Rule.REFERENCE_TYPE, "/object_marking_refs/0"),
                invalid("an indicator with an empty labels list",
                        () -> valid("indicator", o -> o.putArray("labels")), Rule.EMPTY_LIST, "/labels"),
                invalid("an indicator with a confidence of 101",
                        () -> valid("indicator", o -> o.put("confidence", 101)), Rule.VALUE_RANGE, "/confidence"),
                invalid("an indicator whose confidence is the string \"high\"",
                        () -> valid("indicator", o -> o.put("confidence", "high")), Rule.PROPERTY_TYPE, "/confidence"),
                invalid("an indicator whose lang is not a language tag",
                        () -> valid("indicator", o -> o.put("lang", "english!")), Rule.VALUE_FORMAT, "/lang"),
                invalid("an indicator with a null description",
                        () -> valid("indicator", o -> o.putNull("description")), Rule.PROPERTY_TYPE, "/description"),
                invalid("a custom property named with capitals",
                        () -> valid("indicator", o -> o.put("X_Acme_Score", 5)), Rule.PROPERTY_NAME, "/X_Acme_Score"),
                invalid("a custom property name of two characters",
                        () -> valid("indicator", o -> o.put("xy", 5)), Rule.PROPERTY_NAME, "/xy"),
                invalid("a description containing a NUL character",
                        () -> valid("indicator", o -> o.put("description", "evil\u0000payload")),
                        Rule.NUL_CHARACTER, "/description"),
                invalid("the reserved property severity",
                        () -> valid("indicator", o -> o.put("severity", "high")), Rule.RESERVED_PROPERTY, "/severity"),
                invalid("defanged on an SDO",
                        () -> valid("indicator", o -> o.put("defanged", true)), Rule.NOT_ALLOWED_PROPERTY, "/defanged"),
                // ------------------------------------------------------------ embedded types
                invalid("an external reference without source_name",
                        () -> valid("indicator", o -> ((ObjectNode) o.get("external_references").get(0))
                                .remove("source_name")),
                        Rule.EXTERNAL_REFERENCE, "/external_references/0/source_name"),
                invalid("an external reference with nothing but a source_name",
                        () -> valid("indicator", o -> o.putArray("external_references").addObject()
                                .put("source_name", "ACME")),
                        Rule.EXTERNAL_REFERENCE, "/external_references/0"),
                invalid("a CAPEC reference whose external_id lacks the CAPEC- prefix",
                        () -> valid("attack-pattern", o -> ((ObjectNode) o.get("external_references").get(0))
                                .put("external_id", "163")),
                        Rule.EXTERNAL_REFERENCE, "/external_references/0/external_id"),
                invalid("a SHA-256 of an external reference that is not hexadecimal",
                        () -> valid("indicator", o -> ((ObjectNode) o.get("external_references").get(0).get("hashes"))
                                .put("SHA-256", "zz" + "6db12788c37247f2316052e142f42f4b259d6561751e5f401a1ae2a6df9c67")),
                        Rule.HASHES, "/external_references/0/hashes/SHA-256"),
                invalid("a kill chain phase without phase_name",
                        () -> valid("indicator", o -> ((ObjectNode) o.get("kill_chain_phases").get(0))
                                .remove("phase_name")),
                        Rule.KILL_CHAIN_PHASE, "/kill_chain_phases/0/phase_name"),
                invalid("a granular marking without selectors",
                        () -> valid("indicator", o -> ((ObjectNode) o.get("granular_markings").get(0))
                                .remove("selectors")),
                        Rule.GRANULAR_MARKING, "/granular_markings/0/selectors"),
                invalid("a granular marking with both a lang and a marking_ref",
                        () -> valid("indicator", o -> ((ObjectNode) o.get("granular_markings").get(1))
                                .put("marking_ref", "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da")),
                        Rule.GRANULAR_MARKING, "/granular_markings/1/lang"),
                invalid("a granular marking selecting a list item that does not exist",
                        () -> valid("indicator", o -> ((ArrayNode) o.get("granular_markings").get(0).get("selectors"))
                                .set(0, StringNode.valueOf("labels.[3]"))),
                        Rule.GRANULAR_MARKING, "/granular_markings/0/selectors/0"),
                invalid("a granular marking pointing at an identity",
                        () -> valid("indicator", o -> ((ObjectNode) o.get("granular_markings").get(0))
                                .put("marking_ref", "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff")),
                        Rule.REFERENCE_TYPE, "/granular_markings/0/marking_ref"),
                // ------------------------------------------------------------ SDOs
                invalid("an indicator without a pattern",
                        () -> valid("indicator", o -> o.remove("pattern")), Rule.REQUIRED_PROPERTY, "/pattern"),
                invalid("an indicator without valid_from",
                        () -> valid("indicator", o -> o.remove("valid_from")), Rule.REQUIRED_PROPERTY, "/valid_from"),
                invalid("an indicator valid until the very moment it becomes valid",
                        () -> valid("indicator", o -> o.put("valid_until", "2016-01-01T00:00:00.000Z")),
                        Rule.TIMESTAMP_ORDER, "/valid_until"),
                invalid("an indicator that expires before it starts",
                        () -> valid("indicator", o -> o.put("valid_until", "2015-12-31T23:59:59Z")),
                        Rule.TIMESTAMP_ORDER, "/valid_until"),
                invalid("a campaign last seen before it was first seen",
                        () -> valid("campaign", o -> o.put("last_seen", "2016-01-01T00:00:00Z")),
                        Rule.TIMESTAMP_ORDER, "/last_seen"),
                invalid("a malware that does not say whether it is a family",
                        () -> valid("malware", o -> o.remove("is_family")), Rule.REQUIRED_PROPERTY, "/is_family"),
                invalid("a malware family without a name",
                        () -> valid("malware", o -> o.remove("name")), Rule.REQUIRED_PROPERTY, "/name"),
                invalid("a malware whose samples include an IP address",
                        () -> valid("malware", o -> o.putArray("sample_refs")
                                .add("ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4")),
                        Rule.REFERENCE_TYPE, "/sample_refs/0"),
                invalid("a report without a publication date",
                        () -> valid("report", o -> o.remove("published")), Rule.REQUIRED_PROPERTY, "/published"),
                invalid("a report without object_refs",
                        () -> valid("report", o -> o.remove("object_refs")), Rule.REQUIRED_PROPERTY, "/object_refs"),
                invalid("a report with an empty object_refs list",
                        () -> valid("report", o -> o.putArray("object_refs")), Rule.EMPTY_LIST, "/object_refs"),
                invalid("an observed-data without number_observed",
                        () -> valid("observed-data", o -> o.remove("number_observed")),
                        Rule.REQUIRED_PROPERTY, "/number_observed"),
                invalid("an observed-data observed zero times",
                        () -> valid("observed-data", o -> o.put("number_observed", 0)),
                        Rule.VALUE_RANGE, "/number_observed"),
                invalid("an observed-data with both objects and object_refs",
                        () -> valid("observed-data", o -> o.putObject("objects").putObject("0")
                                .put("type", "ipv4-addr").put("value", "198.51.100.3")),
                        Rule.PROPERTY_DEPENDENCY, "/objects"),
                invalid("an observed-data whose observation ends before it starts",
                        () -> valid("observed-data", o -> o.put("last_observed", "2015-12-21T18:59:59Z")),
                        Rule.TIMESTAMP_ORDER, "/last_observed"),
                invalid("an observed-data referencing only a relationship",
                        () -> valid("observed-data", o -> o.putArray("object_refs")
                                .add("relationship--57b56a43-b8b0-4cba-9deb-34e3e1faed9e")),
                        Rule.REFERENCE_TYPE, "/object_refs"),
                invalid("an identity without a name",
                        () -> valid("identity", o -> o.remove("name")), Rule.REQUIRED_PROPERTY, "/name"),
                invalid("a location with a latitude but no longitude",
                        () -> valid("location", o -> {
                            o.remove("longitude");
                            o.remove("precision");
                        }), Rule.PROPERTY_DEPENDENCY, "/latitude"),
                invalid("a location with neither region, country nor coordinates",
                        () -> valid("location", o -> {
                            o.remove(List.of("latitude", "longitude", "precision", "region", "country"));
                        }), Rule.AT_LEAST_ONE_OF, ""),
                invalid("a location at latitude 91",
                        () -> valid("location", o -> o.put("latitude", 91.0)), Rule.VALUE_RANGE, "/latitude"),
                invalid("an opinion of 'maybe', which the closed opinion-enum lacks",
                        () -> valid("opinion", o -> o.put("opinion", "maybe")), Rule.ENUMERATION, "/opinion"),
                invalid("a tool whose tool_types is a single string instead of a list",
                        () -> valid("tool", o -> o.put("tool_types", "remote-access")), Rule.PROPERTY_TYPE, "/tool_types"),
                // ------------------------------------------------------------ SROs
                invalid("a relationship without relationship_type",
                        () -> valid("relationship", o -> o.remove("relationship_type")),
                        Rule.REQUIRED_PROPERTY, "/relationship_type"),
                invalid("a relationship without target_ref",
                        () -> valid("relationship", o -> o.remove("target_ref")), Rule.REQUIRED_PROPERTY, "/target_ref"),
                invalid("a relationship from a marking definition",
                        () -> valid("relationship", o -> o.put("source_ref",
                                "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da")),
                        Rule.REFERENCE_TYPE, "/source_ref"),
                invalid("a relationship to another relationship",
                        () -> valid("relationship", o -> o.put("target_ref",
                                "relationship--f82356ae-fe6c-437c-9c24-6b64314ae68a")),
                        Rule.REFERENCE_TYPE, "/target_ref"),
                invalid("a relationship_type written with capitals and spaces",
                        () -> valid("relationship", o -> o.put("relationship_type", "Indicates Malware")),
                        Rule.VALUE_FORMAT, "/relationship_type"),
                invalid("a relationship that stops when it starts",
                        () -> valid("relationship", o -> o.put("stop_time", "2016-04-06T20:06:37.000Z")),
                        Rule.TIMESTAMP_ORDER, "/stop_time"),
                invalid("a sighting without sighting_of_ref",
                        () -> valid("sighting", o -> o.remove("sighting_of_ref")),
                        Rule.REQUIRED_PROPERTY, "/sighting_of_ref"),
                invalid("a sighting of a cyber-observable instead of an SDO",
                        () -> valid("sighting", o -> o.put("sighting_of_ref",
                                "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4")),
                        Rule.REFERENCE_TYPE, "/sighting_of_ref"),
                invalid("a sighting whose observed data is a report",
                        () -> valid("sighting", o -> o.putArray("observed_data_refs")
                                .add("report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3")),
                        Rule.REFERENCE_TYPE, "/observed_data_refs/0"),
                invalid("a sighting seen where a threat actor is",
                        () -> valid("sighting", o -> o.putArray("where_sighted_refs").add(LOCATION)
                                .add("threat-actor--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f")),
                        Rule.REFERENCE_TYPE, "/where_sighted_refs/1"),
                invalid("a sighting whose where_sighted_refs holds a malformed identifier",
                        () -> valid("sighting", o -> o.putArray("where_sighted_refs").add("identity-b67d30ff")),
                        Rule.REFERENCE_FORMAT, "/where_sighted_refs/0"),
                invalid("a sighting counted a billion times",
                        () -> valid("sighting", o -> o.put("count", 1_000_000_000)), Rule.VALUE_RANGE, "/count"),
                // ------------------------------------------------------------ SCOs
                invalid("an IP address carrying labels, which SCOs cannot have",
                        () -> valid("ipv4-addr", o -> o.putArray("labels").add("bad")),
                        Rule.NOT_ALLOWED_PROPERTY, "/labels"),
                invalid("an IP address versioned with created but keeping its deterministic id",
                        () -> valid("ipv4-addr", o -> o.put("created", "2016-04-06T20:03:48.000Z")),
                        Rule.NOT_ALLOWED_PROPERTY, "/created", Rule.SCO_DETERMINISTIC_ID, "/id"),
                invalid("a process identified by a UUIDv5 although it has no ID contributing properties",
                        () -> valid("process", o -> o.put("id", "process--8fac80fe-a220-5ba9-8ffe-4f43ce8edff8")),
                        Rule.SCO_DETERMINISTIC_ID, "/id"),
                invalid("a user account with a UUIDv5 but none of its ID contributing properties",
                        () -> valid("user-account", o -> o.remove(List.of("user_id", "account_login", "account_type"))),
                        Rule.SCO_DETERMINISTIC_ID, "/id"),
                invalid("a file with an MD5 of 31 digits",
                        () -> valid("file", o -> ((ObjectNode) o.get("hashes"))
                                .put("MD5", "1717b7fff97d37a1e1a0029d83492de")),
                        Rule.HASHES, "/hashes/MD5"),
                invalid("a file with neither hashes nor name",
                        () -> valid("file", o -> {
                            o.remove(List.of("hashes", "name"));
                            o.put("id", "file--6a7d4b1e-0e5f-4d0a-9c3b-2f1e8d7c6b5a");
                        }), Rule.AT_LEAST_ONE_OF, ""),
                invalid("a file whose magic number is upper-case hex",
                        () -> valid("file", o -> o.put("magic_number_hex", "FFD8")), Rule.VALUE_FORMAT, "/magic_number_hex"),
                invalid("a PE binary extension that only states its pe_type",
                        () -> valid("file", o -> o.putObject("extensions").putObject("windows-pebinary-ext")
                                .put("pe_type", "exe")),
                        Rule.AT_LEAST_ONE_OF, "/extensions/windows-pebinary-ext"),
                invalid("a MAC address in upper case",
                        () -> valid("mac-addr", o -> o.put("value", "D2:FB:49:24:37:18")), Rule.VALUE_FORMAT, "/value"),
                invalid("an artifact fetched from a URL without hashes",
                        () -> valid("artifact", o -> {
                            o.remove(List.of("payload_bin", "hashes"));
                            o.put("url", "https://example.com/sample.bin");
                            o.put("id", "artifact--6a7d4b1e-0e5f-4d0a-9c3b-2f1e8d7c6b5a");
                        }), Rule.PROPERTY_DEPENDENCY, "/url"),
                invalid("network traffic to port 70000",
                        () -> valid("network-traffic", o -> o.put("dst_port", 70_000)), Rule.VALUE_RANGE, "/dst_port"),
                invalid("network traffic with neither source nor destination",
                        () -> valid("network-traffic", o -> o.remove(List.of("src_ref", "dst_ref"))),
                        Rule.AT_LEAST_ONE_OF, ""),
                invalid("network traffic from a URL",
                        () -> valid("network-traffic", o -> o.put("src_ref",
                                "url--47c3cf9a-5027-5bf0-997a-017c7edc7c55")),
                        Rule.REFERENCE_TYPE, "/src_ref"),
                invalid("a socket whose address family is not in network-socket-address-family-enum",
                        () -> valid("network-traffic", o -> ((ObjectNode) o.get("extensions")).putObject("socket-ext")
                                .put("address_family", "AF_FOO")),
                        Rule.ENUMERATION, "/extensions/socket-ext/address_family"),
                invalid("a multipart email message with a plain body",
                        () -> valid("email-message", o -> o.put("is_multipart", true)), Rule.PROPERTY_DEPENDENCY, "/body"),
                // ------------------------------------------------------------ meta objects
                invalid("a marking definition without its definition",
                        () -> valid("marking-definition", o -> o.remove("definition")),
                        Rule.REQUIRED_PROPERTY, "/definition"),
                invalid("a statement marking without a statement",
                        () -> valid("marking-definition", o -> o.putObject("definition").put("text", "Copyright")),
                        Rule.MARKING, "/definition/statement"),
                invalid("a marking definition with a modified timestamp",
                        () -> valid("marking-definition", o -> o.put("modified", "2017-04-14T13:07:49.812Z")),
                        Rule.NOT_ALLOWED_PROPERTY, "/modified"),
                invalid("a home-made TLP marking with a new id",
                        () -> {
                            ObjectNode o = (ObjectNode) parse(Fixtures.TLP_GREEN);
                            o.put("id", "marking-definition--1a2b3c4d-0000-4000-8000-000000000001");
                            return o;
                        }, Rule.MARKING, "/id"),
                invalid("the standard TLP:GREEN id claiming amber",
                        () -> {
                            ObjectNode o = (ObjectNode) parse(Fixtures.TLP_GREEN);
                            ((ObjectNode) o.get("definition")).put("tlp", "amber");
                            return o;
                        }, Rule.MARKING, "/definition/tlp"),
                invalid("a TLP 2.0 marking with the level 'purple'",
                        () -> {
                            ObjectNode o = (ObjectNode) parse(Fixtures.TLP2_AMBER_STRICT);
                            ((ObjectNode) o.get("extensions").get(TLP2)).put("tlp_2_0", "purple");
                            return o;
                        }, Rule.MARKING, "/extensions/" + TLP2 + "/tlp_2_0"),
                invalid("an extension definition without created_by_ref",
                        () -> valid("extension-definition", o -> o.remove("created_by_ref")),
                        Rule.REQUIRED_PROPERTY, "/created_by_ref"),
                invalid("an extension definition with an unknown extension type",
                        () -> valid("extension-definition", o -> o.putArray("extension_types").add("new-widget")),
                        Rule.ENUMERATION, "/extension_types/0"),
                invalid("a language content whose contents key is not a language code",
                        () -> valid("language-content", o -> ((ObjectNode) o.get("contents")).putObject("english!")
                                .put("name", "Bank attack")),
                        Rule.VALUE_FORMAT, "/contents/english!"),
                // ------------------------------------------------------------ extensions
                invalid("an extension instance without extension_type",
                        () -> valid("indicator", o -> o.putObject("extensions").putObject(EXTENSION).put("rank", 5)),
                        Rule.EXTENSION, "/extensions/" + EXTENSION + "/extension_type"),
                invalid("an extension_type spelled property_extension",
                        () -> valid("indicator", o -> o.putObject("extensions").putObject(EXTENSION)
                                .put("extension_type", "property_extension").put("rank", 5)),
                        Rule.ENUMERATION, "/extensions/" + EXTENSION + "/extension_type"),
                invalid("an empty extensions dictionary",
                        () -> valid("indicator", o -> o.putObject("extensions")), Rule.EMPTY_DICTIONARY, "/extensions"),
                // ------------------------------------------------------------ custom objects
                invalid("a custom type with a double hyphen",
                        () -> parse("""
                                {"type": "x--acme", "spec_version": "2.1",
                                 "id": "x--acme--4527e5de-8572-446a-a57a-706f15467461"}
                                """), Rule.TYPE_NAME, "/type"),
                invalid("a custom object whose id names another type",
                        () -> parse("""
                                {"type": "x-mitre-tactic", "spec_version": "2.1",
                                 "id": "x-mitre-matrix--4527e5de-8572-446a-a57a-706f15467461",
                                 "created": "2016-08-01T00:00:00.000Z", "modified": "2016-08-01T00:00:00.000Z"}
                                """), Rule.IDENTIFIER_TYPE_MISMATCH, "/id"),
                invalid("a custom object modified before it was created",
                        () -> parse("""
                                {"type": "x-mitre-tactic", "spec_version": "2.1",
                                 "id": "x-mitre-tactic--4527e5de-8572-446a-a57a-706f15467461",
                                 "created": "2016-08-01T00:00:00.000Z", "modified": "2016-07-01T00:00:00.000Z"}
                                """), Rule.MODIFIED_BEFORE_CREATED, "/modified"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithThePreciseRuleAndPointer(Case c) {
        ValidationReport report = validator.validate(c.object().get());

        assertThat(report.valid()).as("valid()").isFalse();
        assertThat(report.errors())
                .extracting(v -> v.rule().code() + " at " + v.pointer())
                .containsExactlyInAnyOrderElementsOf(c.expected());
    }

    @Test
    void thereAreAtLeastFortyFiveCases() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(45);
    }

    @Test
    void pointersArePrefixedWithTheBasePointer() {
        ValidationReport report = validator.validate(valid("indicator", o -> o.remove("pattern")), "/objects/17");

        assertThat(report.errors()).singleElement().satisfies(v -> {
            assertThat(v.pointer()).isEqualTo("/objects/17/pattern");
            assertThat(v.rule().code()).isEqualTo("required-property");
            assertThat(v.message()).contains("pattern");
        });
    }

    @Test
    void pointerTokensAreEscapedAsRfc6901Says() {
        ValidationReport report = validator.validate(valid("indicator", o -> o.put("a/b~c", 1)), "/objects/0");

        assertThat(report.errors()).extracting(Violation::pointer).containsExactly("/objects/0/a~1b~0c");
    }

    @Test
    void somethingOtherThanAJsonObjectIsNotAStixObject() {
        assertThat(validator.validate(parse("[1, 2]")).errors())
                .extracting(v -> v.rule()).containsExactly(Rule.NOT_AN_OBJECT);
        assertThat(validator.validate(null).valid()).isFalse();
    }

    @Test
    void everyViolationIsReportedNotJustTheFirst() {
        ObjectNode o = valid("indicator", x -> {
            x.remove("pattern");
            x.put("confidence", 500);
            x.put("valid_until", "2000-01-01T00:00:00Z");
        });

        assertThat(validator.validate(o).errors()).extracting(v -> v.pointer())
                .containsExactlyInAnyOrder("/pattern", "/confidence", "/valid_until");
    }

    @Test
    void ruleCodesAreStableKebabCase() {
        assertThat(Arrays.stream(Rule.values()).map(Rule::code))
                .allMatch(code -> code.matches("[a-z]+(-[a-z0-9]+)*"))
                .doesNotHaveDuplicates();
    }
}
