package org.entente.osint.analysis;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The MinHash signature of an article's word shingles, and how many distinct shingles it has. Small (516
 * bytes) and stored with the article, so a new article is compared with the stored ones without their text.
 *
 * @param minHashes {@link NearDuplicates#HASHES} minimum hash values, one per hash function
 * @param shingles  the number of distinct shingles the signature summarises (0 for a text too short to have any)
 */
public record Fingerprint(int[] minHashes, int shingles) {

    public Fingerprint {
        Objects.requireNonNull(minHashes, "minHashes");
        if (minHashes.length != NearDuplicates.HASHES) {
            throw new IllegalArgumentException("a fingerprint has " + NearDuplicates.HASHES + " hashes, not " + minHashes.length);
        }
        if (shingles < 0) {
            throw new IllegalArgumentException("shingles must not be negative");
        }
        minHashes = minHashes.clone();
    }

    @Override
    public int[] minHashes() {
        return minHashes.clone();
    }

    int hash(int i) {
        return minHashes[i];
    }

    public boolean isEmpty() {
        return shingles == 0;
    }

    /** Big-endian: the hashes, then the shingle count. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(4 * (minHashes.length + 1));
        for (int h : minHashes) {
            b.putInt(h);
        }
        return b.putInt(shingles).array();
    }

    public static Fingerprint fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != 4 * (NearDuplicates.HASHES + 1)) {
            throw new IllegalArgumentException("not a fingerprint: expected " + 4 * (NearDuplicates.HASHES + 1) + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int[] h = new int[NearDuplicates.HASHES];
        for (int i = 0; i < h.length; i++) {
            h[i] = b.getInt();
        }
        return new Fingerprint(h, b.getInt());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && f.shingles == shingles && Arrays.equals(f.minHashes, minHashes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(minHashes) + shingles;
    }

    @Override
    public String toString() {
        return "Fingerprint[" + shingles + " shingles]";
    }
}
