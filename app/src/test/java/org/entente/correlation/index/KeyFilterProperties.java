package org.entente.correlation.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The key filter never rules out a key it holds, whatever the keys; and it rules out most others. */
class KeyFilterProperties {

    @Property(tries = 300)
    void neverMissesAnAddedKey(@ForAll @Size(max = 3000) List<Long> keys, @ForAll @IntRange(max = 5000) int sizedFor) {
        KeyFilter f = new KeyFilter(sizedFor);
        for (long k : keys) {
            f.add(k);
        }
        for (long k : keys) {
            assertThat(f.mightContain(k)).as("key %x", k).isTrue();
        }
    }

    @Property(tries = 100)
    void neverMissesDegenerateKeys(@ForAll @IntRange(max = 20) int lowBits, @ForAll long seed) {
        // Keys as the collision test modes make them: distinct high halves, one low half; or small integers.
        KeyFilter f = new KeyFilter(100);
        Random r = new Random(seed);
        long[] keys = new long[500];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = i % 2 == 0 ? (r.nextLong() & 0xFFFFFFFF00000000L) | 0x40000000L : r.nextInt(1 << lowBits);
            f.add(keys[i]);
        }
        for (long k : keys) {
            assertThat(f.mightContain(k)).isTrue();
        }
    }

    @Example
    void rulesOutMostOtherKeysAtItsDesignLoad() {
        Random r = new Random(7);
        KeyFilter f = new KeyFilter(100_000);
        Set<Long> added = new HashSet<>();
        for (int i = 0; i < f.capacity(); i++) {
            long k = r.nextLong();
            added.add(k);
            f.add(k);
        }
        int falsePositives = 0;
        int tries = 200_000;
        for (int i = 0; i < tries; i++) {
            long k = r.nextLong();
            if (!added.contains(k) && f.mightContain(k)) {
                falsePositives++;
            }
        }
        assertThat((double) falsePositives / tries).isLessThan(0.04);
    }
}
