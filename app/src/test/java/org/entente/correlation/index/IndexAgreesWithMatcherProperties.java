package org.entente.correlation.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.correlation.index.Patterns.sco;
import static org.entente.correlation.index.Patterns.str;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiPredicate;

import org.entente.stix.StixId;
import org.entente.stix.StixJson;
import org.entente.stix.pattern.ComparisonExpression;
import org.entente.stix.pattern.ComparisonOperator;
import org.entente.stix.pattern.Constant;
import org.entente.stix.pattern.Observation;
import org.entente.stix.pattern.ObservationExpression;
import org.entente.stix.pattern.Pattern;
import org.entente.stix.pattern.PatternMatcher;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The indexed path and the full matcher agree on random indicators and observations: every
 * indicator the matcher says matches a one-observation list is confirmed, to verify, or suppressed,
 * and every confirmed one does match.
 *
 * <p>The matcher is {@link PatternMatcher} (branch {@code pattern-language}), on a list of the one
 * observation. The value pools are small and overlap so that hits, near misses (case, look-alikes,
 * other spellings of an address, NFC forms, Unicode case-insensitive letters) and warninglisted
 * values are frequent.
 */
class IndexAgreesWithMatcherProperties {

    static final BiPredicate<Pattern, Observation> MATCHER = (p, o) -> PatternMatcher.match(p, List.of(o)).matched();

    static final String[] V4 = {"8.8.8.8", "8.8.8.9", "8.8.9.1", "1.2.3.4", "10.0.0.1", "192.0.2.7", "0.0.0.0",
        "255.255.255.254", "8.8.8.08", "9.0.0.1", "8.8.8.0/25", "8.0.0.0/8", "8.8.8.8/32", "8.8.8.77/24"};
    static final String[] V4_BLOCKS = {"8.8.8.0/24", "8.0.0.0/8", "0.0.0.0/0", "1.2.3.4/32", "10.0.0.0/8", "8.8.8.8",
        "8.8.8.1/24", "9.0.0.0/31"};
    static final String[] V6 = {"2606:4700::1111", "2606:4700:0:0:0:0:0:1111", "2606:4701::", "::1", "2001:db8::1",
        "fe80::1", "2A00:1450::1", "::ffff:8.8.8.8", "2606:4700::/48"};
    static final String[] V6_BLOCKS = {"2606:4700::/32", "::/0", "2606:4700::1111/128", "2001:db8::/32",
        "2a00:1450::/32", "::ffff:0:0/96"};
    static final String[] DOMAINS = {"evil.net", "a.evil.net", "b.a.evil.net", "notevil.net", "EVIL.net", "A.Evil.Net",
        "evil.net\n", "evil.net.", "example.com", "www.example.com", "bad.org", "x.bad.org", "evil.net.bad.org",
        "\u212Ak.evil.net", "kk.evil.net", "a.e\u0301vil.net", "a.\u00e9vil.net", "8.8.8.8"};
    static final String[] LIKES = {"%.evil.net", "evil.net", "%evil.net", "e_il.net", "%.bad.org", "%.net", "%",
        "%.\u00e9vil.net", "%.e\u0301vil.net"};
    static final String[] REGEXES = {"^(.*\\.)?evil\\.net$", "\\.evil\\.net$", "(?i)^evil\\.net$", "^evil\\.net$",
        "^([a-z0-9-]+\\.)*bad\\.org$", "evil", "(^|\\.)evil\\.net$", "^.*\\.bad\\.org$", "^(?:.+\\.)?evil\\.net$",
        "(?i)^kk\\.evil\\.net$", "(?i)\\.evil\\.net$"};
    static final String[] MD5S = {"d41d8cd98f00b204e9800998ecf8427e", "D41D8CD98F00B204E9800998ECF8427E",
        "0cc175b9c0f1b6a831c399e269772661"};
    static final String[] ALGS = {"MD5", "SHA-256", "md5"};
    static final String[] NAMES = {"dropper.exe", "DROPPER.EXE", "svchost.exe", "x"};
    static final String[] URLS = {"http://evil.net/a", "http://EVIL.net/a", "http://example.com/"};
    static final String[] EMAILS = {"bob@evil.net", "alice@example.com", "BOB@evil.net"};

    @Property(tries = 400)
    void indexedPathAndMatcherAgree(@ForAll long seed, @ForAll IndicatorIndex.KeyMode keyMode) {
        // keyMode: besides the normal keys, every key in one table slot, or every key equal (64-bit collisions).
        Random r = new Random(seed);
        IndicatorIndex index = new IndicatorIndex(Warninglists.builtIn(), keyMode);
        Map<StixId, Pattern> patterns = new LinkedHashMap<>();
        for (int i = 0; i < 25; i++) {
            StixId id = StixId.random("indicator");
            Pattern p = pattern(r);
            patterns.put(id, p);
            index.put(id, p);
            if (r.nextInt(10) == 0) {
                // Replace an earlier indicator with a new version.
                StixId old = new ArrayList<>(patterns.keySet()).get(r.nextInt(patterns.size()));
                Pattern q = pattern(r);
                patterns.put(old, q);
                index.put(old, q);
            }
        }
        for (int j = 0; j < 20; j++) {
            Observation o = observation(r);
            Candidates c = index.candidates(o);
            Set<StixId> suppressed = new HashSet<>();
            c.suppressed().forEach(h -> suppressed.add(h.indicatorId()));
            for (Map.Entry<StixId, Pattern> e : patterns.entrySet()) {
                boolean matches = MATCHER.test(e.getValue(), o);
                StixId id = e.getKey();
                if (matches) {
                    assertThat(c.confirmed().contains(id) || c.toVerify().contains(id) || suppressed.contains(id))
                            .as("missed %s for %s on %s", id, e.getValue(), o.objects()).isTrue();
                    Statistics.label("outcome").collect(c.confirmed().contains(id) ? "match: confirmed"
                            : c.toVerify().contains(id) ? "match: to verify" : "match: suppressed");
                }
                if (c.confirmed().contains(id)) {
                    assertThat(matches).as("falsely confirmed %s for %s on %s", id, e.getValue(), o.objects()).isTrue();
                }
            }
        }
    }

    // ----- random patterns -------------------------------------------------------------------------------

    static Pattern pattern(Random r) {
        return new Pattern(observationExpression(r, 0));
    }

    static ObservationExpression observationExpression(Random r, int depth) {
        int k = depth > 0 ? r.nextInt(10) : r.nextInt(14);
        if (k < 10) {
            return new ObservationExpression.Observation(comparisonExpression(r, 0));
        }
        List<ObservationExpression> two = List.of(observationExpression(r, depth + 1), observationExpression(r, depth + 1));
        return switch (k) {
            case 10 -> new ObservationExpression.And(two);
            case 11 -> new ObservationExpression.Or(two);
            case 12 -> new ObservationExpression.FollowedBy(two);
            default -> new ObservationExpression.Qualified(two.getFirst(), r.nextBoolean()
                    ? new ObservationExpression.Qualifier.Repeats(1 + r.nextInt(2))
                    : new ObservationExpression.Qualifier.Within(BigDecimal.TEN));
        };
    }

    static ComparisonExpression comparisonExpression(Random r, int depth) {
        int k = depth >= 2 ? 0 : r.nextInt(6);
        if (k < 4) {
            return comparison(r);
        }
        List<ComparisonExpression> ops = new ArrayList<>();
        int n = 2 + r.nextInt(2);
        for (int i = 0; i < n; i++) {
            ops.add(comparisonExpression(r, depth + 1));
        }
        return k == 4 ? new ComparisonExpression.And(ops) : new ComparisonExpression.Or(ops);
    }

    static String pick(Random r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    static Constant set(Random r, String[] values) {
        return new Constant.SetConstant(List.of(str(pick(r, values)), str(pick(r, values))));
    }

    static ComparisonExpression comparison(Random r) {
        if (r.nextInt(25) == 0) {
            return new ComparisonExpression.Exists(Patterns.path(pick(r, new String[] {"file:size", "domain-name:value",
                "network-traffic:dst_ref.value"})), r.nextInt(4) == 0);
        }
        boolean negated = r.nextInt(8) == 0;
        String path;
        ComparisonOperator op;
        Constant value;
        switch (r.nextInt(14)) {
            case 0 -> {
                path = "ipv4-addr:value";
                op = List.of(ComparisonOperator.EQ, ComparisonOperator.IN, ComparisonOperator.NEQ).get(r.nextInt(3));
                value = op == ComparisonOperator.IN ? set(r, V4) : str(pick(r, V4));
            }
            case 1, 2 -> {
                path = r.nextInt(4) == 0 ? "network-traffic:dst_ref.value" : "ipv4-addr:value";
                op = ComparisonOperator.ISSUBSET;
                value = str(pick(r, V4_BLOCKS));
            }
            case 3 -> {
                path = "ipv6-addr:value";
                op = r.nextBoolean() ? ComparisonOperator.EQ : ComparisonOperator.ISSUBSET;
                value = str(op == ComparisonOperator.EQ ? pick(r, V6) : pick(r, V6_BLOCKS));
            }
            case 4 -> {
                path = "domain-name:value";
                op = r.nextBoolean() ? ComparisonOperator.EQ : ComparisonOperator.IN;
                value = op == ComparisonOperator.IN ? set(r, DOMAINS) : str(pick(r, DOMAINS));
            }
            case 5 -> {
                path = r.nextInt(4) == 0 ? "network-traffic:dst_ref.value" : "domain-name:value";
                op = ComparisonOperator.LIKE;
                value = str(pick(r, LIKES));
            }
            case 6 -> {
                path = r.nextInt(5) == 0 ? "url:value" : "domain-name:value";
                op = ComparisonOperator.MATCHES;
                value = str(pick(r, REGEXES));
            }
            case 7 -> {
                path = "file:hashes." + quote(pick(r, ALGS));
                op = r.nextBoolean() ? ComparisonOperator.EQ : ComparisonOperator.IN;
                value = op == ComparisonOperator.IN ? set(r, MD5S) : str(pick(r, MD5S));
            }
            case 8 -> {
                path = "file:name";
                op = r.nextBoolean() ? ComparisonOperator.EQ : ComparisonOperator.LIKE;
                value = str(pick(r, NAMES));
            }
            case 9 -> {
                path = "file:size";
                op = List.of(ComparisonOperator.EQ, ComparisonOperator.GT, ComparisonOperator.LT).get(r.nextInt(3));
                value = r.nextInt(4) == 0 ? new Constant.FloatConstant(BigDecimal.valueOf(r.nextInt(3) * 100L, 1))
                        : new Constant.IntegerConstant(r.nextInt(3) * 100);
            }
            case 10 -> {
                path = "url:value";
                op = ComparisonOperator.EQ;
                value = str(pick(r, URLS));
            }
            case 11 -> {
                path = r.nextBoolean() ? "email-addr:value" : "email-message:to_refs[*].value";
                op = ComparisonOperator.EQ;
                value = str(pick(r, EMAILS));
            }
            case 12 -> {
                path = "network-traffic:dst_ref.value";
                op = ComparisonOperator.EQ;
                value = str(r.nextBoolean() ? pick(r, V4) : pick(r, DOMAINS));
            }
            default -> {
                path = "network-traffic:dst_port";
                op = ComparisonOperator.EQ;
                value = new Constant.IntegerConstant(r.nextBoolean() ? 443 : 4444);
            }
        }
        return new ComparisonExpression.Comparison(Patterns.path(path), negated, op, value);
    }

    static String quote(String alg) {
        return alg.contains("-") ? "'" + alg + "'" : alg;
    }

    // ----- random observations ---------------------------------------------------------------------------

    static Observation observation(Random r) {
        Map<String, JsonNode> objects = new LinkedHashMap<>();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            String ref = "x--" + i;
            switch (r.nextInt(9)) {
                case 0 -> objects.put(ref, sco("ipv4-addr", "value", pick(r, V4)));
                case 1 -> objects.put(ref, sco("ipv6-addr", "value", pick(r, V6)));
                case 2 -> objects.put(ref, sco("domain-name", "value", pick(r, DOMAINS)));
                case 3 -> {
                    ObjectNode hashes = StixJson.MAPPER.createObjectNode();
                    hashes.put(pick(r, ALGS), pick(r, MD5S));
                    if (r.nextBoolean()) {
                        hashes.put(pick(r, ALGS), pick(r, MD5S));
                    }
                    ObjectNode file = sco("file", "name", pick(r, NAMES), "hashes", hashes);
                    if (r.nextBoolean()) {
                        file.put("size", r.nextInt(3) * 100);
                    } else {
                        file.put("size", r.nextInt(3) * 10.0);
                    }
                    objects.put(ref, file);
                }
                case 4 -> objects.put(ref, sco("url", "value", pick(r, URLS)));
                case 5 -> objects.put(ref, sco("email-addr", "value", pick(r, EMAILS)));
                case 6 -> {
                    String target = "t--" + i;
                    objects.put(target, r.nextBoolean() ? sco("ipv4-addr", "value", pick(r, V4))
                            : sco("domain-name", "value", pick(r, DOMAINS)));
                    objects.put(ref, sco("network-traffic", "dst_ref", target, "dst_port", r.nextBoolean() ? 443 : 4444));
                }
                case 7 -> {
                    String target = "e--" + i;
                    objects.put(target, sco("email-addr", "value", pick(r, EMAILS)));
                    objects.put(ref, sco("email-message", "to_refs", StixJson.MAPPER.createArrayNode().add(target)));
                }
                default -> objects.put(ref, sco("mutex", "name", "m"));
            }
        }
        return Patterns.observe(objects);
    }
}
