package org.entente.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.entente.intel.TaxiiQuery;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The page cache's own bookkeeping, without a node (no cluster: nothing to listen to): its byte budget, its eviction order and its stamps. */
class TaxiiPageCacheBoundsTest {

    private static final long BUDGET = 64 * 1024;

    private static TaxiiPageCache.Key key(int n) {
        // The visibility is the same for every key here; the keys differ by their cursor (page size n).
        return new TaxiiPageCache.Key(false, new TaxiiQuery(new TaxiiQuery.Scope.Everything(), null, null, List.of(), List.of(),
                TaxiiQuery.VersionMatch.LAST, List.of(), n), null);
    }

    private static TaxiiPageCache.Page page(int bytes, long stamp) {
        return new TaxiiPageCache.Page(new byte[bytes], null, null, "\"t\"", stamp, System.nanoTime());
    }

    @Test
    @DisplayName("never holds more than its budget; the least recently used page goes first")
    void boundedByBytesLeastRecentlyUsedFirst() {
        TaxiiPageCache cache = new TaxiiPageCache(BUDGET, java.time.Duration.ofSeconds(60), null, null, null);
        for (int i = 1; i <= 7; i++) {
            cache.put(key(i), page(7 * 1024, 1));
        }
        assertThat(cache.bytes()).isLessThanOrEqualTo(BUDGET);
        assertThat(cache.get(key(1), 1)).as("used, so now the most recent").isNotNull();
        for (int i = 8; i <= 20; i++) {
            cache.put(key(i), page(7 * 1024, 1));
            assertThat(cache.bytes()).isLessThanOrEqualTo(BUDGET);
        }
        assertThat(cache.size()).isBetween(1, 8);
        assertThat(cache.get(key(2), 1)).as("least recently used: evicted").isNull();
        assertThat(cache.get(key(20), 1)).isNotNull();
    }

    @Test
    @DisplayName("a page over an eighth of the budget is not kept; a budget of 0 keeps nothing")
    void largePagesAndDisabled() {
        TaxiiPageCache cache = new TaxiiPageCache(BUDGET, java.time.Duration.ofSeconds(60), null, null, null);
        cache.put(key(1), page((int) (BUDGET / 8), 1));
        assertThat(cache.get(key(1), 1)).isNull();
        assertThat(cache.bytes()).isZero();
        TaxiiPageCache off = new TaxiiPageCache(0, java.time.Duration.ofSeconds(60), null, null, null);
        off.put(key(1), page(10, 1));
        assertThat(off.get(key(1), 1)).isNull();
        assertThat(off.enabled()).isFalse();
    }

    @Test
    @DisplayName("a page loaded at another stamp is never served")
    void otherStampIsAMiss() {
        TaxiiPageCache cache = new TaxiiPageCache(BUDGET, java.time.Duration.ofSeconds(60), null, null, null);
        cache.put(key(1), page(100, 41));
        assertThat(cache.get(key(1), 42)).isNull();
        assertThat(cache.get(key(1), 41)).isNotNull();
        cache.put(key(1), page(200, 42));
        assertThat(cache.get(key(1), 41)).isNull();
        assertThat(cache.bytes()).as("a replaced entry is counted once").isEqualTo(200 + 1024);
    }
}
