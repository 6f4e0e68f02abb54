package org.entente.correlation;

import java.util.UUID;
import java.util.function.LongPredicate;

/**
 * What {@link IndicatorCatalog} keeps per indicator id, with no object per indicator: one open-addressing
 * table (linear probing, backward-shift deletion, no tombstones) of four longs per slot, i.e. 32 bytes
 * per slot: the id's UUID (high, low), the version (see {@link IndicatorCatalog#versionBits}) and a meta
 * word {@code validUntil << 22 | label << 2 | state}:
 * <ul>
 * <li>state (2 bits): {@link #EMPTY}, {@link #CURRENT} (indexed), {@link #RETIRED} (revoked, expired, not
 *     STIX, no pattern: only the version is kept, so an older version arriving late cannot bring it back),
 *     {@link #UNPARSABLE} (its latest pattern does not parse: version and label, for the counts);</li>
 * <li>label (20 bits): an ordinal into the catalog's small table of distinct labels;</li>
 * <li>validUntil (42 bits): epoch milliseconds rounded up (until 2109), 0 for none.</li>
 * </ul>
 * Every id is an indicator's, so the type is not stored. The capacity is any number (a slot is chosen by
 * multiplying the hash), kept between 55% and 80% full: 40 to 58 bytes per id.
 *
 * <p>Not thread-safe: the catalog guards it.
 */
final class CatalogTable {

    static final int EMPTY = 0;
    static final int CURRENT = 1;
    static final int RETIRED = 2;
    static final int UNPARSABLE = 3;

    static final int MAX_LABELS = 1 << 20;
    /** Expiry instants from here on are not stored (they do not pass within the node's lifetime). */
    static final long MAX_VALID_UNTIL = (1L << 42) - 1;

    private static final int STRIDE = 4;
    private static final double MAX_LOAD = 0.80;
    private static final double GROWN_LOAD = 0.55;

    private long[] slots;
    private int capacity;
    private int size;

    CatalogTable() {
        this(16);
    }

    CatalogTable(int capacity) {
        this.capacity = Math.max(16, capacity);
        this.slots = new long[STRIDE * this.capacity];
    }

    static long meta(int state, int label, long validUntilMillis) {
        return validUntilMillis << 22 | (long) label << 2 | state;
    }

    static int state(long meta) {
        return (int) (meta & 3);
    }

    static int label(long meta) {
        return (int) (meta >>> 2) & (MAX_LABELS - 1);
    }

    static long validUntil(long meta) {
        return meta >>> 22;
    }

    int size() {
        return size;
    }

    /** Heap of the slots array, in bytes. */
    long heapBytes() {
        return 16L + 8L * slots.length;
    }

    private static long mix(long hi, long lo) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ h >>> 33;
    }

    private int home(long hi, long lo) {
        return (int) (((mix(hi, lo) >>> 32) * capacity) >>> 32);
    }

    /** The slot holding {@code id}, or -1. */
    int find(UUID id) {
        long hi = id.getMostSignificantBits();
        long lo = id.getLeastSignificantBits();
        long[] s = slots;
        for (int i = home(hi, lo); ; i = i + 1 == capacity ? 0 : i + 1) {
            int b = STRIDE * i;
            if (s[b + 3] == 0) {
                return -1;
            }
            if (s[b] == hi && s[b + 1] == lo) {
                return i;
            }
        }
    }

    long version(int slot) {
        return slots[STRIDE * slot + 2];
    }

    long meta(int slot) {
        return slots[STRIDE * slot + 3];
    }

    UUID id(int slot) {
        return new UUID(slots[STRIDE * slot], slots[STRIDE * slot + 1]);
    }

    /** Sets {@code id}'s version and meta (state not {@link #EMPTY}), adding it if absent. */
    void put(UUID id, long version, long meta) {
        int slot = find(id);
        if (slot < 0) {
            if (size + 1 > capacity * MAX_LOAD) {
                resize((int) Math.ceil((size + 1) / GROWN_LOAD));
            }
            long hi = id.getMostSignificantBits();
            long lo = id.getLeastSignificantBits();
            slot = home(hi, lo);
            while (slots[STRIDE * slot + 3] != 0) {
                slot = slot + 1 == capacity ? 0 : slot + 1;
            }
            slots[STRIDE * slot] = hi;
            slots[STRIDE * slot + 1] = lo;
            size++;
        }
        slots[STRIDE * slot + 2] = version;
        slots[STRIDE * slot + 3] = meta;
    }

    /** Removes {@code id}; false if it was absent. */
    boolean remove(UUID id) {
        int i = find(id);
        if (i < 0) {
            return false;
        }
        // Backward shift: later slots of the run that may live at i move up, so no tombstone is needed.
        long[] s = slots;
        for (int j = i + 1 == capacity ? 0 : i + 1; ; j = j + 1 == capacity ? 0 : j + 1) {
            int bj = STRIDE * j;
            if (s[bj + 3] == 0) {
                break;
            }
            int k = home(s[bj], s[bj + 1]);
            boolean stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
            if (!stays) {
                System.arraycopy(s, bj, s, STRIDE * i, STRIDE);
                i = j;
            }
        }
        int bi = STRIDE * i;
        s[bi] = s[bi + 1] = s[bi + 2] = s[bi + 3] = 0;
        size--;
        return true;
    }

    /** Calls {@code visit} with every occupied slot whose meta {@code filter} accepts. */
    void forEach(LongPredicate filter, SlotVisitor visit) {
        long[] s = slots;
        for (int i = 0; i < capacity; i++) {
            long m = s[STRIDE * i + 3];
            if (m != 0 && filter.test(m)) {
                visit.slot(i);
            }
        }
    }

    @FunctionalInterface
    interface SlotVisitor {
        void slot(int slot);
    }

    private void resize(int newCapacity) {
        long[] old = slots;
        int oldCapacity = capacity;
        capacity = Math.max(16, newCapacity);
        slots = new long[STRIDE * capacity];
        for (int i = 0; i < oldCapacity; i++) {
            int b = STRIDE * i;
            if (old[b + 3] != 0) {
                int slot = home(old[b], old[b + 1]);
                while (slots[STRIDE * slot + 3] != 0) {
                    slot = slot + 1 == capacity ? 0 : slot + 1;
                }
                System.arraycopy(old, b, slots, STRIDE * slot, STRIDE);
            }
        }
    }
}
