package org.entente.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.entente.stix.StixJson;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The matcher against hand-written observations, mostly with the specification's own examples from
 * chapter 9 (section named in each test), each with observations that should and should not match.
 */
class PatternMatcherTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    /** One observation at T0 + seconds, observed once, with the objects given as a JSON dictionary. */
    static Observation at(String id, double seconds, String objects) {
        Instant t = T0.plusMillis(Math.round(seconds * 1000));
        return obs(id, t, t, 1, objects);
    }

    static Observation obs(String id, Instant first, Instant last, int count, String objects) {
        JsonNode dict = StixJson.MAPPER.readTree(objects.replace('`', '"'));
        Map<String, JsonNode> map = new LinkedHashMap<>();
        dict.properties().forEach(e -> map.put(e.getKey(), e.getValue()));
        return new Observation(id, first, last, count, map);
    }

    static boolean matches(String pattern, Observation... observations) {
        return PatternMatcher.match(PatternParser.parse(pattern), List.of(observations)).matched();
    }

    static Observation file(String id, double seconds, String properties) {
        return at(id, seconds, "{`0`: {`type`: `file`, " + properties + "}}");
    }

    static Observation ip(String id, double seconds, String value) {
        return at(id, seconds, "{`0`: {`type`: `ipv4-addr`, `value`: `" + value + "`}}");
    }

    @Nested
    class ComparisonOperators {

        @Test
        void equalsAndNotEqualsOnStringsIntegersFloatsBooleans() {
            Observation f = file("o", 0, "`name`: `foo.dll`, `size`: 25536, `entropy`: 7.5, `is_encrypted`: true");
            assertThat(matches("[file:name = 'foo.dll']", f)).isTrue();
            assertThat(matches("[file:name = 'FOO.dll']", f)).isFalse();
            assertThat(matches("[file:size = 25536]", f)).isTrue();
            assertThat(matches("[file:size = 25536.0]", f)).as("integer property vs float constant, same value").isTrue();
            assertThat(matches("[file:entropy = 7]", f)).as("9.2: 1 vs 1.5 is not equal; not truncated").isFalse();
            assertThat(matches("[file:entropy = 7.50]", f)).isTrue();
            assertThat(matches("[file:size != 4112]", f)).isTrue();
            assertThat(matches("[file:size != 25536]", f)).isFalse();
            assertThat(matches("[file:is_encrypted = true]", f)).isTrue();
            assertThat(matches("[file:is_encrypted != true]", f)).isFalse();
            assertThat(matches("[file:name NOT = 'foo.dll']", f)).isFalse();
            assertThat(matches("[file:name NOT = 'bar.dll']", f)).isTrue();
        }

        @Test
        void missingPropertiesMakeEveryComparisonFalseEvenNegatedOnes() {
            Observation f = file("o", 0, "`name`: `foo.dll`");
            assertThat(matches("[file:size = 1]", f)).isFalse();
            assertThat(matches("[file:size != 1]", f)).as("9.6: not present is false regardless of the operator").isFalse();
            assertThat(matches("[file:size NOT = 1]", f)).isFalse();
            assertThat(matches("[file:size NOT > 1]", f)).isFalse();
            assertThat(matches("[file:size NOT IN (1, 2)]", f)).isFalse();
            assertThat(matches("[file:hashes.MD5 != 'x']", f)).isFalse();
            assertThat(matches("[file:size != 1 OR file:name = 'foo.dll']", f)).isTrue();
        }

        @Test
        void incompatibleTypesAreFalseExceptNotEquals() {
            Observation f = file("o", 0, "`name`: `foo.dll`, `size`: 10");
            assertThat(matches("[file:size = '10']", f)).isFalse();
            assertThat(matches("[file:size != '10']", f)).as("9.6.1: != on incompatible types is true").isTrue();
            assertThat(matches("[file:name > 5]", f)).isFalse();
            assertThat(matches("[file:name = true]", f)).isFalse();
            assertThat(matches("[file:name != t'2020-01-01T00:00:00Z']", f)).isTrue();
        }

        @Test
        void orderingOnNumbersStringsByCodePointAndTimestamps() {
            Observation f = file("o", 0, "`size`: 25536, `name`: `oz`, `created`: `2014-01-13T07:03:17.000Z`");
            assertThat(matches("[file:size > 256]", f)).isTrue();
            assertThat(matches("[file:size < 1024]", f)).isFalse();
            assertThat(matches("[file:size <= 25536]", f)).isTrue();
            assertThat(matches("[file:size >= 25536.5]", f)).isFalse();
            assertThat(matches("[file:size > 25535.99]", f)).isTrue();
            // 9.6.2: 'o' < 'oz' < 'o' U+0300 < 'z' < U+00F2, by code point, no normalisation.
            assertThat(matches("[file:name > 'o']", f)).isTrue();
            assertThat(matches("[file:name < 'o\u0300']", f)).isTrue();
            assertThat(matches("[file:name < 'z']", f)).isTrue();
            assertThat(matches("[file:name < '\u00f2']", f)).isTrue();
            assertThat(matches("[file:name > 'oz']", f)).isFalse();
            assertThat(matches("[file:name >= 'oz']", f)).isTrue();
            Observation combining = file("c", 0, "`name`: `o\u0300`");
            assertThat(matches("[file:name = '\u00f2']", combining)).as("= does not normalise").isFalse();
            // Timestamps compare as instants, whatever their precision.
            assertThat(matches("[file:created = t'2014-01-13T07:03:17Z']", f)).isTrue();
            assertThat(matches("[file:created > t'2014-01-13T07:03:16.999Z']", f)).isTrue();
            assertThat(matches("[file:created < t'2014-01-13T07:03:17Z']", f)).isFalse();
        }

        @Test
        void specFileSetExample() {
            String pattern = "[(file:name = 'pdf.exe' OR file:size = 371712) AND file:created = t'2014-01-13T07:03:17Z']";
            assertThat(matches(pattern, file("a", 0, "`size`: 371712, `created`: `2014-01-13T07:03:17Z`"))).isTrue();
            assertThat(matches(pattern, file("b", 0, "`name`: `pdf.exe`, `created`: `2014-01-13T07:03:17.000Z`"))).isTrue();
            assertThat(matches(pattern, file("c", 0, "`name`: `pdf.exe`, `created`: `2015-01-13T07:03:17Z`"))).isFalse();
            assertThat(matches(pattern, file("d", 0, "`name`: `other.exe`, `size`: 1, `created`: `2014-01-13T07:03:17Z`"))).isFalse();
        }

        @Test
        void inMatchesAnyElementOfTheSet() {
            Observation p = at("p", 0, "{`0`: {`type`: `process`, `name`: `proximus`, `pid`: 4}}");
            assertThat(matches("[process:name IN ('proccy', 'proximus', 'badproc')]", p)).isTrue();
            assertThat(matches("[process:name IN ('proccy', 'badproc')]", p)).isFalse();
            assertThat(matches("[process:name NOT IN ('proccy', 'badproc')]", p)).isTrue();
            assertThat(matches("[process:pid IN (1, 4)]", p)).isTrue();
            assertThat(matches("[process:pid IN (4.0, 5.5)]", p)).isTrue();
            assertThat(matches("[process:pid IN ('4')]", p)).isFalse();
        }

        @Test
        void likeUsesPercentAndUnderscoreAndTreatsEverythingElseLiterally() {
            Observation d = at("d", 0, "{`0`: {`type`: `directory`, `path`: `C:\\\\Windows\\\\System32\\\\foo`}}");
            assertThat(matches("[directory:path LIKE 'C:\\\\Windows\\\\%\\\\foo']", d)).as("9.6.1's example").isTrue();
            assertThat(matches("[directory:path LIKE 'C:\\\\Windows\\\\%\\\\bar']", d)).isFalse();
            Observation f = file("f", 0, "`name`: `a.b(1)+.txt`");
            assertThat(matches("[file:name LIKE 'a.b(1)+.txt']", f)).as("regex metacharacters are literal").isTrue();
            assertThat(matches("[file:name LIKE 'a.b(1)+%']", f)).isTrue();
            assertThat(matches("[file:name LIKE 'a_b(1)+.txt']", f)).as("_ is any one character").isTrue();
            assertThat(matches("[file:name LIKE 'a__b(1)+.txt']", f)).as("_ is exactly one character").isFalse();
            assertThat(matches("[file:name LIKE 'a.b%']", file("g", 0, "`name`: `axb.txt`"))).as(". is not a wildcard").isFalse();
            assertThat(matches("[file:name LIKE '%.txt']", f)).isTrue();
            assertThat(matches("[file:name LIKE '.txt']", f)).as("LIKE matches the whole value").isFalse();
            assertThat(matches("[file:name LIKE '%']", file("e", 0, "`name`: ``"))).isTrue();
            assertThat(matches("[file:name LIKE 'line_two']", file("n", 0, "`name`: `line\\ntwo`"))).as("_ matches a line feed").isTrue();
            assertThat(matches("[file:name LIKE '\u00f2%']", file("c", 0, "`name`: `o\u0300.txt`"))).as("LIKE normalises to NFC").isTrue();
            assertThat(matches("[file:name NOT LIKE '%.exe']", f)).isTrue();
        }

        @Test
        void matchesSearchesWithDotallAndUnicodeForStrings() {
            Observation m = at("m", 0, """
                    {`0`: {`type`: `email-message`, `from_ref`: `1`, `body_multipart`: [{`body_raw_ref`: `2`}]},
                     `1`: {`type`: `email-addr`, `value`: `jdoe@example.com`},
                     `2`: {`type`: `file`, `name`: `Final Report 2024.exe`}}""");
            String spec = "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$' AND "
                    + "email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\\\.exe$']";
            assertThat(matches(spec, m)).as("9.8's email example").isTrue();
            assertThat(matches(spec.replace("example\\\\.com", "example\\\\.org"), m)).isFalse();
            Observation p = at("p", 0, "{`0`: {`type`: `process`, `command_line`: `run\\nevil.exe now`}}");
            assertThat(matches("[process:command_line MATCHES 'evil']", p)).as("search, not a whole match").isTrue();
            assertThat(matches("[process:command_line MATCHES '^run.evil']", p)).as("DOTALL: . matches a line feed").isTrue();
            assertThat(matches("[process:command_line MATCHES '^evil']", p)).as("^ is the start of the value").isFalse();
            assertThat(matches("[process:command_line MATCHES '^\\\\w+$']", at("u", 0, "{`0`: {`type`: `process`, `command_line`: `\u00e9t\u00e9`}}")))
                    .as("\\w is Unicode for strings").isTrue();
        }

        @Test
        void matchesOnBinaryPropertiesWorksOnOctets() {
            // 9.8: "Matching an Artifact object PCAP payload header". d4 c3 b2 a1 02 00 04 00 = 1MOyoQIABAA=
            Observation a = at("a", 0, "{`0`: {`type`: `artifact`, `mime_type`: `application/vnd.tcpdump.pcap`, "
                    + "`payload_bin`: `1MOyoQIABAAAAAAA`}}");
            String spec = "[artifact:mime_type = 'application/vnd.tcpdump.pcap' AND artifact:payload_bin MATCHES "
                    + "'\\\\xd4\\\\xc3\\\\xb2\\\\xa1\\\\x02\\\\x00\\\\x04\\\\x00']";
            assertThat(matches(spec, a)).isTrue();
            assertThat(matches(spec.replace("xd4", "xd5"), a)).isFalse();
            assertThat(matches("[artifact:payload_bin MATCHES '^\\\\xd4.{7}\\\\x00']", a)).isTrue();
        }

        @Test
        void binaryAndHexPropertiesAgainstStringBinaryAndHexConstants() {
            // 9.6.4's example: payload_bin holds "this is a test".
            Observation a = at("a", 0, "{`0`: {`type`: `artifact`, `mime_type`: `application/octet-stream`, "
                    + "`payload_bin`: `dGhpcyBpcyBhIHRlc3Q=`}}");
            assertThat(matches("[artifact:payload_bin = 'dGhpcyBpcyBhIHRlc3Q=']", a)).isFalse();
            assertThat(matches("[artifact:payload_bin = 'this is a test']", a)).isTrue();
            assertThat(matches("[artifact:payload_bin = b'dGhpcyBpcyBhIHRlc3Q=']", a)).isTrue();
            assertThat(matches("[artifact:payload_bin = h'7468697320697320612074657374']", a)).isTrue();
            assertThat(matches("[artifact:payload_bin = 'this is a t\u0113st']", a)).as("not convertible: false").isFalse();
            assertThat(matches("[artifact:payload_bin != 'this is a t\u0113st']", a)).as("not convertible: != is true").isTrue();
            assertThat(matches("[artifact:payload_bin > h'74']", a)).as("longer is greater").isTrue();
            assertThat(matches("[artifact:payload_bin < h'ff']", a)).as("unsigned octets: 74 < ff").isTrue();
            // 9.8: mismatch between magic number and mime type
            String spec = "[file:mime_type = 'image/bmp' AND file:magic_number_hex = h'ffd8']";
            assertThat(matches(spec, file("f", 0, "`mime_type`: `image/bmp`, `magic_number_hex`: `ffd8`"))).isTrue();
            assertThat(matches(spec, file("g", 0, "`mime_type`: `image/bmp`, `magic_number_hex`: `FFD8`"))).isTrue();
            assertThat(matches(spec, file("h", 0, "`mime_type`: `image/bmp`, `magic_number_hex`: `424d`"))).isFalse();
            assertThat(matches("[file:magic_number_hex = b'/9g=']", file("i", 0, "`magic_number_hex`: `ffd8`"))).isTrue();
            assertThat(matches("[file:name = h'6162']", file("j", 0, "`name`: `ab`"))).as("hex vs string property").isTrue();
        }

        @Test
        void issubsetAndIssupersetOnIpv4AndIpv6Cidr() {
            assertThat(matches("[ipv4-addr:value ISSUBSET '198.51.100.0/24']", ip("a", 0, "198.51.100.0/27"))).isTrue();
            assertThat(matches("[ipv4-addr:value ISSUBSET '198.51.100.0/24']", ip("b", 0, "198.51.100.77"))).isTrue();
            assertThat(matches("[ipv4-addr:value ISSUBSET '198.51.100.0/24']", ip("c", 0, "198.51.101.1"))).isFalse();
            assertThat(matches("[ipv4-addr:value ISSUBSET '198.51.100.0/24']", ip("d", 0, "198.51.0.0/16"))).as("bigger").isFalse();
            assertThat(matches("[ipv4-addr:value ISSUBSET '198.51.100.0/24']", ip("e", 0, "198.51.100.0/24"))).as("identical").isTrue();
            assertThat(matches("[ipv4-addr:value ISSUPERSET '198.51.100.0/27']", ip("f", 0, "198.51.100.0/24"))).isTrue();
            assertThat(matches("[ipv4-addr:value ISSUPERSET '198.51.100.0/24']", ip("g", 0, "198.51.100.0/27"))).isFalse();
            assertThat(matches("[ipv4-addr:value ISSUPERSET '10.1.2.3']", ip("h", 0, "10.1.2.3"))).as("identical address").isTrue();
            assertThat(matches("[ipv4-addr:value NOT ISSUBSET '10.0.0.0/8']", ip("i", 0, "11.0.0.1"))).isTrue();
            assertThat(matches("[ipv4-addr:value ISSUBSET '0.0.0.0/0']", ip("j", 0, "not an address"))).isFalse();
            // 9.8: "Matching on a Network Traffic IP that is part of a particular Subnet"
            String spec = "[network-traffic:dst_ref.value ISSUBSET '2001:0db8:dead:beef:0000:0000:0000:0000/64']";
            assertThat(matches(spec, at("k", 0, "{`0`: {`type`: `network-traffic`, `dst_ref`: `1`}, "
                    + "`1`: {`type`: `ipv6-addr`, `value`: `2001:db8:dead:beef::1`}}"))).isTrue();
            assertThat(matches(spec, at("l", 0, "{`0`: {`type`: `network-traffic`, `dst_ref`: `1`}, "
                    + "`1`: {`type`: `ipv6-addr`, `value`: `2001:db8:dead:bef0::1`}}"))).isFalse();
            assertThat(matches(spec, at("m", 0, "{`0`: {`type`: `network-traffic`, `dst_ref`: `1`}, "
                    + "`1`: {`type`: `ipv4-addr`, `value`: `10.0.0.1`}}"))).as("other family").isFalse();
            assertThat(matches("[ipv6-addr:value ISSUPERSET '2001:db8::1']", at("n", 0,
                    "{`0`: {`type`: `ipv6-addr`, `value`: `2001:db8::/32`}}"))).isTrue();
        }

        @Test
        void addressEqualityComparesNetworks() {
            // 9.3's first example: [ipv4-addr:value = '198.51.100.1/32']
            assertThat(matches("[ipv4-addr:value = '198.51.100.1/32']", ip("a", 0, "198.51.100.1"))).isTrue();
            assertThat(matches("[ipv4-addr:value = '198.51.100.1/32']", ip("b", 0, "198.51.100.2"))).isFalse();
            assertThat(matches("[ipv4-addr:value IN ('203.0.113.33/32', '198.51.100.1/32')]", ip("c", 0, "198.51.100.1"))).isTrue();
            assertThat(matches("[ipv4-addr:value != '198.51.100.1']", ip("d", 0, "198.51.100.1/32"))).isFalse();
        }

        @Test
        void existsAndNotExists() {
            Observation k = at("k", 0, "{`0`: {`type`: `windows-registry-key`, `key`: `hkey`, `values`: []}}");
            assertThat(matches("[EXISTS windows-registry-key:values]", k)).as("present, even if empty").isTrue();
            assertThat(matches("[EXISTS windows-registry-key:modified_time]", k)).isFalse();
            assertThat(matches("[NOT EXISTS windows-registry-key:modified_time]", k)).isTrue();
            assertThat(matches("[NOT EXISTS windows-registry-key:key]", k)).isFalse();
            assertThat(matches("[EXISTS windows-registry-key:values[*]]", k)).as("[*] over an empty list finds nothing").isFalse();
            assertThat(matches("[NOT EXISTS file:name]", k)).as("no file object at all").isFalse();
        }
    }

    @Nested
    class ObjectPaths {

        @Test
        void referencesAreFollowedWithinTheObservationAndAllComparisonsStartFromOneObject() {
            // 9.5's example: the two IPs are in one observed-data but no single network-traffic references both.
            String spec = "[ network-traffic:src_ref.value = '203.0.113.10' AND network-traffic:dst_ref.value = '198.51.100.58' ]";
            Observation split = at("split", 0, """
                    {`0`: {`type`: `network-traffic`, `src_ref`: `1`}, `1`: {`type`: `ipv4-addr`, `value`: `203.0.113.10`},
                     `2`: {`type`: `network-traffic`, `dst_ref`: `3`}, `3`: {`type`: `ipv4-addr`, `value`: `198.51.100.58`}}""");
            assertThat(matches(spec, split)).isFalse();
            Observation joined = at("joined", 0, """
                    {`0`: {`type`: `network-traffic`, `src_ref`: `1`, `dst_ref`: `3`}, `1`: {`type`: `ipv4-addr`, `value`: `203.0.113.10`},
                     `3`: {`type`: `ipv4-addr`, `value`: `198.51.100.58`}}""");
            assertThat(matches(spec, joined)).isTrue();
            Observation dangling = at("dangling", 0, """
                    {`0`: {`type`: `network-traffic`, `src_ref`: `1`, `dst_ref`: `9`}, `1`: {`type`: `ipv4-addr`, `value`: `203.0.113.10`}}""");
            assertThat(matches(spec, dangling)).as("a reference to an object not in the observation is not present").isFalse();
            assertThat(matches("[network-traffic:dst_ref.value != '1.1.1.1']", dangling)).isFalse();
            Observation elsewhere = at("elsewhere", 0, "{`3`: {`type`: `ipv4-addr`, `value`: `198.51.100.58`}}");
            assertThat(matches("[network-traffic:src_ref.value = '203.0.113.10'] AND [network-traffic:dst_ref.value = '198.51.100.58']",
                    dangling, elsewhere)).as("references never cross observations").isFalse();
        }

        @Test
        void specNetworkTrafficDestinationExample() {
            String spec = "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '203.0.113.33/32']";
            assertThat(matches(spec, at("a", 0, "{`0`: {`type`: `network-traffic`, `dst_ref`: `1`}, "
                    + "`1`: {`type`: `ipv4-addr`, `value`: `203.0.113.33`}}"))).isTrue();
            assertThat(matches(spec, at("b", 0, "{`0`: {`type`: `network-traffic`, `dst_ref`: `1`}, "
                    + "`1`: {`type`: `domain-name`, `value`: `203.0.113.33`}}"))).isFalse();
        }

        @Test
        void listsWithIndexesAndAnyElement() {
            String spec = "[domain-name:value = 'www.5z8.info' AND domain-name:resolves_to_refs[*].value = '198.51.100.1/32']";
            Observation d = at("d", 0, """
                    {`0`: {`type`: `domain-name`, `value`: `www.5z8.info`, `resolves_to_refs`: [`1`, `2`]},
                     `1`: {`type`: `ipv4-addr`, `value`: `203.0.113.1`}, `2`: {`type`: `ipv4-addr`, `value`: `198.51.100.1`}}""");
            assertThat(matches(spec, d)).as("9.8's domain example, second element").isTrue();
            assertThat(matches("[domain-name:resolves_to_refs[0].value = '198.51.100.1']", d)).isFalse();
            assertThat(matches("[domain-name:resolves_to_refs[1].value = '198.51.100.1']", d)).isTrue();
            assertThat(matches("[domain-name:resolves_to_refs[2].value = '198.51.100.1']", d)).as("out of range").isFalse();
            assertThat(matches("[domain-name:resolves_to_refs[2].value != '198.51.100.1']", d)).as("out of range, even !=").isFalse();
            assertThat(matches("[domain-name:resolves_to_refs[*].value != '198.51.100.1']", d)).as("any element").isTrue();
            Observation empty = at("e", 0, "{`0`: {`type`: `domain-name`, `value`: `x.org`, `resolves_to_refs`: []}}");
            assertThat(matches("[domain-name:resolves_to_refs[*].value = '1.2.3.4']", empty)).isFalse();
            assertThat(matches("[domain-name:resolves_to_refs[*].value != '1.2.3.4']", empty)).as("[*] over an empty list").isFalse();
            assertThat(matches("[domain-name:resolves_to_refs[*].value NOT = '1.2.3.4']", empty)).isFalse();
            String pe = "[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]";
            assertThat(matches(pe, file("p", 0, "`extensions`: {`windows-pebinary-ext`: {`sections`: [{`entropy`: 3.5}, {`entropy`: 7.2}]}}")))
                    .isTrue();
            assertThat(matches(pe, file("q", 0, "`extensions`: {`windows-pebinary-ext`: {`sections`: [{`entropy`: 3.5}, {`entropy`: 7.0}]}}")))
                    .isFalse();
            assertThat(matches("[network-traffic:protocols[0] = 'tcp']", at("n", 0,
                    "{`0`: {`type`: `network-traffic`, `protocols`: [`tcp`, `http`]}}"))).isTrue();
            assertThat(matches("[file:hashes.'SHA-256' = 'aa' AND file:hashes.MD5 = 'bb']",
                    file("h", 0, "`hashes`: {`SHA-256`: `aa`, `MD5`: `bb`}"))).isTrue();
        }

        @Test
        void differentObjectTypesJoinedByOrMatchEitherObject() {
            // 9.5: [(type-a ... AND type-a ...) OR (type-b ... AND type-b ...)], here with real types.
            String pattern = "[(file:name = 'w' AND file:size = 1) OR (ipv4-addr:value = '10.0.0.1' AND EXISTS ipv4-addr:resolves_to_refs)]";
            assertThat(matches(pattern, file("a", 0, "`name`: `w`, `size`: 1"))).isTrue();
            assertThat(matches(pattern, file("b", 0, "`name`: `w`, `size`: 2"))).isFalse();
            assertThat(matches(pattern, at("c", 0, "{`0`: {`type`: `ipv4-addr`, `value`: `10.0.0.1`, `resolves_to_refs`: []}}"))).isTrue();
            assertThat(matches(pattern, at("d", 0, "{`0`: {`type`: `file`, `name`: `w`}, `1`: {`type`: `file`, `size`: 1}}")))
                    .as("both comparisons must hold for the same file").isFalse();
        }
    }

    @Nested
    class ObservationOperatorsAndQualifiers {

        @Test
        void andNeedsDifferentObservations() {
            String pattern = "[file:name = 'a'] AND [file:size = 1]";
            Observation both = file("both", 0, "`name`: `a`, `size`: 1");
            assertThat(matches(pattern, both)).as("one observation cannot be both").isFalse();
            assertThat(matches(pattern, file("x", 0, "`name`: `a`"), file("y", 5, "`size`: 1"))).isTrue();
            assertThat(matches(pattern, obs("twice", T0, T0, 2, "{`0`: {`type`: `file`, `name`: `a`, `size`: 1}}")))
                    .as("an observed-data with number_observed 2 is two observations").isTrue();
            MatchResult r = PatternMatcher.match(PatternParser.parse(pattern),
                    List.of(file("n", 0, "`name`: `zzz`"), file("y", 5, "`size`: 1"), file("x", 9, "`name`: `a`")));
            assertThat(r.observationIds()).containsExactly("y", "x");
        }

        @Test
        void specUserAccountsExampleNeedsThreeObservations() {
            String spec = "[user-account:account_type = 'unix' AND user-account:user_id = '1007' AND user-account:account_login = 'Peter']"
                    + " AND [user-account:account_type = 'unix' AND user-account:user_id = '1008' AND user-account:account_login = 'Paul']"
                    + " AND [user-account:account_type = 'unix' AND user-account:user_id = '1009' AND user-account:account_login = 'Mary']";
            Observation peter = at("peter", 0, "{`0`: {`type`: `user-account`, `account_type`: `unix`, `user_id`: `1007`, `account_login`: `Peter`}}");
            Observation paul = at("paul", 1, "{`0`: {`type`: `user-account`, `account_type`: `unix`, `user_id`: `1008`, `account_login`: `Paul`}}");
            Observation mary = at("mary", 2, "{`0`: {`type`: `user-account`, `account_type`: `unix`, `user_id`: `1009`, `account_login`: `Mary`}}");
            Observation maryWindows = at("maryw", 2, "{`0`: {`type`: `user-account`, `account_type`: `windows-local`, `user_id`: `1009`, `account_login`: `Mary`}}");
            assertThat(PatternMatcher.match(PatternParser.parse(spec), List.of(mary, paul, peter)).observationIds())
                    .containsExactlyInAnyOrder("peter", "paul", "mary");
            assertThat(matches(spec, peter, paul, maryWindows)).isFalse();
        }

        @Test
        void orNeedsEitherSide() {
            // 9.8's last example
            String spec = "([file:name = 'foo.dll'] AND [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) OR "
                    + "[process:image_ref.name = 'fooproc' OR process:image_ref.name = 'procfoo']";
            Observation dll = file("dll", 0, "`name`: `foo.dll`");
            Observation key = at("key", 1, "{`0`: {`type`: `windows-registry-key`, `key`: `HKEY_LOCAL_MACHINE\\\\foo\\\\bar`}}");
            Observation proc = at("proc", 2, "{`0`: {`type`: `process`, `image_ref`: `1`}, `1`: {`type`: `file`, `name`: `procfoo`}}");
            assertThat(matches(spec, dll, key)).isTrue();
            assertThat(matches(spec, dll)).isFalse();
            assertThat(matches(spec, proc)).isTrue();
            assertThat(matches(spec, key, at("other", 3, "{`0`: {`type`: `process`, `image_ref`: `1`}, `1`: {`type`: `file`, `name`: `x`}}")))
                    .isFalse();
        }

        @Test
        void followedByNeedsTheRightOrder() {
            String pattern = "[file:name = 'a'] FOLLOWEDBY [file:name = 'b']";
            assertThat(matches(pattern, file("a", 0, "`name`: `a`"), file("b", 10, "`name`: `b`"))).isTrue();
            assertThat(matches(pattern, file("b", 0, "`name`: `b`"), file("a", 10, "`name`: `a`"))).as("wrong order").isFalse();
            assertThat(matches(pattern, file("a", 5, "`name`: `a`"), file("b", 5, "`name`: `b`"))).as("same time: >=").isTrue();
            // Windows: b must start at or after a's last_observed.
            Observation longA = obs("a", T0, T0.plusSeconds(60), 1, "{`0`: {`type`: `file`, `name`: `a`}}");
            assertThat(matches(pattern, longA, file("b", 30, "`name`: `b`"))).as("b inside a's window").isFalse();
            assertThat(matches(pattern, longA, file("b", 60, "`name`: `b`"))).isTrue();
            assertThat(matches("[file:name = 'a'] FOLLOWEDBY [file:name = 'a']", file("a", 0, "`name`: `a`")))
                    .as("different observations").isFalse();
        }

        @Test
        void withinCountsFromTheEarliestToTheLatestTimestampExclusive() {
            // 9.8: ([file:hashes.MD5 = ...] FOLLOWEDBY [windows-registry-key:key = ...]) WITHIN 300 SECONDS
            String spec = "([file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY "
                    + "[windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) WITHIN 300 SECONDS";
            Observation f = file("f", 0, "`hashes`: {`MD5`: `79054025255fb1a26e4bc422aef54eb4`}");
            assertThat(matches(spec, f, key("k", 299.999))).as("just inside").isTrue();
            assertThat(matches(spec, f, key("k", 300))).as("equal to the window is outside (9.5.1)").isFalse();
            assertThat(matches(spec, f, key("k", 301))).isFalse();
            assertThat(matches(spec, key("k", -10), f)).as("wrong order: the key before the file").isFalse();
            assertThat(matches("[file:name = 'a'] WITHIN 0.5 SECONDS",
                    obs("w", T0, T0.plusMillis(500), 1, "{`0`: {`type`: `file`, `name`: `a`}}"))).as("one observation's own window").isFalse();
            assertThat(matches("[file:name = 'a'] WITHIN 0.5 SECONDS",
                    obs("w", T0, T0.plusMillis(499), 1, "{`0`: {`type`: `file`, `name`: `a`}}"))).isTrue();
        }

        private static Observation key(String id, double seconds) {
            return at(id, seconds, "{`0`: {`type`: `windows-registry-key`, `key`: `HKEY_LOCAL_MACHINE\\\\foo\\\\bar`}}");
        }

        @Test
        void repeatsNeedsDistinctObservations() {
            // 9.8: beaconing, REPEATS 5 TIMES WITHIN 1800 SECONDS
            String spec = "[network-traffic:dst_ref.type = 'domain-name' AND network-traffic:dst_ref.value = 'example.com'] "
                    + "REPEATS 5 TIMES WITHIN 1800 SECONDS";
            List<Observation> beacons = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                beacons.add(beacon("b" + i, i * 400));
            }
            assertThat(PatternMatcher.match(PatternParser.parse(spec), beacons).observationIds()).containsExactly("b0", "b1", "b2", "b3", "b4");
            assertThat(matches(spec, beacons.subList(0, 4).toArray(Observation[]::new))).as("only four").isFalse();
            List<Observation> spread = new ArrayList<>(beacons.subList(0, 4));
            spread.add(beacon("late", 1800));
            assertThat(matches(spec, spread.toArray(Observation[]::new))).as("fifth outside the window").isFalse();
            spread.add(beacon("early", 100));
            assertThat(matches(spec, spread.toArray(Observation[]::new))).as("five within 1800 s: 0,100,400,800,1200").isTrue();
            assertThat(matches("[file:name = 'a'] REPEATS 2 TIMES", file("a", 0, "`name`: `a`"))).isFalse();
            assertThat(matches("[file:name = 'a'] REPEATS 2 TIMES", obs("a2", T0, T0.plusSeconds(10), 2,
                    "{`0`: {`type`: `file`, `name`: `a`}}"))).as("number_observed 2 counts twice").isTrue();
            assertThat(matches("[file:name = 'a'] REPEATS 3 TIMES", obs("a2", T0, T0.plusSeconds(10), 2,
                    "{`0`: {`type`: `file`, `name`: `a`}}"))).isFalse();
        }

        private static Observation beacon(String id, double seconds) {
            return at(id, seconds, "{`0`: {`type`: `network-traffic`, `dst_ref`: `1`}, `1`: {`type`: `domain-name`, `value`: `example.com`}}");
        }

        @Test
        void qualifiersAreNotGreedy() {
            // 9.5.2: [a] FOLLOWEDBY [c] REPEATS 5 TIMES is one a before five c's; with parentheses five pairs.
            Observation a = file("a", 0, "`name`: `a`");
            List<Observation> cs = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                cs.add(file("c" + i, i, "`name`: `c`"));
            }
            List<Observation> all = new ArrayList<>(cs);
            all.add(a);
            assertThat(PatternMatcher.match(PatternParser.parse("[file:name = 'a'] FOLLOWEDBY [file:name = 'c'] REPEATS 5 TIMES"), all)
                    .observationIds()).hasSize(6);
            assertThat(matches("([file:name = 'a'] FOLLOWEDBY [file:name = 'c']) REPEATS 5 TIMES", all.toArray(Observation[]::new)))
                    .as("five pairs need five a's").isFalse();
            List<Observation> pairs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                pairs.add(file("a" + i, i * 10, "`name`: `a`"));
                pairs.add(file("c" + i, i * 10 + 1, "`name`: `c`"));
            }
            assertThat(PatternMatcher.match(PatternParser.parse("([file:name = 'a'] FOLLOWEDBY [file:name = 'c']) REPEATS 2 TIMES"), pairs)
                    .observationIds()).hasSize(4);
            Observation early = file("c0", -1, "`name`: `c`");
            assertThat(matches("[file:name = 'a'] FOLLOWEDBY [file:name = 'c'] REPEATS 2 TIMES", early, a, cs.get(0)))
                    .as("a c before the a does not count").isFalse();
        }

        @Test
        void startStopIsHalfOpen() {
            String pattern = "[file:name = 'foo.dll'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'";
            assertThat(matches(pattern, fooAt("2016-06-01T00:00:00Z"))).as("at START").isTrue();
            assertThat(matches(pattern, fooAt("2016-05-31T23:59:59.999Z"))).as("just before START").isFalse();
            assertThat(matches(pattern, fooAt("2016-06-30T23:59:59.999Z"))).as("just before STOP").isTrue();
            assertThat(matches(pattern, fooAt("2016-07-01T00:00:00Z"))).as("at STOP").isFalse();
            assertThat(matches(pattern, obs("w", Instant.parse("2016-06-30T00:00:00Z"), Instant.parse("2016-07-02T00:00:00Z"), 1,
                    "{`0`: {`type`: `file`, `name`: `foo.dll`}}"))).as("window reaching past STOP").isFalse();
            assertThat(matches("([file:name = 'foo.dll'] AND [file:name = 'bar.dll']) START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
                    fooAt("2016-06-10T00:00:00Z"), obs("bar", Instant.parse("2016-08-01T00:00:00Z"), Instant.parse("2016-08-01T00:00:00Z"), 1,
                            "{`0`: {`type`: `file`, `name`: `bar.dll`}}"))).as("every observation used must be inside").isFalse();
        }

        private static Observation fooAt(String time) {
            Instant t = Instant.parse(time);
            return obs("foo", t, t, 1, "{`0`: {`type`: `file`, `name`: `foo.dll`}}");
        }

        @Test
        void noObservationsNoMatch() {
            MatchResult r = PatternMatcher.match(PatternParser.parse("[file:name = 'a'] OR [file:size = 1]"), List.of());
            assertThat(r.matched()).isFalse();
            assertThat(r.observationIds()).isEmpty();
        }
    }
}
