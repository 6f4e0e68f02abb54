package org.entente.stix;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.entente.stix.conformance.CanonicalJson;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whatever a producer sends (random custom properties, nested lists and dictionaries, decimals with
 * trailing zeros, integers beyond 64 bits, awkward strings, timestamps of any precision) comes back from
 * BundleWriter → BundleReader exactly: same JSON, same number text, same property order.
 */
class BundleRoundTripPropertyTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    record Input(JsonNode json, boolean raw) {
    }

    @Property(tries = 300)
    void objectsSurviveWriteThenReadUnchanged(@ForAll("inputs") List<Input> inputs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BundleWriter writer = new BundleWriter(out, "bundle--" + UUID.randomUUID())) {
            for (Input in : inputs) {
                if (in.raw()) {
                    writer.writeRaw(StixJson.MAPPER.writeValueAsString(in.json()));
                } else {
                    writer.write(in.json());
                }
            }
        }

        List<JsonNode> back = new ArrayList<>();
        try (BundleReader reader = new BundleReader(new ByteArrayInputStream(out.toByteArray()))) {
            for (BundleReader.Entry e = reader.next(); e != null; e = reader.next()) {
                back.add(e.json());
            }
        }

        assertThat(back).hasSameSizeAs(inputs);
        for (int i = 0; i < back.size(); i++) {
            JsonNode generated = inputs.get(i).json();
            JsonNode actual = back.get(i);
            // Exact: sorted-key text, where 1.10 is not 1.1 and a timestamp is its characters.
            assertThat(CanonicalJson.of(actual)).isEqualTo(CanonicalJson.of(generated));
            assertThat(actual.propertyNames()).containsExactlyElementsOf(generated.propertyNames());
            // A reader of the generated text sees the same tree (node kinds normalised, e.g. long 5 -> int 5).
            JsonNode parsed = StixJson.MAPPER.readTree(StixJson.MAPPER.writeValueAsString(generated));
            assertThat(actual).isEqualTo(parsed);
            assertThat(StixObject.of(actual)).isEqualTo(StixObject.of(parsed));
            assertThat(StixObject.of(actual).modified().map(StixTimestamp::text))
                    .contains(generated.get("modified").stringValue());
        }
    }

    @Provide
    Arbitrary<List<Input>> inputs() {
        return Combinators.combine(stixObject(), Arbitraries.of(true, false)).as(Input::new).list().ofMaxSize(5);
    }

    Arbitrary<ObjectNode> stixObject() {
        Arbitrary<String> type = Arbitraries.oneOf(
                Arbitraries.of("indicator", "malware", "attack-pattern", "relationship", "x-mitre-tactic"),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12).map(s -> "x-" + s));
        Arbitrary<UUID> uuid = Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new);
        Arbitrary<List<Map.Entry<String, JsonNode>>> custom =
                Combinators.combine(propertyName(), value(3)).as(Map::entry).list().ofMaxSize(6);
        return Combinators.combine(type, uuid, timestamp(), timestamp(), custom).as((t, u, created, modified, props) -> {
            ObjectNode o = NODES.objectNode();
            o.put("type", t);
            o.put("spec_version", "2.1");
            o.put("id", t + "--" + u);
            o.put("created", created);
            o.put("modified", modified);
            props.forEach(p -> o.set(p.getKey(), p.getValue()));
            return o;
        });
    }

    /** RFC 3339 UTC timestamps with zero to nine fraction digits, and the occasional leap second. */
    static Arbitrary<String> timestamp() {
        return Combinators.combine(
                Arbitraries.integers().between(1970, 2099),
                Arbitraries.integers().between(1, 12),
                Arbitraries.integers().between(1, 28),
                Arbitraries.integers().between(0, 23),
                Arbitraries.integers().between(0, 59),
                Arbitraries.frequencyOf(Tuple.of(20, Arbitraries.integers().between(0, 59)),
                        Tuple.of(1, Arbitraries.just(60))),
                Arbitraries.strings().numeric().ofMaxLength(9)
        ).as((y, mo, d, h, mi, s, frac) -> "%04d-%02d-%02dT%02d:%02d:%02d%sZ"
                .formatted(y, mo, d, h, mi, s, frac.isEmpty() ? "" : "." + frac));
    }

    static Arbitrary<String> propertyName() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789_").ofMinLength(1).ofMaxLength(20)
                .map(s -> "x_" + s);
    }

    static Arbitrary<JsonNode> value(int depth) {
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                text().map(NODES::stringNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.integers().map(NODES::numberNode),
                Arbitraries.longs().map(NODES::numberNode),
                bigIntegers().map(NODES::numberNode),
                decimals().map(NODES::numberNode),
                Arbitraries.just(NODES.nullNode()));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonNode> list = Arbitraries.lazy(() -> value(depth - 1)).list().ofMaxSize(4).map(items -> {
            ArrayNode a = NODES.arrayNode();
            items.forEach(a::add);
            return a;
        });
        Arbitrary<JsonNode> dictionary = Combinators.combine(text(), Arbitraries.lazy(() -> value(depth - 1)))
                .as(Map::entry).list().ofMaxSize(4).map(entries -> {
                    ObjectNode o = NODES.objectNode();
                    entries.forEach(e -> o.set(e.getKey(), e.getValue()));
                    return o;
                });
        return Arbitraries.frequencyOf(Tuple.of(6, leaf), Tuple.of(1, list), Tuple.of(1, dictionary));
    }

    /** Any text without unpaired surrogates, plus strings that trip up hand-written JSON. */
    static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFD').ofMaxLength(12),
                Arbitraries.of("", "\"", "\\", "\u2028\u2029", "</script>", "\uD83D\uDE00 emoji", "null", "1.10",
                        "2016-05-12T08:17:27.000Z", "tab\there", "line\nbreak", "\u0000"));
    }

    static Arbitrary<BigInteger> bigIntegers() {
        return Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(new BigInteger("-1" + "0".repeat(40)), new BigInteger("1" + "0".repeat(40))),
                Arbitraries.of(new BigInteger("9223372036854775808"), new BigInteger("-9223372036854775809"),
                        new BigInteger("18446744073709551616")));
    }

    /** Decimals with any scale, including trailing zeros (1.10), negative scales (1E+3) and zero (0.000). */
    static Arbitrary<BigDecimal> decimals() {
        return Arbitraries.oneOf(
                Combinators.combine(
                        Arbitraries.bigIntegers().between(new BigInteger("-1" + "0".repeat(30)), new BigInteger("1" + "0".repeat(30))),
                        Arbitraries.integers().between(-5, 25)
                ).as(BigDecimal::new),
                Arbitraries.of("1.10", "0.0", "0.000", "1E+3", "-2.50", "100.000000000000000000001", "1E-30")
                        .map(BigDecimal::new));
    }
}
