package org.entente.correlation.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.correlation.index.Patterns.and;
import static org.entente.correlation.index.Patterns.cmp;
import static org.entente.correlation.index.Patterns.eq;
import static org.entente.correlation.index.Patterns.hashes;
import static org.entente.correlation.index.Patterns.not;
import static org.entente.correlation.index.Patterns.obs;
import static org.entente.correlation.index.Patterns.observe;
import static org.entente.correlation.index.Patterns.or;
import static org.entente.correlation.index.Patterns.pattern;
import static org.entente.correlation.index.Patterns.sco;
import static org.entente.correlation.index.Patterns.set;
import static org.entente.correlation.index.Patterns.str;
import static org.entente.stix.pattern.ComparisonOperator.GT;
import static org.entente.stix.pattern.ComparisonOperator.IN;
import static org.entente.stix.pattern.ComparisonOperator.ISSUBSET;
import static org.entente.stix.pattern.ComparisonOperator.LIKE;
import static org.entente.stix.pattern.ComparisonOperator.MATCHES;
import static org.entente.stix.pattern.ComparisonOperator.NEQ;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.entente.stix.StixId;
import org.entente.stix.StixJson;
import org.entente.stix.pattern.ComparisonExpression;
import org.entente.stix.pattern.Constant;
import org.entente.stix.pattern.Observation;
import org.entente.stix.pattern.ObservationExpression;
import org.entente.stix.pattern.Pattern;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

class IndicatorIndexTest {

    static final String MD5 = "d41d8cd98f00b204e9800998ecf8427e";
    static final String SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    final IndicatorIndex index = new IndicatorIndex(Warninglists.builtIn());

    static StixId id() {
        return StixId.random("indicator");
    }

    Candidates look(JsonNode... objects) {
        return index.candidates(observe(objects));
    }

    @Test
    void aSingleHashEqualityIsConfirmedAndOnlyForTheExactValueAndAlgorithm() {
        StixId md5 = id();
        StixId sha = id();
        index.put(md5, pattern(eq("file:hashes.MD5", MD5)));
        index.put(sha, pattern(eq("file:hashes.'SHA-256'", SHA256.toUpperCase())));

        assertThat(look(sco("file", "hashes", hashes("MD5", MD5))).confirmed()).containsExactlyInAnyOrder(md5);
        // Case differs: the index hits (it folds case) but cannot confirm; the matcher decides.
        Candidates upper = look(sco("file", "hashes", hashes("MD5", MD5.toUpperCase())));
        assertThat(upper.confirmed()).isEmpty();
        assertThat(upper.toVerify()).containsExactlyInAnyOrder(md5);
        assertThat(look(sco("file", "hashes", hashes("SHA-256", SHA256.toUpperCase()))).confirmed())
                .containsExactlyInAnyOrder(sha);
        assertThat(look(sco("file", "hashes", hashes("SHA-256", SHA256))).toVerify()).containsExactlyInAnyOrder(sha);
        // Same value under another algorithm's name: a candidate, never confirmed.
        Candidates otherAlg = look(sco("file", "hashes", hashes("md5", MD5)));
        assertThat(otherAlg.confirmed()).isEmpty();
        assertThat(otherAlg.toVerify()).containsExactlyInAnyOrder(md5);
        // Another type with the same property is another field.
        assertThat(look(sco("artifact", "hashes", hashes("MD5", MD5))).isEmpty()).isTrue();
        assertThat(look(sco("file", "hashes", hashes("MD5", "00" + MD5.substring(2)))).isEmpty()).isTrue();
    }

    @Test
    void theSameValueUnderTwoIndicatorsFindsBoth() {
        StixId a = id();
        StixId b = id();
        index.put(a, pattern(eq("domain-name:value", "evil.net")));
        index.put(b, pattern(cmp("domain-name:value", IN, set("good.org", "evil.net"))));
        assertThat(look(sco("domain-name", "value", "evil.net")).confirmed()).containsExactlyInAnyOrder(a, b);
        assertThat(look(sco("domain-name", "value", "good.org")).confirmed()).containsExactlyInAnyOrder(b);
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void replacingAPatternDropsTheOldTermsAndRemovingDropsAll() {
        StixId a = id();
        index.put(a, pattern(eq("url:value", "http://evil.net/a")));
        index.put(a, pattern(eq("url:value", "http://evil.net/b")));
        assertThat(index.size()).isEqualTo(1);
        assertThat(look(sco("url", "value", "http://evil.net/a")).isEmpty()).isTrue();
        assertThat(look(sco("url", "value", "http://evil.net/b")).confirmed()).containsExactlyInAnyOrder(a);

        assertThat(index.remove(a)).isTrue();
        assertThat(index.remove(a)).isFalse();
        assertThat(index.remove(id())).isFalse();
        assertThat(index.size()).isZero();
        assertThat(look(sco("url", "value", "http://evil.net/b")).isEmpty()).isTrue();
        index.put(a, pattern(eq("url:value", "http://evil.net/c")));
        assertThat(look(sco("url", "value", "http://evil.net/c")).confirmed()).containsExactlyInAnyOrder(a);
    }

    @Test
    void ipv4BlocksContainTheirEdgesAndNothingElse() {
        StixId slash24 = id();
        StixId slash32 = id();
        StixId slash0 = id();
        StixId hostBits = id();
        index.put(slash24, pattern(cmp("ipv4-addr:value", ISSUBSET, str("8.8.8.0/24"))));
        index.put(slash32, pattern(cmp("ipv4-addr:value", ISSUBSET, str("9.9.9.9/32"))));
        index.put(slash0, pattern(and(cmp("ipv4-addr:value", ISSUBSET, str("0.0.0.0/0")),
                cmp("ipv4-addr:value", NEQ, str("1.1.1.1")))));
        index.put(hostBits, pattern(cmp("ipv4-addr:value", ISSUBSET, str("7.7.7.7/8"))));

        assertThat(look(sco("ipv4-addr", "value", "8.8.8.0")).confirmed()).containsExactlyInAnyOrder(slash24);
        assertThat(look(sco("ipv4-addr", "value", "8.8.8.255")).confirmed()).containsExactlyInAnyOrder(slash24);
        assertThat(look(sco("ipv4-addr", "value", "8.8.9.0")).confirmed()).isEmpty();
        assertThat(look(sco("ipv4-addr", "value", "8.8.7.255")).confirmed()).isEmpty();
        assertThat(look(sco("ipv4-addr", "value", "9.9.9.9")).confirmed()).containsExactlyInAnyOrder(slash32);
        assertThat(look(sco("ipv4-addr", "value", "9.9.9.8")).confirmed()).isEmpty();
        assertThat(look(sco("ipv4-addr", "value", "223.255.255.254")).toVerify()).containsExactlyInAnyOrder(slash0);
        assertThat(look(sco("ipv4-addr", "value", "8.8.8.8")).toVerify()).containsExactlyInAnyOrder(slash0);
        // Host bits in the block: a candidate, left to the matcher.
        assertThat(look(sco("ipv4-addr", "value", "7.1.2.3")).toVerify()).containsExactlyInAnyOrder(slash0, hostBits);
        // An observed block inside an indexed one is a candidate; a wider one is not.
        Candidates inner = look(sco("ipv4-addr", "value", "8.8.8.128/25"));
        assertThat(inner.confirmed()).isEmpty();
        assertThat(inner.toVerify()).contains(slash24);
        assertThat(look(sco("ipv4-addr", "value", "8.8.0.0/16")).toVerify()).containsExactlyInAnyOrder(slash0);
        // A non-canonical spelling is left to the matcher.
        assertThat(look(sco("ipv4-addr", "value", "8.8.8.08")).toVerify()).contains(slash24);
        // Not an address at all.
        assertThat(look(sco("ipv4-addr", "value", "not an address")).isEmpty()).isTrue();
    }

    @Test
    void ipv6BlocksContainTheirEdgesAndNothingElse() {
        StixId slash32 = id();
        StixId slash128 = id();
        StixId slash0 = id();
        index.put(slash32, pattern(cmp("ipv6-addr:value", ISSUBSET, str("2606:4700::/32"))));
        index.put(slash128, pattern(cmp("ipv6-addr:value", ISSUBSET, str("2a00:1450:4001:82a::200e/128"))));
        index.put(slash0, pattern(or(cmp("ipv6-addr:value", ISSUBSET, str("::/0")),
                cmp("ipv4-addr:value", ISSUBSET, str("0.0.0.0/0")))));

        assertThat(look(sco("ipv6-addr", "value", "2606:4700::")).confirmed()).containsExactlyInAnyOrder(slash32, slash0);
        assertThat(look(sco("ipv6-addr", "value", "2606:4700:ffff:ffff:ffff:ffff:ffff:ffff")).confirmed())
                .containsExactlyInAnyOrder(slash32, slash0);
        assertThat(look(sco("ipv6-addr", "value", "2606:4701::")).confirmed()).containsExactlyInAnyOrder(slash0);
        assertThat(look(sco("ipv6-addr", "value", "2606:46ff:ffff:ffff:ffff:ffff:ffff:ffff")).confirmed())
                .containsExactlyInAnyOrder(slash0);
        assertThat(look(sco("ipv6-addr", "value", "2a00:1450:4001:082a:0:0:0:200E")).confirmed())
                .containsExactlyInAnyOrder(slash128, slash0);
        assertThat(look(sco("ipv6-addr", "value", "2a00:1450:4001:82a::200f")).confirmed()).containsExactlyInAnyOrder(slash0);
        assertThat(look(sco("ipv4-addr", "value", "1.2.3.4")).confirmed()).containsExactlyInAnyOrder(slash0);
        assertThat(look(sco("ipv6-addr", "value", "2606:4700::/48")).toVerify()).containsExactlyInAnyOrder(slash32, slash0);
    }

    @Test
    void subdomainMatchingDoesNotReachLookAlikes() {
        StixId like = id();
        StixId regex = id();
        StixId exact = id();
        index.put(like, pattern(cmp("domain-name:value", LIKE, str("%.evil.net"))));
        index.put(regex, pattern(cmp("domain-name:value", MATCHES, str("^(.*\\.)?bad\\.org$"))));
        index.put(exact, pattern(cmp("domain-name:value", MATCHES, str("(?i)^exact\\.io$"))));

        assertThat(look(sco("domain-name", "value", "a.evil.net")).confirmed()).containsExactlyInAnyOrder(like);
        assertThat(look(sco("domain-name", "value", "x.y.evil.net")).confirmed()).containsExactlyInAnyOrder(like);
        assertThat(look(sco("domain-name", "value", "evil.net")).isEmpty()).isTrue();
        assertThat(look(sco("domain-name", "value", "notevil.net")).isEmpty()).isTrue();
        assertThat(look(sco("domain-name", "value", "evil.net.attacker.org")).isEmpty()).isTrue();
        // Case: a candidate, not confirmed (LIKE is case-sensitive).
        assertThat(look(sco("domain-name", "value", "A.EVIL.NET")).toVerify()).containsExactlyInAnyOrder(like);

        assertThat(look(sco("domain-name", "value", "bad.org")).toVerify()).containsExactlyInAnyOrder(regex);
        assertThat(look(sco("domain-name", "value", "x.bad.org")).toVerify()).containsExactlyInAnyOrder(regex);
        assertThat(look(sco("domain-name", "value", "notbad.org")).isEmpty()).isTrue();
        // Java's $ matches before a final line terminator.
        assertThat(look(sco("domain-name", "value", "x.bad.org\n")).toVerify()).containsExactlyInAnyOrder(regex);
        assertThat(look(sco("domain-name", "value", "EXACT.io")).toVerify()).containsExactlyInAnyOrder(exact);
        assertThat(look(sco("domain-name", "value", "a.exact.io")).isEmpty()).isTrue();
    }

    @Test
    void aValueOnAWarninglistIsSuppressedWithTheListsReason() {
        StixId priv = id();
        StixId doc = id();
        index.put(priv, pattern(eq("ipv4-addr:value", "10.1.2.3")));
        index.put(doc, pattern(cmp("domain-name:value", LIKE, str("%.example.com"))));

        Candidates c = look(sco("ipv4-addr", "value", "10.1.2.3"));
        assertThat(c.isEmpty()).isTrue();
        assertThat(c.suppressed()).singleElement().satisfies(h -> {
            assertThat(h.indicatorId()).isEqualTo(priv);
            assertThat(h.objectType()).isEqualTo("ipv4-addr");
            assertThat(h.value()).isEqualTo("10.1.2.3");
            assertThat(h.list()).isEqualTo("private-networks");
            assertThat(h.reason()).contains("RFC 1918");
        });
        Candidates d = look(sco("domain-name", "value", "www.example.com"));
        assertThat(d.suppressed()).singleElement().satisfies(h -> {
            assertThat(h.list()).isEqualTo("reserved-domains");
            assertThat(h.reason()).contains("RFC 2606");
        });
        // Not on a list: no suppression, no hit.
        assertThat(look(sco("ipv4-addr", "value", "11.1.2.3")).suppressed()).isEmpty();
    }

    @Test
    void anAdministratorsListSuppressesUntilUnloaded() {
        Warninglists lists = Warninglists.builtIn();
        IndicatorIndex idx = new IndicatorIndex(lists);
        StixId a = id();
        StixId h = id();
        idx.put(a, pattern(eq("ipv4-addr:value", "8.8.8.8")));
        idx.put(h, pattern(eq("file:hashes.MD5", MD5)));
        Observation dns = observe(sco("ipv4-addr", "value", "8.8.8.8"));
        Observation empty = observe(sco("file", "hashes", hashes("MD5", MD5)));
        assertThat(idx.candidates(dns).confirmed()).containsExactlyInAnyOrder(a);

        lists.load("public-resolvers", "public DNS resolver", List.of("8.8.8.0/24", "# comment", "",
                MD5.toUpperCase()));
        Candidates c = idx.candidates(dns);
        assertThat(c.confirmed()).isEmpty();
        assertThat(c.suppressed()).extracting(WarninglistHit::list, WarninglistHit::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("public-resolvers", "public DNS resolver"));
        assertThat(idx.candidates(empty).suppressed()).extracting(WarninglistHit::indicatorId).containsExactlyInAnyOrder(h);

        assertThat(lists.unload("public-resolvers")).isTrue();
        assertThat(idx.candidates(dns).confirmed()).containsExactlyInAnyOrder(a);
        assertThat(idx.candidates(empty).confirmed()).containsExactlyInAnyOrder(h);
    }

    /**
     * Exact values no list holds are marked when indexed, so that a hit confirmed against one skips the list check;
     * the marks must follow the lists: stale marks are never trusted, and the index marks again when told.
     */
    @Test
    void aListLoadedAfterIndexingSuppressesExactHitsWhetherOrNotTheIndexWasToldOfIt() {
        Warninglists lists = Warninglists.builtIn();
        IndicatorIndex idx = new IndicatorIndex(lists);
        StixId dns = id();
        StixId hash = id();
        idx.put(dns, pattern(eq("ipv4-addr:value", "8.8.8.8")));
        idx.put(hash, pattern(eq("file:hashes.MD5", MD5)));
        assertThat(lookupAll(idx, "ipv4-addr", "value", "8.8.8.8")).containsExactly(dns);
        assertThat(lookupAll(idx, "file", "hashes.MD5", MD5)).containsExactly(hash);

        lists.load("resolvers", "public DNS resolver", List.of("8.8.8.0/24", MD5));
        // Not told yet: the marks are stale and ignored.
        assertThat(lookupAll(idx, "ipv4-addr", "value", "8.8.8.8")).isEmpty();
        assertThat(lookupAll(idx, "file", "hashes.MD5", MD5)).isEmpty();
        assertThat(idx.candidates(observe(sco("ipv4-addr", "value", "8.8.8.8"))).suppressed())
                .extracting(WarninglistHit::indicatorId).containsExactly(dns);
        // Told: marked again, both values now listed.
        idx.warninglistsChanged();
        assertThat(lookupAll(idx, "ipv4-addr", "value", "8.8.8.8")).isEmpty();
        assertThat(lookupAll(idx, "file", "hashes.MD5", MD5)).isEmpty();
        assertThat(idx.candidates(observe(sco("file", "hashes", hashes("MD5", MD5)))).suppressed())
                .extracting(WarninglistHit::indicatorId).containsExactly(hash);
        // A later put keeps the older marks (the lists did not change since).
        StixId other = id();
        idx.put(other, pattern(eq("ipv4-addr:value", "9.9.9.9")));
        assertThat(lookupAll(idx, "ipv4-addr", "value", "8.8.8.8")).isEmpty();
        assertThat(lookupAll(idx, "ipv4-addr", "value", "9.9.9.9")).containsExactly(other);

        lists.unload("resolvers");
        assertThat(lookupAll(idx, "ipv4-addr", "value", "8.8.8.8")).containsExactly(dns);
        // Not told, but a put notices that the lists changed and marks again.
        idx.put(id(), pattern(eq("ipv4-addr:value", "9.9.9.10")));
        assertThat(lookupAll(idx, "ipv4-addr", "value", "8.8.8.8")).containsExactly(dns);
        assertThat(lookupAll(idx, "file", "hashes.MD5", MD5)).containsExactly(hash);
        lists.load("resolvers", "public DNS resolver", List.of("9.9.9.9"));
        idx.warninglistsChanged();
        assertThat(lookupAll(idx, "ipv4-addr", "value", "9.9.9.9")).isEmpty();
        assertThat(lookupAll(idx, "ipv4-addr", "value", "8.8.8.8")).containsExactly(dns);
    }

    /** Every indicator one value hits through lookupValue and, the same, through lookupValues (suppressed ones dropped). */
    private static List<StixId> lookupAll(IndicatorIndex idx, String type, String property, String value) {
        List<StixId> one = new ArrayList<>();
        idx.lookupValue(type, property, value, (id, confirmed) -> one.add(id));
        List<StixId> batch = new ArrayList<>();
        idx.lookupValues(new String[] {type, "ipv4-addr"}, new String[] {property, "value"},
                new String[] {value, "11.22.33.44"}, (i, id, confirmed) -> {
                    if (i == 0) {
                        batch.add(id);
                    }
                });
        assertThat(batch).as("lookupValues agrees with lookupValue").isEqualTo(one);
        return one;
    }

    @Test
    void anIndicatorHitThroughAnotherValueIsNotReportedAsSuppressed() {
        StixId a = id();
        index.put(a, pattern(cmp("ipv4-addr:value", IN, set("10.0.0.1", "11.0.0.1"))));
        Candidates c = look(sco("ipv4-addr", "value", "10.0.0.1"), sco("ipv4-addr", "value", "11.0.0.1"));
        assertThat(c.confirmed()).containsExactlyInAnyOrder(a);
        assertThat(c.suppressed()).isEmpty();
    }

    @Test
    void residuePatternsAreAlwaysToVerify() {
        StixId size = id();
        StixId negated = id();
        StixId neq = id();
        StixId obsAnd = id();
        StixId indexed = id();
        index.put(size, pattern(cmp("file:size", GT, new Constant.IntegerConstant(1000))));
        index.put(negated, pattern(not("domain-name:value", org.entente.stix.pattern.ComparisonOperator.EQ,
                str("evil.net"))));
        index.put(neq, pattern(cmp("domain-name:value", NEQ, str("evil.net"))));
        index.put(obsAnd, pattern(new ObservationExpression.And(List.of(obs(eq("domain-name:value", "evil.net")),
                obs(cmp("file:size", GT, new Constant.IntegerConstant(1)))))));
        index.put(indexed, pattern(eq("domain-name:value", "evil.net")));

        assertThat(look(sco("mutex", "name", "x")).toVerify()).containsExactlyInAnyOrder(size, negated, neq, obsAnd);
        Candidates hit = look(sco("domain-name", "value", "evil.net"));
        assertThat(hit.confirmed()).containsExactlyInAnyOrder(indexed);
        assertThat(hit.toVerify()).containsExactlyInAnyOrder(size, negated, neq, obsAnd);
        index.remove(size);
        assertThat(look(sco("mutex", "name", "x")).toVerify()).containsExactlyInAnyOrder(negated, neq, obsAnd);
    }

    @Test
    void compoundPatternsNeedTheMatcherAndAreFoundThroughTheirCheapestSide() {
        StixId andSameType = id();
        StixId andTwoTypes = id();
        StixId broadAndNarrow = id();
        index.put(andSameType, pattern(and(eq("file:name", "dropper.exe"),
                cmp("file:size", GT, new Constant.IntegerConstant(10)))));
        index.put(andTwoTypes, pattern(and(eq("ipv4-addr:value", "5.6.7.8"), eq("domain-name:value", "c2.evil.net"))));
        index.put(broadAndNarrow, pattern(and(cmp("ipv4-addr:value", ISSUBSET, str("5.0.0.0/8")),
                eq("url:value", "http://c2.evil.net/gate.php"))));

        assertThat(look(sco("file", "name", "dropper.exe", "size", 5)).toVerify()).containsExactlyInAnyOrder(andSameType);
        assertThat(look(sco("file", "name", "dropper.exe")).confirmed()).isEmpty();
        Candidates both = look(sco("ipv4-addr", "value", "5.6.7.8"), sco("domain-name", "value", "c2.evil.net"));
        assertThat(both.toVerify()).contains(andTwoTypes);
        assertThat(both.confirmed()).isEmpty();
        // The narrow side was chosen: the broad block alone does not make a candidate.
        assertThat(look(sco("ipv4-addr", "value", "5.1.1.1")).toVerify()).doesNotContain(broadAndNarrow);
        assertThat(look(sco("url", "value", "http://c2.evil.net/gate.php")).toVerify()).containsExactlyInAnyOrder(broadAndNarrow);
    }

    @Test
    void observationLevelOperatorsAndQualifiersIndexEveryOperand() {
        StixId followed = id();
        StixId repeats = id();
        StixId obsOr = id();
        index.put(followed, pattern(new ObservationExpression.FollowedBy(List.of(
                obs(eq("domain-name:value", "stage1.net")), obs(eq("domain-name:value", "stage2.net"))))));
        index.put(repeats, pattern(new ObservationExpression.Qualified(obs(eq("mutex:name", "Global\\x")),
                new ObservationExpression.Qualifier.Repeats(3))));
        index.put(obsOr, pattern(new ObservationExpression.Or(List.of(obs(eq("mutex:name", "m1")),
                obs(eq("windows-registry-key:key", "HKEY_LOCAL_MACHINE\\Run"))))));

        assertThat(look(sco("domain-name", "value", "stage1.net")).toVerify()).containsExactlyInAnyOrder(followed);
        assertThat(look(sco("domain-name", "value", "stage2.net")).toVerify()).containsExactlyInAnyOrder(followed);
        Candidates rep = look(sco("mutex", "name", "Global\\x"));
        assertThat(rep.toVerify()).containsExactlyInAnyOrder(repeats);
        assertThat(rep.confirmed()).isEmpty();
        assertThat(look(sco("windows-registry-key", "key", "HKEY_LOCAL_MACHINE\\Run")).confirmed())
                .containsExactlyInAnyOrder(obsOr);
        assertThat(look(sco("mutex", "name", "m1")).confirmed()).containsExactlyInAnyOrder(obsOr);
    }

    @Test
    void referencesAndListsAreFollowedWithinTheObservation() {
        StixId dst = id();
        StixId to = id();
        index.put(dst, pattern(eq("network-traffic:dst_ref.value", "5.6.7.8")));
        index.put(to, pattern(eq("email-message:to_refs[*].value", "bob@evil.net")));

        Map<String, JsonNode> objects = new LinkedHashMap<>();
        objects.put("ipv4-addr--1", sco("ipv4-addr", "value", "5.6.7.8"));
        objects.put("network-traffic--1", sco("network-traffic", "dst_ref", "ipv4-addr--1", "dst_port", 443));
        objects.put("email-addr--1", sco("email-addr", "value", "alice@good.org"));
        objects.put("email-addr--2", sco("email-addr", "value", "bob@evil.net"));
        var refs = StixJson.MAPPER.createArrayNode().add("email-addr--1").add("email-addr--2");
        objects.put("email-message--1", sco("email-message", "to_refs", refs));
        Candidates c = index.candidates(observe(objects));
        assertThat(c.toVerify()).containsExactlyInAnyOrder(dst, to);
        assertThat(c.confirmed()).isEmpty();
        // The referenced object alone (no network-traffic pointing to it) is no candidate.
        assertThat(look(sco("ipv4-addr", "value", "5.6.7.8")).isEmpty()).isTrue();
    }

    @Test
    void integerEqualitiesAndGenericPropertiesAreIndexed() {
        StixId port = id();
        StixId user = id();
        StixId proc = id();
        index.put(port, pattern(new ComparisonExpression.Comparison(Patterns.path("network-traffic:dst_port"), false,
                org.entente.stix.pattern.ComparisonOperator.EQ, new Constant.IntegerConstant(4444))));
        index.put(user, pattern(eq("user-account:user_id", "1001")));
        index.put(proc, pattern(cmp("process:name", LIKE, str("mimikatz.exe"))));
        assertThat(look(sco("network-traffic", "dst_port", 4444)).toVerify()).containsExactlyInAnyOrder(port);
        assertThat(look(sco("network-traffic", "dst_port", 4445)).isEmpty()).isTrue();
        assertThat(look(sco("user-account", "user_id", "1001")).confirmed()).containsExactlyInAnyOrder(user);
        assertThat(look(sco("process", "name", "mimikatz.exe")).confirmed()).containsExactlyInAnyOrder(proc);
    }

    @Test
    void compactionAfterManyRemovalsKeepsTheLiving() {
        List<StixId> ids = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            StixId a = id();
            ids.add(a);
            index.put(a, pattern(i % 2 == 0 ? eq("url:value", "http://h" + i + ".net/")
                    : cmp("ipv4-addr:value", ISSUBSET, str("20." + (i % 250) + "." + (i / 250) + ".0/24"))));
        }
        index.put(id(), pattern(cmp("file:size", GT, new Constant.IntegerConstant(1))));
        for (int i = 0; i < 5000; i++) {
            assertThat(index.remove(ids.get(i))).isTrue();
        }
        assertThat(index.size()).isEqualTo(1001);
        for (int i = 4990; i < 6000; i++) {
            Candidates c = i % 2 == 0 ? look(sco("url", "value", "http://h" + i + ".net/"))
                    : look(sco("ipv4-addr", "value", "20." + (i % 250) + "." + (i / 250) + ".7"));
            if (i < 5000) {
                assertThat(c.confirmed()).isEmpty();
            } else {
                assertThat(c.confirmed()).containsExactlyInAnyOrder(ids.get(i));
            }
            assertThat(c.toVerify()).hasSize(1);
        }
        // Re-adding and replacing after compaction.
        index.put(ids.get(5999), pattern(eq("mutex:name", "after")));
        assertThat(look(sco("mutex", "name", "after")).confirmed()).containsExactlyInAnyOrder(ids.get(5999));
        assertThat(index.approximateHeapBytes()).isPositive();
    }

    @Test
    void concurrentReadersAlwaysSeeTheStableIndicators() throws Exception {
        StixId stable = id();
        index.put(stable, pattern(eq("domain-name:value", "stable.net")));
        Observation probe = observe(sco("domain-name", "value", "stable.net"), sco("ipv4-addr", "value", "30.0.0.1"));
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> readers = new ArrayList<>();
        // A batch larger than a group, the stable value every seventh (the other values are the writer's).
        int size = IndicatorIndex.BATCH_GROUP * 2 + 3;
        String[] types = new String[size];
        String[] properties = new String[size];
        String[] values = new String[size];
        for (int i = 0; i < size; i++) {
            types[i] = i % 2 == 0 || i % 7 == 0 ? "domain-name" : "ipv4-addr";
            properties[i] = "value";
            values[i] = i % 7 == 0 ? "stable.net" : i % 2 == 0 ? "d" + (i * 97) + ".net" : "30.0." + i + ".9";
        }
        for (int r = 0; r < 3; r++) {
            boolean batch = r == 2;
            Thread t = new Thread(() -> {
                try {
                    long n = 0;
                    while (!done.get() || n < 1000) {
                        if (batch) {
                            boolean[] stableAt = new boolean[size];
                            index.lookupValues(types, properties, values, (i, id, confirmed) -> {
                                if (id.equals(stable)) {
                                    stableAt[i] = confirmed;
                                }
                            });
                            for (int i = 0; i < size; i++) {
                                if (stableAt[i] != (i % 7 == 0)) {
                                    failures.add(new AssertionError("stable indicator wrong in a batch at " + i));
                                    return;
                                }
                            }
                        } else {
                            Candidates c = index.candidates(probe);
                            if (!c.confirmed().contains(stable)) {
                                failures.add(new AssertionError("stable indicator missing: " + c));
                                return;
                            }
                        }
                        n++;
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            t.start();
            readers.add(t);
        }
        List<StixId> added = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            StixId a = id();
            added.add(a);
            index.put(a, pattern(or(cmp("ipv4-addr:value", ISSUBSET, str("30.0." + (i % 200) + ".0/24")),
                    eq("domain-name:value", "d" + i + ".net"))));
            if (i % 3 == 0) {
                index.remove(added.get(i / 2));
            }
        }
        done.set(true);
        for (Thread t : readers) {
            t.join(60_000);
        }
        assertThat(failures).isEmpty();
        assertThat(index.candidates(probe).confirmed()).contains(stable);
    }

    @Test
    void qualifiersWithTimeAreNeverConfirmed() {
        StixId within = id();
        index.put(within, pattern(new ObservationExpression.Qualified(obs(eq("mutex:name", "w")),
                new ObservationExpression.Qualifier.Within(BigDecimal.TEN))));
        Candidates c = look(sco("mutex", "name", "w"));
        assertThat(c.confirmed()).isEmpty();
        assertThat(c.toVerify()).containsExactlyInAnyOrder(within);
        Pattern p = pattern(eq("mutex:name", "w"));
        assertThat(p).isNotNull();
    }
}
