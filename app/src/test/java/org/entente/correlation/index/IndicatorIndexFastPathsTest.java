package org.entente.correlation.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.correlation.index.Patterns.cmp;
import static org.entente.correlation.index.Patterns.eq;
import static org.entente.correlation.index.Patterns.hashes;
import static org.entente.correlation.index.Patterns.observe;
import static org.entente.correlation.index.Patterns.pattern;
import static org.entente.correlation.index.Patterns.sco;
import static org.entente.correlation.index.Patterns.str;
import static org.entente.stix.pattern.ComparisonOperator.GT;
import static org.entente.stix.pattern.ComparisonOperator.ISSUBSET;
import static org.entente.stix.pattern.ComparisonOperator.LIKE;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.entente.stix.StixId;
import org.entente.stix.pattern.Constant;
import org.entente.stix.pattern.Pattern;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.node.ObjectNode;

/**
 * The speed paths of the index: keys that collide (in their table slot, or in all 64 bits), inline
 * postings that become chains and back through compaction, the single-value {@code lookupValue}, and the
 * warninglists' filter against the lists themselves.
 */
class IndicatorIndexFastPathsTest {

    static final String MD5 = "d41d8cd98f00b204e9800998ecf8427e";

    /** A small corpus of every kind of term, two indicators sharing some values. */
    static Map<StixId, Pattern> corpus() {
        Map<StixId, Pattern> m = new LinkedHashMap<>();
        m.put(id(1), pattern(eq("file:hashes.MD5", MD5)));
        m.put(id(2), pattern(eq("file:hashes.MD5", MD5))); // the same key twice: a chain
        m.put(id(3), pattern(eq("file:hashes.'SHA-256'", "AB".repeat(32))));
        m.put(id(4), pattern(eq("domain-name:value", "evil.net")));
        m.put(id(5), pattern(cmp("domain-name:value", LIKE, str("%.evil.net"))));
        m.put(id(6), pattern(eq("ipv4-addr:value", "20.1.2.3")));
        m.put(id(7), pattern(cmp("ipv4-addr:value", ISSUBSET, str("20.1.2.0/24"))));
        m.put(id(8), pattern(cmp("ipv6-addr:value", ISSUBSET, str("2a00:1::/48"))));
        m.put(id(9), pattern(eq("url:value", "http://evil.net/a")));
        m.put(id(10), pattern(eq("email-addr:value", "bob@evil.net")));
        m.put(id(11), pattern(Patterns.and(eq("file:name", "dropper.exe"),
                cmp("file:size", GT, new Constant.IntegerConstant(10)))));
        m.put(id(12), pattern(eq("ipv4-addr:value", "10.0.0.1"))); // on a built-in warninglist
        m.put(id(13), pattern(cmp("file:size", GT, new Constant.IntegerConstant(5)))); // residue
        for (int i = 0; i < 200; i++) {
            m.put(id(100 + i), pattern(eq("domain-name:value", "d" + i + ".example.net")));
        }
        return m;
    }

    static StixId id(int i) {
        return new StixId("indicator", new UUID(0x1234, i));
    }

    static List<ObjectNode> probes() {
        List<ObjectNode> l = new ArrayList<>();
        for (String h : List.of(MD5, MD5.toUpperCase(), "00" + MD5.substring(2))) {
            l.add(sco("file", "hashes", hashes("MD5", h)));
            l.add(sco("file", "hashes", hashes("SHA-256", h)));
        }
        l.add(sco("file", "hashes", hashes("SHA-256", "AB".repeat(32))));
        l.add(sco("file", "hashes", hashes("SHA-256", "ab".repeat(32))));
        for (String d : List.of("evil.net", "www.evil.net", "EVIL.net", "notevil.net", "d7.example.net", "x.d7.example.net",
                "evil.net\n", "evil.ne", "")) {
            l.add(sco("domain-name", "value", d));
        }
        for (String a : List.of("20.1.2.3", "20.1.2.9", "20.1.3.3", "020.1.2.3", "10.0.0.1")) {
            l.add(sco("ipv4-addr", "value", a));
        }
        for (String a : List.of("2a00:1::1", "2a00:1:0:ffff::", "2a00:2::1")) {
            l.add(sco("ipv6-addr", "value", a));
        }
        l.add(sco("url", "value", "http://evil.net/a"));
        l.add(sco("url", "value", "http://evil.net/b"));
        l.add(sco("email-addr", "value", "bob@evil.net"));
        l.add(sco("file", "name", "dropper.exe", "size", 100));
        l.add(sco("file", "name", "DROPPER.exe"));
        return l;
    }

    static IndicatorIndex build(IndicatorIndex.KeyMode mode) {
        IndicatorIndex index = new IndicatorIndex(Warninglists.builtIn(), mode);
        corpus().forEach(index::put);
        return index;
    }

    @Test
    void keysInOneTableSlotGiveTheNormalAnswers() {
        IndicatorIndex normal = build(IndicatorIndex.KeyMode.NORMAL);
        IndicatorIndex sameSlot = build(IndicatorIndex.KeyMode.SAME_SLOT);
        for (ObjectNode o : probes()) {
            assertThat(sameSlot.candidates(observe(o))).as("%s", o).isEqualTo(normal.candidates(observe(o)));
        }
    }

    @Test
    void keysCollidingInAll64BitsNeverConfirmWrongly() {
        IndicatorIndex normal = build(IndicatorIndex.KeyMode.NORMAL);
        IndicatorIndex sameKey = build(IndicatorIndex.KeyMode.SAME_KEY);
        for (ObjectNode o : probes()) {
            Candidates n = normal.candidates(observe(o));
            Candidates c = sameKey.candidates(observe(o));
            // Every key equal: every indicator is hit; the exact check still decides "confirmed".
            assertThat(c.confirmed()).as("%s", o).isEqualTo(n.confirmed());
            Set<StixId> found = new HashSet<>(c.toVerify());
            c.suppressed().forEach(h -> found.add(h.indicatorId()));
            assertThat(found).as("%s", o).containsAll(n.toVerify());
            n.suppressed().forEach(h -> assertThat(found).contains(h.indicatorId()));
        }
    }

    @Test
    void lookupValueAnswersAsCandidatesDoesForOneObject() {
        for (IndicatorIndex.KeyMode mode : IndicatorIndex.KeyMode.values()) {
            IndicatorIndex index = build(mode);
            for (ObjectNode o : probes()) {
                String type = o.get("type").stringValue();
                for (Map.Entry<String, tools.jackson.databind.JsonNode> e : o.properties()) {
                    if (e.getKey().equals("type") || !e.getValue().isString() && !e.getValue().isObject()) {
                        continue;
                    }
                    List<Map.Entry<String, String>> lookups = new ArrayList<>();
                    if (e.getValue().isObject()) {
                        e.getValue().properties().forEach(h -> lookups.add(Map.entry(e.getKey() + "." + h.getKey(),
                                h.getValue().stringValue())));
                    } else {
                        lookups.add(Map.entry(e.getKey(), e.getValue().stringValue()));
                    }
                    for (Map.Entry<String, String> l : lookups) {
                        Set<StixId> confirmed = new HashSet<>();
                        Set<StixId> verify = new HashSet<>();
                        int n = index.lookupValue(type, l.getKey(), l.getValue(),
                                (id, conf) -> assertThat((conf ? confirmed : verify).add(id)).isTrue());
                        Candidates c = index.candidates(observe(sco(type, e.getKey(), e.getValue())));
                        assertThat(confirmed).as("%s %s", mode, l).isEqualTo(c.confirmed());
                        Set<StixId> expectedVerify = new HashSet<>(c.toVerify());
                        expectedVerify.removeAll(index.residue());
                        assertThat(verify).as("%s %s", mode, l).isEqualTo(expectedVerify);
                        assertThat(n).isEqualTo(confirmed.size() + verify.size());
                    }
                }
            }
            assertThat(index.residue()).containsExactly(id(13));
            assertThat(index.lookupValue("no-such-type", "value", "x", (id, conf) -> { })).isZero();
            assertThat(index.lookupValue("file", "hashes", MD5, (id, conf) -> { })).isZero();
        }
    }

    @Test
    void chainsOfSharedValuesSurviveRemovalAndCompaction() {
        for (IndicatorIndex.KeyMode mode : IndicatorIndex.KeyMode.values()) {
            IndicatorIndex index = new IndicatorIndex(Warninglists.builtIn(), mode);
            List<StixId> ids = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                StixId a = StixId.random("indicator");
                ids.add(a);
                // Values shared by three indicators each: inline first, then chains.
                index.put(a, pattern(eq("mutex:name", "m" + (i / 3))));
            }
            for (int i = 0; i < 3000; i++) {
                if (i % 3 != 2) {
                    assertThat(index.remove(ids.get(i))).isTrue(); // 2000 dead: compaction
                }
            }
            assertThat(index.size()).isEqualTo(1000);
            for (int v = 0; v < 1000; v += mode == IndicatorIndex.KeyMode.SAME_KEY ? 97 : 1) {
                Candidates c = index.candidates(observe(sco("mutex", "name", "m" + v)));
                assertThat(c.confirmed()).containsExactly(ids.get(3 * v + 2));
                if (mode != IndicatorIndex.KeyMode.SAME_KEY) {
                    assertThat(c.toVerify()).isEmpty();
                }
            }
            // A single surviving posting, then a second one for the same key again.
            StixId again = StixId.random("indicator");
            index.put(again, pattern(eq("mutex:name", "m5")));
            assertThat(index.candidates(observe(sco("mutex", "name", "m5"))).confirmed())
                    .containsExactlyInAnyOrder(ids.get(17), again);
        }
    }

    @Test
    void residuePlusHitsIsAnImmutableSetThatEqualsAPlainOne() {
        IndicatorIndex index = build(IndicatorIndex.KeyMode.NORMAL);
        Candidates c = index.candidates(observe(sco("file", "name", "dropper.exe")));
        assertThat(c.toVerify()).isEqualTo(Set.of(id(11), id(13)));
        assertThat(c.toVerify().hashCode()).isEqualTo(Set.of(id(11), id(13)).hashCode());
        assertThat(c.toVerify()).contains(id(11)).contains(id(13)).doesNotContain(id(12));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.toVerify().add(id(1)))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.toVerify().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theWarninglistFilterNeverHidesAListedValue() {
        Warninglists lists = Warninglists.builtIn();
        lists.load("admin", "seen benign", List.of("Setup.EXE", "*.cdn.example", "good.org", "8.8.8.0/24",
                "2606:4700::/32", "http://ok.net/x", "x@mail.good.org"));
        String[] types = {"ipv4-addr", "ipv6-addr", "domain-name", "email-addr", "url", "file", "mutex"};
        List<String> values = new ArrayList<>(List.of("10.0.0.1", " 10.0.0.1 ", "8.8.8.8", "8.8.9.8", "8.8.8.0/25",
                "::1", "2606:4700::1", "2606:4701::1", "fe80::1%eth0", "::ffff:10.0.0.1", "example.com", "WWW.Example.COM.",
                "a.cdn.example", "cdn.example", "good.org", "x.good.org", "setup.exe", "SETUP.exe", "bob@GOOD.org ",
                "bob@x.good.org.", "a@b@localhost", "http://user@www.example.com:8080/p?q", "http://[::1]/",
                "http://10.1.2.3/", "http://ok.net/x", "HTTP://OK.NET/X", "ftp://good.org", "good.org/path",
                "exam\u0130ple.com", "\u212Aexample.com", "", " ", ".", "..", "@", "://", "http://", "localhost",
                "test", "x.test.", "http://host.invalid:99"));
        Random r = new Random(7);
        String alphabet = "abcdefgx.-:/@[]019 EXAMPLEcomtest\u0130";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = r.nextInt(24); k > 0; k--) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            values.add(sb.toString());
        }
        for (String type : types) {
            for (String v : values) {
                assertThat(lists.check(type, v)).as("%s %s", type, v).isEqualTo(lists.checkUnfiltered(type, v));
            }
        }
    }

    @Test
    void filteredKeysAreFoundThroughFilterGrowthAndCompaction() {
        // Enough dot-suffix and block keys to rebuild the filter several times, then most removed (compaction).
        IndicatorIndex index = new IndicatorIndex(Warninglists.builtIn());
        int n = 6000;
        for (int i = 0; i < n; i++) {
            index.put(id(10_000 + i), pattern(cmp("domain-name:value", LIKE, str("%.s" + i + ".c2-zone.biz"))));
            index.put(id(20_000 + i), pattern(cmp("ipv4-addr:value", ISSUBSET,
                    str("45." + (i >> 8) + "." + (i & 255) + ".0/" + (i % 3 == 0 ? 24 : 28)))));
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < n; i++) {
                boolean kept = round == 0 || i % 10 == 0;
                List<StixId> hits = new ArrayList<>();
                index.lookupValue("domain-name", "value", "www.s" + i + ".c2-zone.biz", (id, c) -> hits.add(id));
                assertThat(hits).as("suffix %d", i).isEqualTo(kept ? List.of(id(10_000 + i)) : List.of());
                hits.clear();
                index.lookupValue("ipv4-addr", "value", "45." + (i >> 8) + "." + (i & 255) + ".5", (id, c) -> hits.add(id));
                assertThat(hits).as("block %d", i).isEqualTo(kept ? List.of(id(20_000 + i)) : List.of());
            }
            for (int i = 0; i < n; i++) {
                if (i % 10 != 0) {
                    index.remove(id(10_000 + i));
                    index.remove(id(20_000 + i));
                }
            }
        }
        assertThat(index.size()).isEqualTo(2 * n / 10);
    }

    @Test
    void lookupValueComparesTheWholeAlgorithmName() {
        IndicatorIndex index = build(IndicatorIndex.KeyMode.NORMAL);
        Map<StixId, Boolean> hits = new LinkedHashMap<>();
        index.lookupValue("file", "hashes.MD5", MD5, hits::put);
        assertThat(hits).containsEntry(id(1), true).containsEntry(id(2), true);
        for (String property : List.of("hashes.MD", "hashes.MD5X", "hashes.md5")) {
            hits.clear();
            index.lookupValue("file", property, MD5, hits::put);
            // Keys ignore the algorithm (a hashes path looks at every algorithm); the exact check does not.
            assertThat(hits.values()).as(property).doesNotContain(true);
        }
    }
}
