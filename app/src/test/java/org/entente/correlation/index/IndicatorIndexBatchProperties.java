package org.entente.correlation.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.entente.correlation.index.IndexAgreesWithMatcherProperties.pick;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.entente.stix.StixId;
import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

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

    @Property(tries = 300)
    void aBatchAnswersAsOneLookupPerValue(@ForAll long seed, @ForAll IndicatorIndex.KeyMode keyMode,
            @ForAll @IntRange(min = 0, max = 3 * IndicatorIndex.BATCH_GROUP + 5) int size) {
        Random r = new Random(seed);
        IndicatorIndex index = new IndicatorIndex(Warninglists.builtIn(), keyMode);
        List<StixId> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            StixId id = StixId.random("indicator");
            ids.add(id);
            index.put(id, IndexAgreesWithMatcherProperties.pattern(r));
            if (r.nextInt(8) == 0) {
                index.remove(ids.get(r.nextInt(ids.size())));
            }
        }
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
