package org.entente.federation.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import org.junit.jupiter.api.Test;

/** The page-wide signature work: every index exactly once, whatever the size, and failures surface. */
class ParallelTest {

    @Property(tries = 200)
    void everyIndexRunsExactlyOnce(@ForAll @IntRange(min = 0, max = 3000) int n) {
        AtomicIntegerArray runs = new AtomicIntegerArray(n);
        Parallel.forEach(n, runs::incrementAndGet);
        for (int i = 0; i < n; i++) {
            assertThat(runs.get(i)).as("index %d of %d", i, n).isEqualTo(1);
        }
    }

    @Test
    void aLargePageIsSpreadOverMoreThanTheCallingThreadWhenThereAreSeveralCores() {
        var threads = ConcurrentHashMap.<String>newKeySet();
        Parallel.forEach(2_000, i -> threads.add(Thread.currentThread().getName()));
        assertThat(threads).contains(Thread.currentThread().getName());
        if (Runtime.getRuntime().availableProcessors() > 1) {
            assertThat(threads).anyMatch(t -> t.startsWith("federation-crypto-"));
        }
    }

    @Test
    void aFailureInAnyChunkIsThrownToTheCaller() {
        assertThatThrownBy(() -> Parallel.forEach(1_000, i -> {
            if (i == 999) {
                throw new IllegalArgumentException("entry 999");
            }
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("entry 999");
    }
}
