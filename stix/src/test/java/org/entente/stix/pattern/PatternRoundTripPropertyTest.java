package org.entente.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.entente.stix.StixTimestamp;
import org.entente.stix.pattern.ComparisonExpression.Comparison;
import org.entente.stix.pattern.ComparisonExpression.Exists;
import org.entente.stix.pattern.Constant.BinaryConstant;
import org.entente.stix.pattern.Constant.BooleanConstant;
import org.entente.stix.pattern.Constant.FloatConstant;
import org.entente.stix.pattern.Constant.IntegerConstant;
import org.entente.stix.pattern.Constant.SetConstant;
import org.entente.stix.pattern.Constant.StringConstant;
import org.entente.stix.pattern.Constant.TimestampConstant;
import org.entente.stix.pattern.ObservationExpression.Qualifier;
import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;

/**
 * print → parse gives back the very tree, for random valid trees: nested observation operators of
 * every kind (including an operator directly inside the same operator), chains of qualifiers of
 * different kinds and re-qualified groups, comparison trees, every operator with NOT or not, object
 * paths with quoted names, indexes and [*], and every kind of constant including strings full of quotes,
 * backslashes, line breaks and non-ASCII text, floats of any scale and sets.
 */
class PatternRoundTripPropertyTest {

    private static final List<String> TYPES = List.of("file", "ipv4-addr", "network-traffic", "x-usb-device", "abc");
    private static final List<String> NAMES = List.of("name", "size", "hashes", "SHA-256", "windows-pebinary-ext", "AND",
            "true", "it's", "back\\slash", "a.b", "_x", "x1", "ünï", " ");
    private static final List<String> REGEXES = List.of("^a.+$", "\\d{3}", "[a-z]*\\.exe", "(?i)evil", "\\xd4\\xc3", "'");
    private static final List<String> NETWORKS = List.of("10.0.0.0/8", "198.51.100.7", "2001:db8::/32", "::1");

    @Property(tries = 500)
    void printThenParseGivesTheSameTree(@ForAll("patterns") Pattern pattern) {
        String text = PatternPrinter.print(pattern);
        assertThat(PatternParser.parse(text)).as(text).isEqualTo(pattern);
        assertThat(PatternPrinter.print(PatternParser.parse(text))).isEqualTo(text);
    }

    @Test
    void parenthesesAreMinimalButKeepTheShape() {
        String[] canonical = {
            "[file:name = 'a'] AND [file:name = 'b'] OR [file:name = 'c'] FOLLOWEDBY [file:name = 'd']",
            "[file:name = 'a'] AND ([file:name = 'b'] OR [file:name = 'c'])",
            "([file:name = 'a'] FOLLOWEDBY [file:name = 'b']) AND [file:name = 'c']",
            "([file:name = 'a'] AND [file:name = 'b']) AND [file:name = 'c']",
            "[file:name = 'a'] FOLLOWEDBY [file:size = 1] REPEATS 5 TIMES",
            "([file:name = 'a'] FOLLOWEDBY [file:size = 1]) REPEATS 5 TIMES WITHIN 300 SECONDS",
            "([file:name = 'a'] REPEATS 2 TIMES) REPEATS 3 TIMES",
            "[file:name = 'a' AND file:size = 1 OR file:size = 2]",
            "[file:name = 'a' AND (file:size = 1 OR file:size = 2)]",
            "[(file:name = 'a' AND file:size = 1) AND file:size = 2]",
            "[file:name NOT LIKE 'a%' AND NOT EXISTS file:x[*].'y-z'[0]]",
            "[file:x = 7.0 OR file:x = 7E0 OR file:x = -1.5E-7 OR file:x = 1E+3]",
        };
        for (String text : canonical) {
            assertThat(PatternPrinter.print(PatternParser.parse(text))).isEqualTo(text);
        }
        assertThat(PatternPrinter.print(PatternParser.parse("( [file:name='it\\'s' ] )   WITHIN 0.5 SECONDS")))
                .isEqualTo("[file:name = 'it\\'s'] WITHIN 0.5 SECONDS");
        assertThat(PatternPrinter.print(PatternParser.parse("[file:x = h'FF'] ".replace("FF", "ff") + "OR [file:x = b'AAE=']")))
                .isEqualTo("[file:x = h'ff'] OR [file:x = b'AAE=']");
    }

    @Provide
    Arbitrary<Pattern> patterns() {
        return observation(3).map(Pattern::new);
    }

    private Arbitrary<ObservationExpression> observation(int depth) {
        Arbitrary<ObservationExpression> leaf = comparison(2, null).map(ObservationExpression.Observation::new);
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<List<ObservationExpression>> operands = Arbitraries.lazy(() -> observation(depth - 1)).list().ofMinSize(2).ofMaxSize(3);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf),
                net.jqwik.api.Tuple.of(1, operands.map(ObservationExpression.And::new)),
                net.jqwik.api.Tuple.of(1, operands.map(ObservationExpression.Or::new)),
                net.jqwik.api.Tuple.of(1, operands.map(ObservationExpression.FollowedBy::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.lazy(() -> observation(depth - 1)).flatMap(
                        e -> qualifier().map(q -> new ObservationExpression.Qualified(e, q)))));
    }

    private Arbitrary<Qualifier> qualifier() {
        Arbitrary<Qualifier> within = Arbitraries.bigDecimals().between(new BigDecimal("0.001"), new BigDecimal("100000"))
                .ofScale(3).flatMap(d -> Arbitraries.integers().between(0, 3).map(s -> d.setScale(s, java.math.RoundingMode.UP)))
                .filter(d -> d.signum() > 0).map(Qualifier.Within::new);
        Arbitrary<Qualifier> repeats = Arbitraries.integers().between(1, 1000).map(Qualifier.Repeats::new);
        Arbitrary<Qualifier> startStop = timestamp().flatMap(a -> timestamp().filter(b -> !a.instant().equals(b.instant()))
                .map(b -> a.isBefore(b) ? new Qualifier.StartStop(a, b) : new Qualifier.StartStop(b, a)));
        return Arbitraries.oneOf(within, repeats, startStop);
    }

    private Arbitrary<StixTimestamp> timestamp() {
        return Arbitraries.longs().between(0, 4_000_000_000L).flatMap(seconds -> Arbitraries.of("", ".0", ".123", ".000000", ".123456789")
                .map(fraction -> {
                    String text = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
                            .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochSecond(seconds)) + fraction + "Z";
                    return StixTimestamp.parse(text);
                }));
    }

    /** A comparison tree whose AND operands all start from one object type (required, section 9.5). */
    private Arbitrary<ComparisonExpression> comparison(int depth, String type) {
        Arbitrary<String> types = type == null ? Arbitraries.of(TYPES) : Arbitraries.just(type);
        Arbitrary<ComparisonExpression> leaf = types.flatMap(this::test);
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<ComparisonExpression> and = types.flatMap(t -> comparison(depth - 1, t).list().ofMinSize(2).ofMaxSize(3)
                .map(ComparisonExpression.And::new));
        Arbitrary<ComparisonExpression> or = comparison(depth - 1, type).list().ofMinSize(2).ofMaxSize(3)
                .map(ComparisonExpression.Or::new);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, leaf), net.jqwik.api.Tuple.of(1, and), net.jqwik.api.Tuple.of(1, or));
    }

    private Arbitrary<ComparisonExpression> test(String type) {
        Arbitrary<Boolean> not = Arbitraries.of(true, false);
        Arbitrary<ComparisonExpression> exists = path(type).flatMap(p -> not.map(n -> new Exists(p, n)));
        Arbitrary<ComparisonExpression> general = path(type).flatMap(p -> not.flatMap(n -> Arbitraries.of(
                ComparisonOperator.EQ, ComparisonOperator.NEQ, ComparisonOperator.LT, ComparisonOperator.LE,
                ComparisonOperator.GT, ComparisonOperator.GE, ComparisonOperator.IN, ComparisonOperator.LIKE,
                ComparisonOperator.MATCHES).flatMap(op -> operand(op).map(c -> new Comparison(p, n, op, c)))));
        Arbitrary<ComparisonExpression> network = Arbitraries.of("ipv4-addr", "ipv6-addr").flatMap(t -> not.flatMap(n ->
                Arbitraries.of(ComparisonOperator.ISSUBSET, ComparisonOperator.ISSUPERSET).flatMap(op ->
                        Arbitraries.of(NETWORKS).filter(s -> s.contains(":") == t.equals("ipv6-addr")).map(s -> new Comparison(
                                new ObjectPath(t, List.of(new ObjectPath.Step.Property("value"))), n, op, new StringConstant(s))))));
        Arbitrary<ComparisonExpression> viaRef = Arbitraries.of(ComparisonOperator.ISSUBSET, ComparisonOperator.ISSUPERSET)
                .flatMap(op -> Arbitraries.of(NETWORKS).map(s -> new Comparison(new ObjectPath(type, List.of(
                        new ObjectPath.Step.Property("dst_ref"), new ObjectPath.Step.Property("value"))), false, op, new StringConstant(s))));
        return type.equals("ipv4-addr")
                ? Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, exists), net.jqwik.api.Tuple.of(5, general),
                        net.jqwik.api.Tuple.of(1, network.filter(c -> ((Comparison) c).path().objectType().equals("ipv4-addr"))))
                : Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, exists), net.jqwik.api.Tuple.of(5, general), net.jqwik.api.Tuple.of(1, viaRef));
    }

    private Arbitrary<ObjectPath> path(String type) {
        Arbitrary<ObjectPath.Step> step = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of(NAMES).map(ObjectPath.Step.Property::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 1000).map(ObjectPath.Step.Index::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new ObjectPath.Step.AnyIndex())));
        return Arbitraries.of(NAMES).flatMap(first -> step.list().ofMaxSize(4).map(rest -> {
            List<ObjectPath.Step> steps = new ArrayList<>();
            steps.add(new ObjectPath.Step.Property(first));
            steps.addAll(rest);
            return new ObjectPath(type, steps);
        }));
    }

    private Arbitrary<Constant> operand(ComparisonOperator op) {
        return switch (op) {
            case IN -> Arbitraries.of("string", "integer", "float", "boolean", "binary", "hex", "timestamp")
                    .flatMap(kind -> primitive(kind).list().ofMinSize(1).ofMaxSize(4).map(SetConstant::new));
            case LIKE -> string().map(StringConstant::new);
            case MATCHES -> Arbitraries.of(REGEXES).map(StringConstant::new);
            case LT, LE, GT, GE -> Arbitraries.of("string", "integer", "float", "binary", "hex", "timestamp").flatMap(this::primitive);
            default -> Arbitraries.of("string", "integer", "float", "boolean", "binary", "hex", "timestamp").flatMap(this::primitive);
        };
    }

    private Arbitrary<String> string() {
        return Arbitraries.strings().withChars("'\\\"%_ \n\tabcXYZ09.é中")
                .withCharRange('\u0100', '\u0200').ofMaxLength(12)
                .injectDuplicates(0.1);
    }

    private Arbitrary<Constant> primitive(String kind) {
        long max = (1L << 53) - 1;
        return switch (kind) {
            case "string" -> string().map(StringConstant::new);
            case "integer" -> Arbitraries.longs().between(-max, max).withDistribution(RandomDistribution.biased()).map(IntegerConstant::new);
            case "float" -> Arbitraries.bigIntegers().between(java.math.BigInteger.valueOf(-max), java.math.BigInteger.valueOf(max))
                    .flatMap(unscaled -> Arbitraries.integers().between(-5, 12).map(scale -> new BigDecimal(unscaled, scale)))
                    .map(FloatConstant::new);
            case "boolean" -> Arbitraries.of(true, false).map(BooleanConstant::new);
            case "binary" -> Arbitraries.bytes().array(byte[].class).ofMaxSize(9).map(b -> new BinaryConstant(b, false));
            case "hex" -> Arbitraries.bytes().array(byte[].class).ofMaxSize(9).map(b -> new BinaryConstant(b, true));
            default -> timestamp().map(TimestampConstant::new);
        };
    }
}
