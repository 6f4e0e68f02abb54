package org.entente.correlation.index;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.entente.correlation.index.PatternCompiler.Kind;
import org.entente.stix.pattern.ObjectPath.Step;

import tools.jackson.databind.JsonNode;

/**
 * A place in observed objects the index looks at: objects of one type, one object path, and how the
 * values found there become keys. One per distinct (type, path, kind) among the indexed terms; lookups
 * visit, for each observed object, only the fields registered for its type.
 *
 * <p>Keys are 64-bit: a per-field salt mixed with a hash of the case-folded value (see {@link #fold}).
 * Dot-suffix fields hash with FNV-1a from the value's last character to its first, so that the hash of
 * every suffix of a domain falls out of one backward pass; equality and hash fields hash eight characters
 * per multiply ({@link #hashBlocks}; lookups of ASCII values from a byte copy, {@link #hashAsciiBytes}). Address keys mix the network bits masked to a prefix
 * length with that length.
 */
final class LookupField {

    static final long FNV_BASIS = 0xcbf29ce484222325L;
    static final long FNV_PRIME = 0x100000001b3L;

    final int id;
    final String type;
    final Step[] steps;
    final Kind kind;
    final long salt;
    private final IndicatorIndex.KeyMode keyMode;
    /** The single property name when the path is one property step (the common, fast case), else null. */
    private final String onlyProperty;

    /** For CIDR fields: how many terms use each prefix length; and the lengths in use, longest first. */
    private final int[] prefixCount;
    private volatile int[] activePrefixes = new int[0];

    LookupField(int id, String type, List<Step> path, Kind kind) {
        this(id, type, path, kind, IndicatorIndex.KeyMode.NORMAL);
    }

    LookupField(int id, String type, List<Step> path, Kind kind, IndicatorIndex.KeyMode keyMode) {
        this.keyMode = keyMode;
        this.id = id;
        this.type = type;
        this.steps = path.toArray(Step[]::new);
        this.kind = kind;
        this.salt = mix(0x9E3779B97F4A7C15L * (id + 1) + kind.ordinal());
        this.onlyProperty = steps.length == 1 && steps[0] instanceof Step.Property(String n) ? n : null;
        this.prefixCount = kind == Kind.CIDR4 ? new int[33] : kind == Kind.CIDR6 ? new int[129] : null;
    }

    // ----- keys ------------------------------------------------------------------------------------------

    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /**
     * ASCII case folding, plus the non-ASCII letters that Java's Unicode case-insensitive matching
     * (MATCHES with {@code (?i)} and Unicode character classes) equates with ASCII letters.
     */
    static char fold(char c) {
        if (c < 0x80) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        return switch (c) {
            case '\u212A' -> 'k'; // KELVIN SIGN
            case '\u017F' -> 's'; // LATIN SMALL LETTER LONG S
            case '\u0130', '\u0131' -> 'i'; // dotted capital I, dotless small i
            default -> c;
        };
    }

    /** Backward FNV-1a of {@code s[from, to)}, ASCII case folded. */
    static long hashBackward(String s, int from, int to) {
        long h = FNV_BASIS;
        for (int i = to - 1; i >= from; i--) {
            h = (h ^ fold(s.charAt(i))) * FNV_PRIME;
        }
        return h;
    }

    private static final long M = 0x9E3779B97F4A7C15L;
    /** Seeds apart the hashes of values with a folded character above U+00FF (two bytes a character). */
    private static final long WIDE = 0x6A09E667F3BCC909L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * A 64-bit hash of {@code s[from, to)} folded as {@link #fold} does. Values whose folded characters all fit
     * in a byte (all ASCII and Latin-1 text, and whatever folds into it) are hashed eight characters (64 bits)
     * per step, as {@link #hashAsciiBytes} does from a byte copy; others four characters per step, 16 bits
     * each, from another seed. Each step is a bijection of the state for a given block, so values of equal
     * length that differ in one block never collide; the length is mixed in first and {@link #key} finishes
     * with a full mix.
     */
    static long hashBlocks(String s, int from, int to) {
        boolean narrow = true;
        for (int i = from; i < to; i++) {
            if (fold(s.charAt(i)) > 0xFF) {
                narrow = false;
                break;
            }
        }
        if (!narrow) {
            return hashWide(s, from, to);
        }
        long h = M * (to - from + 1);
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long b = 0;
            for (int k = 0; k < 8; k++) {
                b |= (long) fold(s.charAt(i + k)) << (8 * k);
            }
            h = step(h, b);
        }
        long b = 0;
        for (int shift = 0; i < to; i++, shift += 8) {
            b |= (long) fold(s.charAt(i)) << shift;
        }
        return step(h, b);
    }

    /**
     * {@link #hashBlocks} of {@code len} ASCII characters copied into {@code bytes} (which has at least
     * {@code len + 8} bytes: the last block is read whole and the bytes past the value masked off).
     */
    static long hashAsciiBytes(byte[] bytes, int len) {
        long h = M * (len + 1);
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            h = step(h, foldAscii8((long) LONGS.get(bytes, i)));
        }
        int rest = len - i;
        long b = rest == 0 ? 0 : (long) LONGS.get(bytes, i) & (-1L >>> (64 - 8 * rest));
        return step(h, foldAscii8(b));
    }

    private static long step(long h, long block) {
        h = (h ^ block) * M;
        return h ^ (h >>> 29);
    }

    /** Four characters per step, one per 16-bit lane: values with a folded character above U+00FF. */
    private static long hashWide(String s, int from, int to) {
        long h = (M * (to - from + 1)) ^ WIDE;
        int i = from;
        for (; i + 4 <= to; i += 4) {
            long b = fold(s.charAt(i)) | (long) fold(s.charAt(i + 1)) << 16
                    | (long) fold(s.charAt(i + 2)) << 32 | (long) fold(s.charAt(i + 3)) << 48;
            h = step(h, b);
        }
        long b = 0;
        for (int shift = 0; i < to; i++, shift += 16) {
            b |= (long) fold(s.charAt(i)) << shift;
        }
        return step(h, b);
    }

    private static final long BYTES = 0x0101010101010101L;

    /**
     * {@link #fold} of eight ASCII characters at once, one per byte (each below 0x80): a byte
     * gets 0x20 added when it holds 'A'..'Z'. Byte sums stay below 0x100, so no carry crosses bytes.
     */
    static long foldAscii8(long b) {
        long geA = b + BYTES * (0x80 - 'A');        // bit 7 of a byte set iff c >= 'A' (sums below 0x100)
        long gtZ = b + BYTES * (0x80 - 'Z' - 1);    // bit 7 of a byte set iff c > 'Z'
        long upper = geA & ~gtZ & BYTES * 0x80;
        return b | (upper >>> 2);
    }

    long key(long hash) {
        return finish(mix(hash ^ salt));
    }

    /**
     * The top bit of a key says whether its field looks observed values up under several keys (dot-suffixes,
     * prefix lengths): such keys are also in the index's {@link KeyFilter}, which is rebuilt from the marked
     * keys of the table. In the all-keys-equal test mode every key is marked (and so in the filter).
     */
    private long finish(long k) {
        long mark = kind == Kind.SUFFIX || kind == Kind.CIDR4 || kind == Kind.CIDR6 ? Long.MIN_VALUE : 0;
        return switch (keyMode) {
            case NORMAL -> (k & Long.MAX_VALUE) == 0 ? mark | 1 : (k & Long.MAX_VALUE) | mark;
            // All keys distinct, all in one home slot.
            case SAME_SLOT -> (k & 0x7FFFFFFF00000000L) | mark | 0x40000000L;
            case SAME_KEY -> Long.MIN_VALUE | 1;
        };
    }

    /** Whether a key is marked as looked up through the filter (see {@link #finish}). */
    static boolean isMultiKey(long key) {
        return key < 0;
    }

    /** The key of the whole value {@code s[from, to)}, as a term's value is stored. */
    long valueKey(String value, int from, int to) {
        return kind == Kind.SUFFIX ? key(hashBackward(value, from, to)) : key(hashBlocks(value, from, to));
    }

    long valueKey(String value) {
        return valueKey(value, 0, value.length());
    }

    long blockKey(long hi, long lo, int prefix) {
        return finish(mix(mix(salt ^ hi ^ ((long) prefix << 56)) ^ lo ^ prefix));
    }

    /** The single property name when the path is one property step, else null. */
    String onlyProperty() {
        return onlyProperty;
    }

    /** Calls {@code out} with the key of each proper dot-suffix of {@code s[0, to)} (b.c and c of a.b.c). */
    void suffixKeys(String s, int to, KeySink out) {
        long h = FNV_BASIS;
        for (int i = to - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c == '.' && i + 1 < to) {
                out.key(key(h));
            }
            h = (h ^ fold(c)) * FNV_PRIME;
        }
    }

    interface KeySink {
        void key(long key);
    }

    // ----- CIDR prefix lengths ---------------------------------------------------------------------------

    /** Records that a term with this prefix length is indexed (writers only). */
    void usePrefix(int prefix) {
        if (prefixCount[prefix]++ == 0) {
            int n = 0;
            int[] active = new int[prefixCount.length];
            for (int p = prefixCount.length - 1; p >= 0; p--) {
                if (prefixCount[p] > 0) {
                    active[n++] = p;
                }
            }
            activePrefixes = Arrays.copyOf(active, n);
        }
    }

    int[] activePrefixes() {
        return activePrefixes;
    }

    // ----- extracting observed values --------------------------------------------------------------------

    /** Receives the values found at this field in an observed object. */
    interface ValueSink {
        /**
         * @param alg       for HASHES, the dictionary key (the algorithm's name); else null
         * @param strict    reached along the path exactly as written (no list or reference leniency) and a string
         * @param ownerType the type of the object holding the value (differs from the field's after a reference)
         */
        void value(LookupField field, String value, String alg, boolean strict, String ownerType);
    }

    /**
     * Visits the values at this field's path in {@code object}. Generous on purpose (the index may
     * over-approximate, never miss): a property step applied to a list applies to each element, a
     * string met where an object is expected is followed as a reference into {@code objects}, and a
     * list at the end of the path contributes each element.
     */
    void extract(JsonNode object, String objectType, Map<String, JsonNode> objects, ValueSink sink) {
        if (onlyProperty != null) {
            JsonNode v = object.get(onlyProperty);
            if (v != null) {
                if (v.isString() && kind != Kind.HASHES) {
                    sink.value(this, v.stringValue(), null, true, objectType);
                } else {
                    leaf(v, true, objectType, sink);
                }
            }
            return;
        }
        walk(object, 0, true, objectType, objects, sink, 0);
    }

    private void walk(JsonNode node, int i, boolean strict, String ownerType, Map<String, JsonNode> objects,
                      ValueSink sink, int depth) {
        if (node == null || depth > 32) {
            return;
        }
        if (i == steps.length) {
            leaf(node, strict, ownerType, sink);
            return;
        }
        Step s = steps[i];
        if (node.isArray()) {
            switch (s) {
                case Step.AnyIndex any -> {
                    for (JsonNode el : node.values()) {
                        walk(el, i + 1, strict, ownerType, objects, sink, depth);
                    }
                }
                case Step.Index ix -> walk(node.get(ix.index()), i + 1, strict, ownerType, objects, sink, depth);
                case Step.Property p -> {
                    for (JsonNode el : node.values()) {
                        walk(el, i, false, ownerType, objects, sink, depth + 1);
                    }
                }
            }
        } else if (node.isString()) {
            String ref = node.stringValue();
            JsonNode target = objects.get(ref);
            if (target != null && target.isObject()) {
                walk(target, i, false, typeOf(target, ref), objects, sink, depth + 1);
            }
        } else if (node.isObject() && s instanceof Step.Property(String name)) {
            walk(node.get(name), i + 1, strict, ownerType, objects, sink, depth);
        }
    }

    private void leaf(JsonNode node, boolean strict, String ownerType, ValueSink sink) {
        if (kind == Kind.HASHES) {
            if (node.isObject()) {
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    JsonNode v = e.getValue();
                    if (v.isString()) {
                        sink.value(this, v.stringValue(), e.getKey(), strict, ownerType);
                    }
                }
            }
            return;
        }
        if (node.isString()) {
            sink.value(this, node.stringValue(), null, strict, ownerType);
        } else if (node.isNumber()) {
            sink.value(this, number(node), null, false, ownerType);
        } else if (node.isArray()) {
            for (JsonNode el : node.values()) {
                if (el.isString()) {
                    sink.value(this, el.stringValue(), null, false, ownerType);
                } else if (el.isNumber()) {
                    sink.value(this, number(el), null, false, ownerType);
                }
            }
        }
    }

    /** Numbers are keyed by their exact value: {@code 443} and {@code 443.0} alike. */
    private static String number(JsonNode n) {
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return Long.toString(n.longValue());
        }
        try {
            return PatternCompiler.number(n.decimalValue());
        } catch (RuntimeException notFinite) {
            return n.asString();
        }
    }

    /** An object's {@code type}, or failing that the type part of its reference. */
    static String typeOf(JsonNode object, String ref) {
        JsonNode t = object.get("type");
        if (t != null && t.isString()) {
            return t.stringValue();
        }
        int sep = ref == null ? -1 : ref.indexOf("--");
        return sep > 0 ? ref.substring(0, sep) : "";
    }

    long heapBytes() {
        return 64 + steps.length * 24L + (prefixCount == null ? 0 : prefixCount.length * 8L);
    }
}
