package org.entente.stix.validation;

import java.util.Map;

/**
 * An immutable string-keyed lookup table for the property tables, probed once per property of every
 * object validated. Open addressing over a power-of-two table with the keys' hash codes kept alongside,
 * so a lookup is a mask, an integer comparison and usually a reference comparison; the JDK's immutable
 * maps pay an integer division and a content comparison per lookup.
 */
final class NameTable<V> {

    private final String[] keys;
    private final int[] hashes;
    private final Object[] values;
    private final int mask;
    /**
     * For each slot, the last String instance found equal to its key. Jackson hands out one instance per
     * distinct property name within a parse, so this turns most look-ups into a reference comparison.
     * Written without synchronisation: a slot only ever holds a string equal to its key, so whatever
     * instance a racing reader sees is correct.
     */
    private final String[] seen;

    NameTable(Map<String, V> entries) {
        int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 4) - 1) << 1;
        keys = new String[capacity];
        hashes = new int[capacity];
        values = new Object[capacity];
        seen = new String[capacity];
        mask = capacity - 1;
        for (Map.Entry<String, V> e : entries.entrySet()) {
            int h = e.getKey().hashCode();
            int i = spread(h) & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = e.getKey();
            hashes[i] = h;
            values[i] = e.getValue();
        }
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    @SuppressWarnings("unchecked")
    V get(String key) {
        int h = key.hashCode();
        int i = spread(h) & mask;
        String k;
        while ((k = keys[i]) != null) {
            if (hashes[i] == h) {
                if (seen[i] == key) {
                    return (V) values[i];
                }
                if (k.equals(key)) {
                    seen[i] = key;
                    return (V) values[i];
                }
            }
            i = (i + 1) & mask;
        }
        return null;
    }
}
