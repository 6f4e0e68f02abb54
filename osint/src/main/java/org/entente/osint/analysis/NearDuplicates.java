package org.entente.osint.analysis;

import java.util.List;

/**
 * Near-duplicate detection by MinHash over word shingles, judged by <em>containment</em> rather than plain
 * resemblance, so a scrape that kept the site's navigation, related posts and cookie banner still matches the
 * clean copy of the same article.
 *
 * <p>How it decides, and why these numbers:
 * <ul>
 *   <li><b>Normalisation.</b> Words are compared after Unicode folding, accent removal and lower-casing, with all
 *   punctuation dropped: two copies differing in quotes, dashes, bullets or table pipes give the same words.</li>
 *   <li><b>Shingles of {@value #SHINGLE} words.</b> Five-word runs are specific enough that two independent
 *   reports of the same meeting share almost none (the seeds' different outlets share 0.0-0.8% of their
 *   shingles), while one copy of an article shares nearly all of them with another copy.</li>
 *   <li><b>{@value #HASHES} hash functions.</b> The resemblance estimate's standard error is
 *   sqrt(J(1-J)/128) &lt;= 0.045, far below the gap between duplicates and non-duplicates.</li>
 *   <li><b>Containment, not resemblance.</b> Boilerplate inflates the union: the seeds' scraped copy (000) has
 *   1,555 shingles, the clean copy (001) 878, so their resemblance is only 0.56, but 99.5% of the clean copy's
 *   shingles are in the scraped one. From the MinHash estimate J and the shingle counts a, b the intersection is
 *   J(a+b)/(1+J); divided by the smaller count it is the containment of the shorter text in the longer.</li>
 *   <li><b>Duplicate when containment &gt;= {@value #CONTAINMENT}</b> and the shorter text has at least
 *   {@value #MIN_SIZE_RATIO} of the longer's shingles. 0.70 leaves room for a copy that lost or gained a paragraph
 *   and for the estimate's error (at 0.995 it is 6 standard errors away), while unrelated reports sit near 0.01.
 *   The size floor keeps a short piece that a long one quotes in full (a wire brief inside an analysis) from
 *   being called the same article: boilerplate at most doubles or triples a page, a quotation is a small part.</li>
 *   <li><b>Texts under {@value #MIN_SHINGLES} shingles</b> (about 25 words) are never duplicates of anything: too
 *   little text for the estimate, and a one-line stub matches too easily.</li>
 * </ul>
 * Candidate search ({@link #bands}) uses locality-sensitive hashing: {@value #BANDS} bands of 2 hashes. A pair at
 * the smallest resemblance that can still be a duplicate (containment 0.70 with a size ratio of 0.30 gives
 * J = 0.19) shares a band with probability 1-(1-0.19²)^64 = 0.91; at the seeds' resemblance (0.56) it is
 * certain, and unrelated reports (J &lt; 0.01) collide in under 1% of pairs, each then checked exactly.
 */
public final class NearDuplicates {

    public static final int SHINGLE = 5;
    public static final int HASHES = 128;
    public static final int BANDS = 64;
    public static final double CONTAINMENT = 0.70;
    public static final double MIN_SIZE_RATIO = 0.30;
    public static final int MIN_SHINGLES = 20;

    private static final long[] SEEDS = new long[HASHES];

    static {
        // Fixed seeds: signatures stored by one version of the node must stay comparable with the next.
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < HASHES; i++) {
            x = mix(x + 0x9E3779B97F4A7C15L);
            SEEDS[i] = x;
        }
    }

    private NearDuplicates() {
    }

    /** How alike two texts are, and whether that makes them the same article. */
    public record Similarity(double resemblance, double containment, double sizeRatio, boolean duplicate) {
    }

    public static Fingerprint fingerprint(String text) {
        List<String> words = Tokens.normalisedWords(text);
        int[] mins = new int[HASHES];
        java.util.Arrays.fill(mins, Integer.MAX_VALUE);
        if (words.size() < SHINGLE) {
            return new Fingerprint(mins, 0);
        }
        long[] wordHashes = new long[words.size()];
        for (int i = 0; i < wordHashes.length; i++) {
            wordHashes[i] = mix(words.get(i).hashCode() * 0xC2B2AE3D27D4EB4FL + words.get(i).length());
        }
        java.util.HashSet<Long> distinct = new java.util.HashSet<>();
        for (int i = 0; i + SHINGLE <= wordHashes.length; i++) {
            long h = 0;
            for (int k = 0; k < SHINGLE; k++) {
                h = mix(h * 31 + wordHashes[i + k]);
            }
            if (!distinct.add(h)) {
                continue;
            }
            for (int f = 0; f < HASHES; f++) {
                int v = (int) (mix(h ^ SEEDS[f]) >>> 32);
                if (Integer.compareUnsigned(v, mins[f]) < 0) {
                    mins[f] = v;
                }
            }
        }
        return new Fingerprint(mins, distinct.size());
    }

    public static Similarity compare(Fingerprint a, Fingerprint b) {
        if (a.isEmpty() || b.isEmpty()) {
            return new Similarity(0, 0, 0, false);
        }
        int same = 0;
        for (int i = 0; i < HASHES; i++) {
            if (a.hash(i) == b.hash(i)) {
                same++;
            }
        }
        double j = same / (double) HASHES;
        int small = Math.min(a.shingles(), b.shingles());
        int large = Math.max(a.shingles(), b.shingles());
        double intersection = j * (a.shingles() + b.shingles()) / (1 + j);
        double containment = Math.min(1.0, intersection / small);
        double ratio = small / (double) large;
        boolean duplicate = small >= MIN_SHINGLES && containment >= CONTAINMENT && ratio >= MIN_SIZE_RATIO;
        return new Similarity(j, containment, ratio, duplicate);
    }

    /**
     * The signature's LSH band keys: two fingerprints that share a key are candidates for {@link #compare}.
     * An empty fingerprint has none (it is never a duplicate).
     */
    public static long[] bands(Fingerprint f) {
        if (f.isEmpty()) {
            return new long[0];
        }
        int rows = HASHES / BANDS;
        long[] out = new long[BANDS];
        for (int band = 0; band < BANDS; band++) {
            long h = band;
            for (int r = 0; r < rows; r++) {
                h = mix(h * 0x100000001B3L + (f.hash(band * rows + r) & 0xFFFFFFFFL));
            }
            out[band] = h;
        }
        return out;
    }

    /** SplitMix64's finaliser: a cheap, well-mixed 64-bit hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
