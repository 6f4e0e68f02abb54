package org.entente.correlation.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.entente.correlation.index.IndexAgreesWithMatcherProperties.pick;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.entente.stix.StixId;
import org.entente.stix.pattern.ComparisonOperator;
import org.entente.stix.pattern.Observation;
import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link IndicatorIndex#lookupValues} (values looked up in groups, their reads swept together) answers
 * for every value exactly what {@link IndicatorIndex#lookupValue} answers for it alone: the same
 * indicators, in the same order, with the same confirmed flag; on random indicators (the matcher
 * property's generator), in all key modes (keys in one table slot, all keys equal), for batches smaller
 * and larger than a group.
 */
class IndicatorIndexBatchProperties {

    record Hit(int lookup, StixId id, boolean confirmed) {
    }

    /**
     * 30 random indicators from the matcher property's generator, about one in eight removed again (as a
     * revoked or expired one is) and, with {@code replacements}, about one in ten replaced by a new version.
     */
    private static IndicatorIndex randomIndex(Random r, IndicatorIndex.KeyMode keyMode, boolean replacements) {
        IndicatorIndex index = new IndicatorIndex(Warninglists.builtIn(), keyMode);
        List<StixId> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            StixId id = StixId.random("indicator");
            ids.add(id);
            index.put(id, IndexAgreesWithMatcherProperties.pattern(r));
            if (r.nextInt(8) == 0) {
                index.remove(ids.get(r.nextInt(ids.size())));
            }
            if (replacements && r.nextInt(10) == 0) {
                index.put(ids.get(r.nextInt(ids.size())), IndexAgreesWithMatcherProperties.pattern(r));
            }
        }
        return index;
    }

    @Property(tries = 300)
    void aBatchAnswersAsOneLookupPerValue(@ForAll long seed, @ForAll IndicatorIndex.KeyMode keyMode,
            @ForAll @IntRange(min = 0, max = 3 * IndicatorIndex.BATCH_GROUP + 5) int size) {
        Random r = new Random(seed);
        IndicatorIndex index = randomIndex(r, keyMode, false);
        String[] types = new String[size];
        String[] properties = new String[size];
        String[] values = new String[size];
        for (int i = 0; i < size; i++) {
            String[] l = lookup(r);
            types[i] = l[0];
            properties[i] = l[1];
            values[i] = l[2];
        }
        List<Hit> expected = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int at = i;
            index.lookupValue(types[i], properties[i], values[i], (id, c) -> expected.add(new Hit(at, id, c)));
        }
        List<Hit> batch = new ArrayList<>();
        int n = index.lookupValues(types, properties, values, (i, id, c) -> batch.add(new Hit(i, id, c)));
        assertThat(batch).isEqualTo(expected);
        assertThat(n).isEqualTo(expected.size());
    }

    /**
     * {@link IndicatorIndex#candidates(List)} (the node's path: a submission's observations, their values looked
     * up in groups) answers for every observation exactly what {@link IndicatorIndex#candidates(Observation)}
     * answers for it alone: the same confirmed and to-verify sets and the same suppressed hits in the same order.
     * Random indicators from the matcher property's generator, some removed again (revoked, or expired: the
     * catalog takes an indicator whose {@code valid_until} passed out of the index) or replaced by a new version;
     * sometimes a crowd of indicators on the same few values (one value hitting dozens); observations from the
     * matcher property's generator, whose pools hold warninglisted values (reserved domains, private and
     * documentation addresses), with the same observation (or an equal copy) repeated within a batch; batches
     * from empty to several groups long.
     */
    @Property(tries = 300)
    void candidatesOfAListAnswerAsOneCallPerObservation(@ForAll long seed, @ForAll IndicatorIndex.KeyMode keyMode,
            @ForAll @IntRange(min = 0, max = 3 * IndicatorIndex.BATCH_GROUP + 5) int size) {
        Random r = new Random(seed);
        IndicatorIndex index = randomIndex(r, keyMode, true);
        boolean crowd = r.nextBoolean();
        if (crowd) {
            for (int i = 0; i < 60; i++) {
                StixId id = StixId.random("indicator");
                index.put(id, switch (i % 4) {
                    case 0 -> Patterns.pattern(Patterns.eq("domain-name:value", "evil.net"));
                    case 1 -> Patterns.pattern(Patterns.cmp("domain-name:value", ComparisonOperator.LIKE,
                            Patterns.str("%.evil.net")));
                    case 2 -> Patterns.pattern(Patterns.cmp("ipv4-addr:value", ComparisonOperator.ISSUBSET,
                            Patterns.str("8.8.8.0/24")));
                    default -> Patterns.pattern(Patterns.eq("domain-name:value", "example.com"));
                });
                if (r.nextInt(6) == 0) {
                    index.remove(id);
                }
            }
        }
        List<Observation> observations = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (i > 0 && r.nextInt(5) == 0) {
                observations.add(observations.get(r.nextInt(i))); // the same observation again
            } else {
                long again = r.nextLong();
                Observation o = IndexAgreesWithMatcherProperties.observation(new Random(again));
                observations.add(o);
                if (r.nextInt(8) == 0 && i + 1 < size) {
                    // An equal observation built again: the same values, other string instances.
                    observations.add(IndexAgreesWithMatcherProperties.observation(new Random(again)));
                    i++;
                }
            }
        }
        List<Candidates> expected = new ArrayList<>();
        for (Observation o : observations) {
            expected.add(index.candidates(o));
        }
        List<Candidates> batch = index.candidates(observations);
        assertThat(batch).isEqualTo(expected);
        int hits = 0;
        for (Candidates c : expected) {
            hits += c.confirmed().size() + c.toVerify().size() - index.residue().size();
            Statistics.label("suppressed").collect(!c.suppressed().isEmpty());
        }
        Statistics.label("hits in the batch").collect(hits == 0 ? "0" : hits < 10 ? "1-9" : hits < 100 ? "10-99" : "100+");
        Statistics.label("crowd").collect(crowd);
    }

    @Test
    void anEmptyListOfObservationsHasNoCandidatesAndNullObservationsAreRefused() {
        IndicatorIndex index = new IndicatorIndex(Warninglists.builtIn());
        index.put(StixId.random("indicator"), Patterns.pattern(Patterns.eq("domain-name:value", "evil.net")));
        assertThat(index.candidates(List.<Observation>of())).isEmpty();
        List<Observation> withNull = new ArrayList<>();
        withNull.add(Patterns.observe(Patterns.sco("domain-name", "value", "evil.net")));
        withNull.add(null);
        assertThatThrownBy(() -> index.candidates(withNull)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aListOfObservationsSeesTheResidueAndEachObservationsOwnHits() {
        IndicatorIndex index = new IndicatorIndex(Warninglists.builtIn());
        StixId evil = StixId.random("indicator");
        StixId residue = StixId.random("indicator");
        StixId reserved = StixId.random("indicator");
        index.put(evil, Patterns.pattern(Patterns.eq("domain-name:value", "evil.net")));
        index.put(residue, Patterns.pattern(Patterns.cmp("file:size", ComparisonOperator.GT,
                new org.entente.stix.pattern.Constant.IntegerConstant(10))));
        index.put(reserved, Patterns.pattern(Patterns.eq("domain-name:value", "example.com")));
        Observation hit = Patterns.observe(Patterns.sco("domain-name", "value", "evil.net"));
        Observation warned = Patterns.observe(Patterns.sco("domain-name", "value", "example.com"));
        Observation nothing = Patterns.observe(Patterns.sco("domain-name", "value", "good.org"));
        List<Candidates> c = index.candidates(List.of(hit, warned, nothing, hit));
        assertThat(c).hasSize(4);
        assertThat(c.get(0).confirmed()).containsExactly(evil);
        assertThat(c.get(0).toVerify()).containsExactly(residue);
        assertThat(c.get(1).confirmed()).isEmpty();
        assertThat(c.get(1).suppressed()).singleElement().satisfies(h -> assertThat(h.indicatorId()).isEqualTo(reserved));
        assertThat(c.get(2).confirmed()).isEmpty();
        assertThat(c.get(2).toVerify()).containsExactly(residue);
        assertThat(c.get(2).suppressed()).isEmpty();
        assertThat(c.get(3)).isEqualTo(c.get(0));
    }

    /** A value as an observation would hold it: type, property (hashes as {@code hashes.ALG}), value. */
    static String[] lookup(Random r) {
        return switch (r.nextInt(9)) {
            case 0 -> new String[] {"ipv4-addr", "value", pick(r, IndexAgreesWithMatcherProperties.V4)};
            case 1 -> new String[] {"ipv6-addr", "value", pick(r, IndexAgreesWithMatcherProperties.V6)};
            case 2 -> new String[] {"domain-name", "value", pick(r, IndexAgreesWithMatcherProperties.DOMAINS)};
            case 3 -> new String[] {"file", "hashes." + pick(r, IndexAgreesWithMatcherProperties.ALGS),
                pick(r, IndexAgreesWithMatcherProperties.MD5S)};
            case 4 -> new String[] {"file", "name", pick(r, IndexAgreesWithMatcherProperties.NAMES)};
            case 5 -> new String[] {"url", "value", pick(r, IndexAgreesWithMatcherProperties.URLS)};
            case 6 -> new String[] {"email-addr", "value", pick(r, IndexAgreesWithMatcherProperties.EMAILS)};
            case 7 -> new String[] {"network-traffic", "dst_port", r.nextBoolean() ? "443" : "4444"};
            default -> new String[] {"file", "hashes", pick(r, IndexAgreesWithMatcherProperties.MD5S)};
        };
    }

    @Test
    void aSinkMayLookUpAgainWhileABatchIsDelivered() {
        IndicatorIndex index = new IndicatorIndex(Warninglists.builtIn());
        StixId a = StixId.random("indicator");
        StixId b = StixId.random("indicator");
        index.put(a, Patterns.pattern(Patterns.eq("domain-name:value", "evil.net")));
        index.put(b, Patterns.pattern(Patterns.eq("domain-name:value", "bad.org")));
        int size = 2 * IndicatorIndex.BATCH_GROUP + 1;
        String[] types = new String[size];
        String[] properties = new String[size];
        String[] values = new String[size];
        for (int i = 0; i < size; i++) {
            types[i] = "domain-name";
            properties[i] = "value";
            values[i] = i % 2 == 0 ? "evil.net" : "bad.org";
        }
        List<StixId> inner = new ArrayList<>();
        List<StixId> outer = new ArrayList<>();
        index.lookupValues(types, properties, values, (i, id, c) -> {
            outer.add(id);
            index.lookupValues(new String[] {"domain-name"}, new String[] {"value"}, new String[] {"bad.org"},
                    (j, id2, c2) -> inner.add(id2));
        });
        assertThat(outer).hasSize(size);
        for (int i = 0; i < size; i++) {
            assertThat(outer.get(i)).isEqualTo(i % 2 == 0 ? a : b);
        }
        assertThat(inner).hasSize(size).containsOnly(b);
    }

    @Test
    void aBatchOfMismatchedOrMissingInputsIsRefusedBeforeAnyLookup() {
        IndicatorIndex index = new IndicatorIndex(Warninglists.builtIn());
        index.put(StixId.random("indicator"), Patterns.pattern(Patterns.eq("domain-name:value", "evil.net")));
        List<Integer> hits = new ArrayList<>();
        assertThatThrownBy(() -> index.lookupValues(new String[] {"domain-name"}, new String[0],
                new String[] {"evil.net"}, (i, id, c) -> hits.add(i))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.lookupValues(new String[] {"domain-name", "domain-name"},
                new String[] {"value", "value"}, new String[] {"evil.net", null}, (i, id, c) -> hits.add(i)))
                .isInstanceOf(NullPointerException.class);
        assertThat(hits).isEmpty();
        assertThat(index.lookupValues(new String[0], new String[0], new String[0], (i, id, c) -> hits.add(i))).isZero();
    }
}
