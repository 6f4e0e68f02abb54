package org.entente.stix.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.stix.validation.Fixtures.parse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.entente.stix.StixJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** RFC 8785 canonical JSON, RFC 4122 UUIDv5 and the SCO identifiers of section 2.9 built on them. */
class DeterministicIdTest {

    // ---------------------------------------------------------------- RFC 8785

    @Test
    void canonicalizesTheSampleOfRfc8785Section3_2_2() {
        JsonNode input = parse("""
                {"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
                 "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
                 "literals": [null, true, false]}
                """);

        assertThat(Jcs.canonicalize(input)).isEqualTo(
                "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                        + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    /** RFC 8785 appendix B: IEEE 754 bit patterns and their ECMAScript serialization. */
    @ParameterizedTest(name = "0x{0} -> {1}")
    @CsvSource({
            "0000000000000000, 0",
            "8000000000000000, 0",
            "0000000000000001, 5e-324",
            "8000000000000001, -5e-324",
            "7fefffffffffffff, 1.7976931348623157e+308",
            "ffefffffffffffff, -1.7976931348623157e+308",
            "4340000000000000, 9007199254740992",
            "c340000000000000, -9007199254740992",
            "4430000000000000, 295147905179352830000",
            "44b52d02c7e14af5, 9.999999999999997e+22",
            "44b52d02c7e14af6, 1e+23",
            "44b52d02c7e14af7, 1.0000000000000001e+23",
            "444b1ae4d6e2ef4e, 999999999999999700000",
            "444b1ae4d6e2ef4f, 999999999999999900000",
            "444b1ae4d6e2ef50, 1e+21",
            "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
            "3eb0c6f7a0b5ed8d, 0.000001",
            "41b3de4355555553, 333333333.3333332",
            "41b3de4355555554, 333333333.33333325",
            "41b3de4355555555, 333333333.3333333",
            "41b3de4355555556, 333333333.3333334",
            "41b3de4355555557, 333333333.33333343",
            "becbf647612f3696, -0.0000033333333333333333",
            "43143ff3c1cb0959, 1424953923781206.2"})
    void serializesNumbersAsEcmaScriptDoes(String bits, String expected) {
        double d = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));

        assertThat(Jcs.number(d)).isEqualTo(expected);
    }

    @Property
    void numbersSurviveTheRoundTrip(@ForAll double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return;
        }
        String s = Jcs.number(d);

        assertThat(Double.parseDouble(s)).isEqualTo(d == 0 ? 0.0 : d);
        assertThat(s).matches("-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?(e[+-][1-9][0-9]*)?");
    }

    @Property
    void memberOrderDoesNotChangeTheCanonicalForm(
            @ForAll @Size(max = 12) Map<@StringLength(max = 8) String, Integer> members) {
        List<String> names = new ArrayList<>(members.keySet());
        ObjectNode forward = JsonNodeFactory.instance.objectNode();
        names.forEach(n -> forward.put(n, members.get(n)));
        Collections.reverse(names);
        ObjectNode backward = JsonNodeFactory.instance.objectNode();
        names.forEach(n -> backward.put(n, members.get(n)));

        assertThat(Jcs.canonicalize(forward)).isEqualTo(Jcs.canonicalize(backward));
    }

    @Property
    void theCanonicalFormIsJsonForTheSameValue(
            @ForAll @Size(max = 6) Map<@StringLength(max = 6) String, @StringLength(max = 10) String> members,
            @ForAll @Size(max = 4) List<Integer> numbers) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        members.forEach(o::put);
        numbers.forEach(o.putArray("numbers")::add);

        assertThat(StixJson.MAPPER.readTree(Jcs.canonicalize(o))).isEqualTo(o);
    }

    // ---------------------------------------------------------------- RFC 4122 version 5

    @Test
    void computesKnownVersion5Uuids() {
        UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        UUID url = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

        assertThat(UuidV5.of(dns, "python.org")).hasToString("886313e1-3b8a-5372-9b90-0c9aee199e5d");
        assertThat(UuidV5.of(url, "https://oasis-open.org/")).hasToString("1c21b045-1aee-5218-aa58-d2148d15f2df");
        assertThat(UuidV5.of(dns, "python.org").version()).isEqualTo(5);
        assertThat(UuidV5.of(dns, "python.org").variant()).isEqualTo(2);
    }

    @Property
    void everyVersion5UuidIsRfc4122(@ForAll String name) {
        UUID u = UuidV5.of(UuidV5.SCO_NAMESPACE, name);

        assertThat(u.version()).isEqualTo(5);
        assertThat(u.variant()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- section 2.9

    /** Examples of the specification whose identifiers were computed with the section 2.9 algorithm. */
    @ParameterizedTest
    @ValueSource(strings = {
            """
            {"type": "ipv4-addr", "id": "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4", "value": "198.51.100.3"}""",
            """
            {"type": "autonomous-system", "id": "autonomous-system--3aa27478-50b5-5ab8-9da9-cdc12b657fff",
             "number": 15139, "name": "Slime Industries", "rir": "ARIN"}""",
            """
            {"type": "file", "id": "file--364fe3e5-b1f4-5ba3-b951-ee5983b3538d", "size": 83968, "name": "resume.pdf",
             "hashes": {"MD5": "1717b7fff97d37a1e1a0029d83492de1", "SHA-1": "c79a326f8411e9488bdc3779753e1e3489aaedea"}}""",
            """
            {"type": "file", "id": "file--7d1e3a18-89e7-5bc5-be36-9879f5b7f5c8", "name": "quêry.dll",
             "hashes": {"SHA-256": "841a8921140aba50671ebb0770fecc4ee308c4952cfeff8de154ab14eeef4649"},
             "name_enc": "windows-1252"}""",
            """
            {"type": "file", "id": "file--66772174-3442-5e0d-b577-4bd7be55fb87", "name": "picture.jpg",
             "hashes": {"SHA-256": "4bac27393bdd9777ce02453256c5577cd02275510b2227f473d03f533924f877"},
             "extensions": {"raster-image-ext": {"exif_tags": {"Make": "Nikon", "Model": "D7000",
                                                               "XResolution": 4928, "YResolution": 3264}}}}""",
            """
            {"type": "user-account", "id": "user-account--f223e803-846b-591a-aefa-545e938f8a56",
             "user_id": "thegrugq_ebooks", "account_login": "thegrugq_ebooks", "account_type": "twitter",
             "display_name": "the grugq"}""",
            """
            {"type": "windows-registry-key", "id": "windows-registry-key--f6a11ddf-fa2b-54c8-97ab-e7f28413095a",
             "key": "hkey_local_machine\\\\system\\\\bar\\\\foo",
             "values": [{"name": "Foo", "data": "qwerty", "data_type": "REG_SZ"},
                        {"name": "Bar", "data": "42", "data_type": "REG_DWORD"}]}""",
            """
            {"type": "software", "id": "software--710b0b41-d4d0-5d6c-a400-fc9254554ffc", "name": "Word",
             "cpe": "cpe:2.3:a:microsoft:word:2000:*:*:*:*:*:*:*", "version": "2002", "vendor": "Microsoft"}"""})
    void reproducesTheDeterministicIdsOfTheSpecificationExamples(String json) {
        JsonNode sco = parse(json);

        assertThat(ScoIds.deterministicId(sco)).isEqualTo(sco.get("id").stringValue());
    }

    @Test
    void onlyTheMostPreferredHashContributes() {
        JsonNode withMd5AndSha256 = parse("""
                {"type": "file", "name": "a", "hashes": {"SHA-256":
                 "6db12788c37247f2316052e142f42f4b259d6561751e5f401a1ae2a6df9c674b",
                 "MD5": "1717b7fff97d37a1e1a0029d83492de1"}}""");
        JsonNode withMd5Only = parse("""
                {"type": "file", "name": "a", "hashes": {"MD5": "1717b7fff97d37a1e1a0029d83492de1"}}""");

        assertThat(ScoIds.deterministicId(withMd5AndSha256)).isEqualTo(ScoIds.deterministicId(withMd5Only));
    }

    @Property
    void propertiesThatDoNotContributeDoNotChangeTheId(@ForAll String displayName) {
        ObjectNode a = (ObjectNode) parse("""
                {"type": "email-addr", "value": "john@example.com"}""");
        ObjectNode b = a.deepCopy().put("display_name", displayName);

        assertThat(ScoIds.deterministicId(b)).isEqualTo(ScoIds.deterministicId(a))
                .isEqualTo("email-addr--7165e2a9-671f-585d-b1e1-ca59c671d934");
    }

    @Test
    void anScoWithoutAnyContributingPropertyHasNoDeterministicId() {
        assertThat(ScoIds.deterministicId(parse("""
                {"type": "user-account", "display_name": "nobody"}"""))).isNull();
        assertThat(ScoIds.deterministicId(parse("""
                {"type": "process", "pid": 4}"""))).isNull();
    }
}
