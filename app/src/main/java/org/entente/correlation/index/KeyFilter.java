package org.entente.correlation.index;

/**
 * A blocked Bloom filter over 64-bit keys: each key sets three bits of one 64-bit word, so a query
 * reads one word (one cache line). It never answers false for a key that was added; for other keys it
 * answers true with a probability of about 2% at its fullest (12 bits per key; under 1% at 16). Keys are
 * remixed first, so degenerate keys (the collision test modes) only make it answer true more often.
 *
 * <p>The index keeps one over the keys of fields whose observed values are looked up under several
 * keys (dot-suffixes, prefix lengths): most of those probes find nothing, and the filter answers them
 * from a structure small enough to stay in the core's cache instead of a miss on the key table.
 *
 * <p>Not thread-safe by itself: writers add under the index's write lock, readers validate.
 */
final class KeyFilter {

    /**
     * The fewest bits per key the filter is sized for; the index rebuilds it larger when it holds more keys
     * than that. Kept small so that the filter of a million indicators' suffix and address keys (about 300,000)
     * stays within a core's L2 cache (512 KB).
     */
    static final int BITS_PER_KEY = 12;

    private final long[] words;
    private final int shift;

    /** A filter for up to {@code keys} keys (at least 64 words). */
    KeyFilter(int keys) {
        long bits = Math.max(64L * 64, (long) keys * BITS_PER_KEY);
        int n = Long.numberOfLeadingZeros(1) - Long.numberOfLeadingZeros(bits - 1) + 1; // ceil(log2(bits))
        int log = Math.min(30, Math.max(6, n - 6)); // words = 2^log
        this.words = new long[1 << log];
        this.shift = 64 - log;
    }

    /** The number of keys this filter holds before its false positive rate exceeds the design. */
    int capacity() {
        return (int) Math.min(Integer.MAX_VALUE, (long) words.length * 64 / BITS_PER_KEY);
    }

    private static long remix(long key) {
        long h = (key ^ (key >>> 31)) * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    private static long mask(long h) {
        return (1L << h) | (1L << (h >>> 6)) | (1L << (h >>> 12));
    }

    void add(long key) {
        long h = remix(key);
        words[(int) (h >>> shift)] |= mask(h);
    }

    boolean mightContain(long key) {
        long h = remix(key);
        long m = mask(h);
        return (words[(int) (h >>> shift)] & m) == m;
    }

    long heapBytes() {
        return 16 + 8L * words.length + 16;
    }
}
