package org.entente.correlation.index;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.StampedLock;

import org.entente.correlation.index.PatternCompiler.Check;
import org.entente.correlation.index.PatternCompiler.Compiled;
import org.entente.correlation.index.PatternCompiler.Kind;
import org.entente.correlation.index.PatternCompiler.Term;
import org.entente.stix.StixId;
import org.entente.stix.pattern.Observation;
import org.entente.stix.pattern.ObjectPath.Step;
import org.entente.stix.pattern.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * Which indicators an observation may match, in time independent of the number of indicators: the
 * index of issue 5.
 *
 * <h2>What is indexed</h2>
 * Each pattern is compiled into <em>necessary terms</em> (see {@link PatternCompiler}): keys such
 * that any observation contributing to a match of the pattern yields at least one of them.
 * Comparison-level {@code OR} takes the union of its operands' terms, comparison-level {@code AND} the
 * terms of its cheapest operand (all operands hold in the same observation). Observation-level
 * {@code AND}, {@code OR} and {@code FOLLOWEDBY} take the <em>union</em> of all operands' terms, and
 * qualifiers their operand's: the question asked is "may this observation contribute to a match", and
 * in {@code [A] FOLLOWEDBY [B]} it may be the one matching either operand. A pattern for which no
 * terms can be derived (an operand with no indexable comparison, only negations, {@code !=},
 * {@code >}, {@code EXISTS} ...) is <em>residue</em> and is in every answer's {@code toVerify}.
 *
 * <p>Indexable comparisons (not negated): {@code =} and {@code IN} with string or integer constants on
 * any object path (a {@code hashes.ALG} path looks at every algorithm of the dictionary);
 * {@code LIKE} without wildcards (equality) or {@code '%.X'} (dot-suffix); {@code MATCHES} with a
 * regular expression that is an anchored literal, a literal domain with its subdomains, or only its
 * subdomains ({@code ^(.*\.)?example\.com$}, {@code \.example\.com$}); {@code ISSUBSET} with an IPv4
 * or IPv6 address or block. Values are ASCII case-folded in keys. Observed addresses, including
 * observed blocks, are looked up at every indexed prefix length not longer than their own; observed
 * names at each of their dot-suffixes. Paths with list steps and references are followed through the
 * observation's objects.
 *
 * <h2>Confirmed or to verify</h2>
 * A pattern whose observation expressions and comparison expressions are only {@code OR}s of
 * comparisons on plain property paths (no references, no lists) checkable against the exact value
 * ({@code =}/{@code IN} with strings, {@code LIKE '%.X'}, {@code ISSUBSET} a block), and has no
 * qualifiers, is <em>confirmable</em>: a hit on one of its terms is checked against the stored exact
 * value (case-sensitively; the algorithm name too for hashes; for blocks only a canonical plain
 * address inside the block), and if it holds the indicator is {@code confirmed}. Any other hit, and a
 * check that fails (a case-folding or hash collision) puts the indicator in {@code toVerify}.
 * Verification is the caller's: this index keeps no {@link Pattern} (the caller has the patterns
 * already, and a tree per indicator would cost several times the memory budget).
 *
 * <h2>Warninglists</h2>
 * A hit whose observed value is on one of the {@link Warninglists} is reported in
 * {@code suppressed} with the list and its reason, unless the indicator is also a candidate through
 * another value of the observation.
 *
 * <h2>Memory layout</h2>
 * Nothing per indicator is an object. Indicators are int ordinals: per ordinal one stride of three
 * longs (id type index and flags, UUID high, UUID low), so that a hit's flags and, if it is returned,
 * its id share a cache line. Keys live in one open-addressing table (a {@code long[]} of key and value
 * pairs, linear probing, load at most 3/4); a key with one posting holds it inline in the value
 * (ordinal and arena offset), a key with more points to a chain of int triples (ordinal, next, term) in
 * one {@code int[]}. Keys of fields looked up under several keys per observed value (dot-suffixes,
 * prefix lengths, address equality included) carry a mark in their top bit and are also in a small
 * {@link KeyFilter} (rebuilt from the marked keys of the table when it grows), which rules out most of
 * those probes without touching the table. Only confirmable indicators store their terms' exact values, in a byte arena: the
 * field's id (a hit through another field's colliding key never confirms), a check byte, the hash
 * algorithm as a byte into a small table, hexadecimal hashes packed two digits a byte, addresses as
 * their 4 or 16 bytes, other text as UTF-8. An id-to-ordinal table ({@code int[]}, writers only)
 * finds the ordinal to replace or remove. Removal and replacement mark the old ordinal dead (its
 * postings stay in the chains and are skipped); when dead ordinals exceed a third of all, the
 * structures are rebuilt without them.
 *
 * <h2>Threads</h2>
 * Thread-safe. Writers are serialised by a mutex and compile patterns, grow arrays, rehash and
 * compact outside the lock readers see; they take a {@link StampedLock} write lock only to apply a
 * change in place or to swap in the rebuilt arrays, which takes microseconds. Readers run
 * optimistically without locking and validate afterwards; only when a write overlapped (or the
 * residue's cached answer must be rebuilt) do they retry under the read lock.
 */
public final class IndicatorIndex {

    private static final byte ALIVE = 1;
    private static final byte CONFIRMABLE = 2;
    private static final byte RESIDUE = 4;

    /**
     * In a stored exact value's check byte (low four bits: the check): the lists of {@link #flagsToken} do not
     * hold the value, so a hit confirmed against it needs no list check.
     */
    private static final int UNLISTED = 0x10;
    private static final int CHECK = 0x0F;

    private static final byte ENC_UTF8 = 0;
    private static final byte ENC_HEX_LOWER = 1;
    private static final byte ENC_HEX_UPPER = 2;

    private final Warninglists warninglists;
    private final StampedLock lock = new StampedLock();
    private final Object writeMutex = new Object();

    // Fields (writers register; readers use the published map).
    private final Map<FieldKey, LookupField> fields = new HashMap<>();
    private volatile Map<String, LookupField[]> fieldsByType = Map.of();

    private record FieldKey(String type, List<Step> path, Kind kind) {
    }

    // Small tables of id types and hash algorithm names.
    private final Map<String, Integer> typeIds = new HashMap<>();
    private volatile String[] typeNames = new String[0];
    private final Map<String, Integer> algIds = new HashMap<>();
    private volatile String[] algNames = {null};

    // Indicators by ordinal, one stride of three longs each: meta (id type << 16 | flags), UUID high, UUID low.
    // A hit reads the flags and, if it is returned, the id from the same one or two cache lines.
    private long[] ords = new long[3 * 16];
    private int ordCount;
    private volatile int live;
    private int dead;

    // Id -> ordinal + 1 (0 empty); writers only.
    private int[] idSlots = new int[32];

    // Key table and posting chains.
    // table[2s] = key (0 empty), table[2s + 1] = the key's postings: one cache line per probe. A key with a single
    // posting holds it inline (negative: see inline()), else the first posting of its chain (>= 0).
    private long[] table = new long[128];
    private int keyCount;
    // posts[3p] = ordinal, posts[3p + 1] = next posting (-1 ends), posts[3p + 2] = arena offset or -1.
    private int[] posts = new int[3 * 64];
    private int postCount;

    // A filter over the keys of fields looked up under several keys per observed value (dot-suffixes, prefix
    // lengths), which LookupField marks with the top bit (see KeyFilter): most such probes are answered by the filter,
    // not by a miss on the table. Rebuilt from the table's marked keys when it grows.
    private int multiKeyCount;
    private KeyFilter multiFilter = new KeyFilter(0);

    // Exact values of confirmable indicators' terms.
    private byte[] arena = new byte[256];
    private int arenaLen;
    // The warninglists' token (Warninglists.token()) under which every UNLISTED mark in the arena was decided; null
    // while the marks are stale (a list changed since): readers then check every hit against the lists.
    private volatile Object flagsToken;

    // Residue ordinals (dead ones filtered when the cached answer is rebuilt).
    private int[] residueOrds = new int[16];
    private int residueCount;
    private volatile Set<StixId> residueCache = Set.of();

    /** How keys are derived: normally; or, for tests of collisions, all in one table slot or all equal. */
    enum KeyMode { NORMAL, SAME_SLOT, SAME_KEY }

    private final KeyMode keyMode;

    public IndicatorIndex(Warninglists warninglists) {
        this(warninglists, KeyMode.NORMAL);
    }

    IndicatorIndex(Warninglists warninglists, KeyMode keyMode) {
        this.warninglists = Objects.requireNonNull(warninglists, "warninglists");
        this.keyMode = keyMode;
    }

    private static long meta(long[] ords, int ord) {
        return ords[3 * ord];
    }

    private static long inline(int ord, int term) {
        return Long.MIN_VALUE | ((long) ord << 32) | (term & 0xFFFFFFFFL);
    }

    private static int inlineOrd(long v) {
        return (int) (v >>> 32) & 0x7FFFFFFF;
    }

    // ===== writing ==========================================================================================

    /** Adds the indicator, or replaces its terms if it is already indexed (a new version). */
    public void put(StixId indicatorId, Pattern pattern) {
        Objects.requireNonNull(indicatorId, "indicatorId");
        Compiled compiled = PatternCompiler.compile(Objects.requireNonNull(pattern, "pattern"));
        synchronized (writeMutex) {
            Object token = warninglists.token();
            int n = compiled.terms().size();
            long[] termKeys = new long[n];
            LookupField[] termFields = new LookupField[n];
            byte[][] termData = new byte[n][];
            int dataBytes = 0;
            for (int i = 0; i < n; i++) {
                Term t = compiled.terms().get(i);
                LookupField f = field(t);
                termFields[i] = f;
                termKeys[i] = switch (t.kind()) {
                    case CIDR4, CIDR6 -> {
                        f.usePrefix(t.block().prefix());
                        yield f.blockKey(t.block().hi(), t.block().lo(), t.block().prefix());
                    }
                    default -> f.valueKey(t.value());
                };
                if (compiled.confirmable()) {
                    termData[i] = withField(f.id, encode(t, token));
                    dataBytes += termData[i].length;
                }
            }
            short type = typeId(indicatorId.type());
            int multi = 0;
            for (int i = 0; i < n; i++) {
                multi += LookupField.isMultiKey(termKeys[i]) ? 1 : 0;
            }
            reserve(1, 2 * n, n, dataBytes, multi);
            int existing = findOrd(indicatorId);
            long stamp = lock.writeLock();
            try {
                if (existing >= 0) {
                    kill(existing);
                }
                int ord = ordCount++;
                ords[3 * ord + 1] = indicatorId.uuid().getMostSignificantBits();
                ords[3 * ord + 2] = indicatorId.uuid().getLeastSignificantBits();
                ords[3 * ord] = (long) type << 16 | (ALIVE | (compiled.confirmable() ? CONFIRMABLE : 0)
                        | (compiled.residue() ? RESIDUE : 0));
                for (int i = 0; i < n; i++) {
                    int term = -1;
                    if (termData[i] != null) {
                        term = arenaLen;
                        System.arraycopy(termData[i], 0, arena, arenaLen, termData[i].length);
                        arenaLen += termData[i].length;
                    }
                    boolean newKey = addPosting(termKeys[i], ord, term);
                    if (LookupField.isMultiKey(termKeys[i])) {
                        multiFilter.add(termKeys[i]);
                        multiKeyCount += newKey ? 1 : 0;
                    }
                }
                if (compiled.residue()) {
                    residueOrds[residueCount++] = ord;
                    residueCache = null;
                }
                live++;
                if (flagsToken != token) {
                    // The new marks were decided under token: the older ones too only if there were none.
                    flagsToken = arenaLen == dataBytes ? token : null;
                }
            } finally {
                lock.unlockWrite(stamp);
            }
            idMapPut(indicatorId, ordCount - 1, existing);
            maybeCompact();
            if (flagsToken != warninglists.token()) {
                remark();
            }
        }
    }

    /** Removes the indicator (revoked, expired, no longer visible); false if it was not indexed. */
    public boolean remove(StixId indicatorId) {
        Objects.requireNonNull(indicatorId, "indicatorId");
        synchronized (writeMutex) {
            int ord = findOrd(indicatorId);
            if (ord < 0) {
                return false;
            }
            long stamp = lock.writeLock();
            try {
                kill(ord);
            } finally {
                lock.unlockWrite(stamp);
            }
            idMapRemove(indicatorId);
            maybeCompact();
            return true;
        }
    }

    /** The number of indicators indexed. */
    public int size() {
        return live;
    }

    private void kill(int ord) {
        if ((ords[3 * ord] & RESIDUE) != 0) {
            residueCache = null;
        }
        ords[3 * ord] &= ~0xFFL;
        live--;
        dead++;
    }

    private LookupField field(Term t) {
        FieldKey key = new FieldKey(t.type(), t.path(), t.kind());
        LookupField f = fields.get(key);
        if (f == null) {
            f = new LookupField(fields.size(), t.type(), t.path(), t.kind(), keyMode);
            fields.put(key, f);
            Map<String, LookupField[]> next = new HashMap<>(fieldsByType);
            LookupField[] old = next.getOrDefault(t.type(), new LookupField[0]);
            LookupField[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = f;
            next.put(t.type(), grown);
            fieldsByType = Map.copyOf(next);
        }
        return f;
    }

    private short typeId(String type) {
        Integer id = typeIds.get(type);
        if (id == null) {
            if (typeIds.size() >= Short.MAX_VALUE) {
                throw new IllegalStateException("too many distinct id types");
            }
            id = typeIds.size();
            typeIds.put(type, id);
            String[] next = Arrays.copyOf(typeNames, id + 1);
            next[id] = type;
            typeNames = next;
        }
        return id.shortValue();
    }

    private int algId(String alg) {
        Integer id = algIds.get(alg);
        if (id == null) {
            if (algNames.length >= 255) {
                return -1;
            }
            id = algNames.length;
            algIds.put(alg, id);
            String[] next = Arrays.copyOf(algNames, id + 1);
            next[id] = alg;
            algNames = next;
        }
        return id;
    }

    /**
     * Tells the index that a list of its {@link Warninglists} was loaded or unloaded: the marks of the stored exact
     * values that no list holds are decided again (until then, and until any later put, every hit is checked
     * against the lists, as it must be). One list check per stored exact value, while lookups go on; only the
     * marks that change are written under the lock.
     */
    public void warninglistsChanged() {
        synchronized (writeMutex) {
            remark();
        }
    }

    /**
     * Decides again, under the lists as they are now, which stored exact values no list holds: read outside the
     * lock readers see (only writers change the arena, and they hold the mutex), applied under it.
     */
    private void remark() {
        Object token = warninglists.token();
        Map<Integer, String> fieldTypes = new HashMap<>();
        for (LookupField f : fields.values()) {
            fieldTypes.put(f.id, f.type);
        }
        byte[] a = arena;
        int len = arenaLen;
        int[] changed = new int[16];
        int nChanged = 0;
        for (int off = 0; off < len; off += termLength(a, off)) {
            int fieldId = readVarint(a, off);
            int c = off + varintSize(fieldId);
            if ((a[c] & CHECK) != 1) {
                continue;
            }
            boolean unlisted = warninglists.check(token, fieldTypes.get(fieldId), storedValue(a, c)).isEmpty();
            if (unlisted != ((a[c] & UNLISTED) != 0)) {
                if (nChanged == changed.length) {
                    changed = Arrays.copyOf(changed, nChanged * 2);
                }
                changed[nChanged++] = c;
            }
        }
        long stamp = lock.writeLock();
        try {
            for (int i = 0; i < nChanged; i++) {
                a[changed[i]] ^= UNLISTED;
            }
            flagsToken = token;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** The exact value of an EQUALS term whose check byte is at {@code c}, as a string. */
    private static String storedValue(byte[] a, int c) {
        byte enc = a[c + 2];
        int len = readVarint(a, c + 3);
        int p = c + 3 + varintSize(len);
        if (enc == ENC_UTF8) {
            return new String(a, p, len, StandardCharsets.UTF_8);
        }
        char[] digits = enc == ENC_HEX_LOWER ? HEX_LOWER : HEX_UPPER;
        char[] out = new char[2 * len];
        for (int i = 0; i < len; i++) {
            out[2 * i] = digits[(a[p + i] >>> 4) & 15];
            out[2 * i + 1] = digits[a[p + i] & 15];
        }
        return new String(out);
    }

    /**
     * The exact value of a confirmable term, as stored in the arena; an exact value that the lists of {@code token}
     * do not hold is marked {@link #UNLISTED}.
     */
    private byte[] encode(Term t, Object token) {
        return switch (t.check()) {
            case EQUALS -> {
                int alg = t.alg() == null ? 0 : algId(t.alg());
                if (alg < 0) {
                    yield new byte[] {0}; // an unknown check: never confirms
                }
                String v = t.value();
                byte enc = hexCase(v);
                byte[] body = enc == ENC_UTF8 ? v.getBytes(StandardCharsets.UTF_8) : unhex(v);
                byte[] out = new byte[3 + varintSize(body.length) + body.length];
                out[0] = (byte) (warninglists.check(token, t.type(), v).isEmpty() ? 1 | UNLISTED : 1);
                out[1] = (byte) alg;
                out[2] = enc;
                int p = putVarint(out, 3, body.length);
                System.arraycopy(body, 0, out, p, body.length);
                yield out;
            }
            case DOT_SUFFIX -> {
                byte[] body = t.value().getBytes(StandardCharsets.UTF_8);
                byte[] out = new byte[1 + varintSize(body.length) + body.length];
                out[0] = 2;
                int p = putVarint(out, 1, body.length);
                System.arraycopy(body, 0, out, p, body.length);
                yield out;
            }
            case IN_BLOCK -> {
                IpAddresses.Block b = t.block();
                byte[] out = new byte[3 + (b.v6() ? 16 : 4)];
                out[0] = 3;
                out[1] = (byte) (b.v6() ? 1 : 0);
                out[2] = (byte) b.prefix();
                if (b.v6()) {
                    putLong(out, 3, b.hi());
                    putLong(out, 11, b.lo());
                } else {
                    putInt(out, 3, (int) b.lo());
                }
                yield out;
            }
            case NONE -> new byte[] {0};
        };
    }

    /**
     * A stored term: the field's id first (varint), so that a hit through a key of another field (a 64-bit
     * collision across fields) is never confirmed, then the check and the exact value.
     */
    private static byte[] withField(int fieldId, byte[] term) {
        byte[] out = new byte[varintSize(fieldId) + term.length];
        int p = putVarint(out, 0, fieldId);
        System.arraycopy(term, 0, out, p, term.length);
        return out;
    }

    private static int termLength(byte[] a, int off) {
        int fieldIdSize = varintSize(readVarint(a, off));
        return fieldIdSize + checkLength(a, off + fieldIdSize);
    }

    private static int checkLength(byte[] a, int off) {
        return switch (a[off] & CHECK) {
            case 1 -> {
                int len = readVarint(a, off + 3);
                yield 3 + varintSize(len) + len;
            }
            case 2 -> {
                int len = readVarint(a, off + 1);
                yield 1 + varintSize(len) + len;
            }
            case 3 -> 3 + (a[off + 1] == 1 ? 16 : 4);
            default -> 1;
        };
    }

    // ----- capacity (grown outside the write lock: only this writer touches the arrays' contents) --------

    private void reserve(int ords, int postings, int newKeys, int dataBytes, int newMultiKeys) {
        long[] nOrds = this.ords;
        if (ordCount + ords > nOrds.length / 3) {
            nOrds = Arrays.copyOf(nOrds, 3 * grow(nOrds.length / 3, ordCount + ords));
        }
        int[] nPosts = posts;
        if (postCount + postings > posts.length / 3) {
            nPosts = Arrays.copyOf(posts, 3 * grow(posts.length / 3, postCount + postings));
        }
        byte[] nArena = arenaLen + dataBytes > arena.length
                ? Arrays.copyOf(arena, grow(arena.length, arenaLen + dataBytes)) : arena;
        int[] nResidue = residueCount + 1 > residueOrds.length
                ? Arrays.copyOf(residueOrds, grow(residueOrds.length, residueCount + 1)) : residueOrds;
        long[] nTable = table;
        if ((keyCount + newKeys) * 4L > (table.length / 2) * 3L) {
            int cap = table.length / 2;
            while ((keyCount + newKeys) * 4L > cap * 3L) {
                cap <<= 1;
            }
            nTable = new long[2 * cap];
            rehash(table, nTable);
        }
        KeyFilter nFilter = multiFilter;
        if (multiKeyCount + newMultiKeys > nFilter.capacity()) {
            nFilter = filterOf(nTable, (multiKeyCount + newMultiKeys) * 5 / 4);
        }
        if (nOrds != this.ords || nPosts != posts || nArena != arena || nTable != table || nResidue != residueOrds
                || nFilter != multiFilter) {
            long stamp = lock.writeLock();
            try {
                multiFilter = nFilter;
                this.ords = nOrds;
                posts = nPosts;
                arena = nArena;
                residueOrds = nResidue;
                table = nTable;
            } finally {
                lock.unlockWrite(stamp);
            }
        }
        if ((live + 1) * 2L > idSlots.length) {
            rebuildIdMap(idSlots.length * 2);
        }
    }

    /** A filter of the marked keys in {@code table}. */
    private static KeyFilter filterOf(long[] table, int capacity) {
        KeyFilter f = new KeyFilter(capacity);
        for (int i = 0; i < table.length; i += 2) {
            if (LookupField.isMultiKey(table[i])) {
                f.add(table[i]);
            }
        }
        return f;
    }

    private static int grow(int current, int needed) {
        long cap = Math.max(needed, current + (current >> 1) + 16);
        if (cap > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("indicator index is full");
        }
        return (int) cap;
    }

    private static void rehash(long[] from, long[] to) {
        int mask = to.length / 2 - 1;
        for (int i = 0; i < from.length; i += 2) {
            long k = from[i];
            if (k != 0) {
                int s = (int) k & mask;
                while (to[2 * s] != 0) {
                    s = (s + 1) & mask;
                }
                to[2 * s] = k;
                to[2 * s + 1] = from[i + 1];
            }
        }
    }

    /** Adds a posting; true if the key is new. */
    private boolean addPosting(long key, int ord, int term) {
        long[] t = table;
        int mask = t.length / 2 - 1;
        int s = (int) key & mask;
        while (t[2 * s] != 0 && t[2 * s] != key) {
            s = (s + 1) & mask;
        }
        if (t[2 * s] == 0) {
            t[2 * s + 1] = inline(ord, term);
            t[2 * s] = key; // published last: a racing optimistic reader sees a complete entry or none
            keyCount++;
            return true;
        }
        long v = t[2 * s + 1];
        int next;
        if (v < 0) {
            // The second posting of a key: the inline one moves into a chain.
            next = postCount++;
            posts[3 * next] = inlineOrd(v);
            posts[3 * next + 1] = -1;
            posts[3 * next + 2] = (int) v;
        } else {
            next = (int) v;
        }
        int p = postCount++;
        posts[3 * p] = ord;
        posts[3 * p + 1] = next;
        posts[3 * p + 2] = term;
        t[2 * s + 1] = p;
        return false;
    }

    // ----- id -> ordinal (writers only) -------------------------------------------------------------------

    private int idSlot(long hi, long lo, int type, int mask) {
        return (int) LookupField.mix(hi ^ LookupField.mix(lo + type)) & mask;
    }

    private int findOrd(StixId id) {
        Integer type = typeIds.get(id.type());
        if (type == null) {
            return -1;
        }
        long hi = id.uuid().getMostSignificantBits();
        long lo = id.uuid().getLeastSignificantBits();
        int mask = idSlots.length - 1;
        for (int s = idSlot(hi, lo, type, mask); idSlots[s] != 0; s = (s + 1) & mask) {
            int ord = idSlots[s] - 1;
            if (ords[3 * ord + 1] == hi && ords[3 * ord + 2] == lo && (int) (ords[3 * ord] >>> 16) == type) {
                return ord;
            }
        }
        return -1;
    }

    private void idMapPut(StixId id, int ord, int replacing) {
        long hi = id.uuid().getMostSignificantBits();
        long lo = id.uuid().getLeastSignificantBits();
        int type = typeIds.get(id.type());
        int mask = idSlots.length - 1;
        int s = idSlot(hi, lo, type, mask);
        while (idSlots[s] != 0 && idSlots[s] - 1 != replacing) {
            s = (s + 1) & mask;
        }
        idSlots[s] = ord + 1;
    }

    private void idMapRemove(StixId id) {
        long hi = id.uuid().getMostSignificantBits();
        long lo = id.uuid().getLeastSignificantBits();
        int type = typeIds.get(id.type());
        int mask = idSlots.length - 1;
        int s = idSlot(hi, lo, type, mask);
        while (idSlots[s] != 0) {
            int ord = idSlots[s] - 1;
            if (ords[3 * ord + 1] == hi && ords[3 * ord + 2] == lo && (int) (ords[3 * ord] >>> 16) == type) {
                break;
            }
            s = (s + 1) & mask;
        }
        if (idSlots[s] == 0) {
            return;
        }
        // Backward-shift deletion keeps linear probing chains intact.
        int hole = s;
        int j = s;
        while (true) {
            j = (j + 1) & mask;
            if (idSlots[j] == 0) {
                break;
            }
            int ord = idSlots[j] - 1;
            int home = idSlot(ords[3 * ord + 1], ords[3 * ord + 2], (int) (ords[3 * ord] >>> 16), mask);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                idSlots[hole] = idSlots[j];
                hole = j;
            }
        }
        idSlots[hole] = 0;
    }

    private void rebuildIdMap(int capacity) {
        int[] slots = new int[Integer.highestOneBit(Math.max(32, capacity - 1)) << 1];
        int mask = slots.length - 1;
        for (int ord = 0; ord < ordCount; ord++) {
            if ((ords[3 * ord] & ALIVE) != 0) {
                int s = idSlot(ords[3 * ord + 1], ords[3 * ord + 2], (int) (ords[3 * ord] >>> 16), mask);
                while (slots[s] != 0) {
                    s = (s + 1) & mask;
                }
                slots[s] = ord + 1;
            }
        }
        idSlots = slots;
    }

    // ----- compaction ------------------------------------------------------------------------------------

    private void maybeCompact() {
        if (dead > 1024 && dead * 2L > live) {
            compact();
        }
    }

    /** Rebuilds every structure without dead ordinals; readers keep using the old ones meanwhile. */
    private void compact() {
        int[] remap = new int[ordCount];
        int n = 0;
        for (int o = 0; o < ordCount; o++) {
            remap[o] = (ords[3 * o] & ALIVE) != 0 ? n++ : -1;
        }
        int cap = Math.max(16, n + (n >> 3));
        long[] nOrds = new long[3 * cap];
        for (int o = 0; o < ordCount; o++) {
            int m = remap[o];
            if (m >= 0) {
                System.arraycopy(ords, 3 * o, nOrds, 3 * m, 3);
            }
        }
        int livePostings = 0;
        int liveKeys = 0;
        int liveArena = 0;
        for (int s = 0; s < table.length; s += 2) {
            if (table[s] != 0) {
                int live = 0;
                long v = table[s + 1];
                if (v < 0) {
                    if (remap[inlineOrd(v)] >= 0) {
                        live++;
                        if ((int) v >= 0) {
                            liveArena += termLength(arena, (int) v);
                        }
                    }
                } else {
                    for (int p = (int) v; p >= 0; p = posts[3 * p + 1]) {
                        if (remap[posts[3 * p]] >= 0) {
                            live++;
                            if (posts[3 * p + 2] >= 0) {
                                liveArena += termLength(arena, posts[3 * p + 2]);
                            }
                        }
                    }
                }
                if (live > 0) {
                    liveKeys++;
                }
                if (live > 1) {
                    livePostings += live;
                }
            }
        }
        int tableCap = 64;
        while (liveKeys * 2L > tableCap) {
            tableCap <<= 1;
        }
        long[] nTable = new long[2 * tableCap];
        int pCap = Math.max(64, livePostings + (livePostings >> 3));
        int[] nPosts = new int[3 * pCap];
        byte[] nArena = new byte[Math.max(256, liveArena + (liveArena >> 3))];
        int nPost = 0;
        int nArenaLen = 0;
        int mask = tableCap - 1;
        int[] chainOrd = new int[8];
        int[] chainTerm = new int[8];
        for (int s = 0; s < table.length; s += 2) {
            if (table[s] == 0) {
                continue;
            }
            // The key's live postings, in chain order (newest first).
            int live = 0;
            long v = table[s + 1];
            int p = v < 0 ? -2 : (int) v;
            while (p != -1) {
                int ord = p == -2 ? inlineOrd(v) : posts[3 * p];
                int term = p == -2 ? (int) v : posts[3 * p + 2];
                p = p == -2 ? -1 : posts[3 * p + 1];
                int m = remap[ord];
                if (m < 0) {
                    continue;
                }
                if (live == chainOrd.length) {
                    chainOrd = Arrays.copyOf(chainOrd, live * 2);
                    chainTerm = Arrays.copyOf(chainTerm, live * 2);
                }
                if (term >= 0) {
                    int len = termLength(arena, term);
                    System.arraycopy(arena, term, nArena, nArenaLen, len);
                    term = nArenaLen;
                    nArenaLen += len;
                }
                chainOrd[live] = m;
                chainTerm[live] = term;
                live++;
            }
            if (live == 0) {
                continue;
            }
            long value;
            if (live == 1) {
                value = inline(chainOrd[0], chainTerm[0]);
            } else {
                int next = -1;
                for (int i = live - 1; i >= 0; i--) {
                    int q = nPost++;
                    nPosts[3 * q] = chainOrd[i];
                    nPosts[3 * q + 1] = next;
                    nPosts[3 * q + 2] = chainTerm[i];
                    next = q;
                }
                value = next;
            }
            int t = (int) table[s] & mask;
            while (nTable[2 * t] != 0) {
                t = (t + 1) & mask;
            }
            nTable[2 * t] = table[s];
            nTable[2 * t + 1] = value;
        }
        int nResidueCount = 0;
        int[] nResidue = new int[Math.max(16, residueCount)];
        for (int i = 0; i < residueCount; i++) {
            int m = remap[residueOrds[i]];
            if (m >= 0) {
                nResidue[nResidueCount++] = m;
            }
        }
        // The marked keys still in the table, and a filter of them.
        int nMultiCount = 0;
        for (int i = 0; i < nTable.length; i += 2) {
            nMultiCount += LookupField.isMultiKey(nTable[i]) ? 1 : 0;
        }
        KeyFilter nFilter = filterOf(nTable, nMultiCount * 5 / 4);
        final int fMultiCount = nMultiCount;
        final int fPost = nPost;
        final int fArena = nArenaLen;
        final int fKeys = liveKeys;
        final int fResidue = nResidueCount;
        long stamp = lock.writeLock();
        try {
            ords = nOrds;
            ordCount = n;
            dead = 0;
            table = nTable;
            keyCount = fKeys;
            posts = nPosts;
            postCount = fPost;
            arena = nArena;
            arenaLen = fArena;
            residueOrds = nResidue;
            residueCount = fResidue;
            residueCache = null;
            multiKeyCount = fMultiCount;
            multiFilter = nFilter;
        } finally {
            lock.unlockWrite(stamp);
        }
        rebuildIdMap(Math.max(32, n * 2));
    }

    // ===== reading ==========================================================================================

    /** The indicators this one observation may match (see the class comment for the three parts). */
    public Candidates candidates(Observation observation) {
        Objects.requireNonNull(observation, "observation");
        Query q = new Query(this);
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            try {
                Candidates c = q.begin(true, true).run(observation);
                if (c != null && lock.validate(stamp)) {
                    return c;
                }
            } catch (RuntimeException tornReadDuringAWrite) {
                // Arrays changed under us: answer again under the read lock, where the exception would recur
                // if it were a genuine fault.
            }
        }
        stamp = lock.readLock();
        try {
            return q.begin(false, true).run(observation);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /**
     * The candidates of each observation of a list, in its order: for each exactly what
     * {@link #candidates(Observation)} answers for it alone. Faster per observation: the values of consecutive
     * observations are looked up together, about {@value #BATCH_GROUP} probe keys at a time, and their key table
     * lines, then the ordinal and stored-value lines of their hits, are read in one sweep each (as
     * {@link #lookupValues} does), so that the cache misses overlap. Each group of observations is validated (or
     * read under the lock) before its answers are kept.
     */
    public List<Candidates> candidates(List<Observation> observations) {
        Observation[] obs = observations.toArray(new Observation[0]);
        for (Observation o : obs) {
            Objects.requireNonNull(o, "observation");
        }
        Candidates[] out = new Candidates[obs.length];
        Query q = new Query(this);
        for (int from = 0; from < obs.length; ) {
            int to = -1;
            long stamp = lock.tryOptimisticRead();
            if (stamp != 0) {
                try {
                    int end = q.begin(true, true).candidatesGroup(obs, from, out);
                    if (end > from && lock.validate(stamp)) {
                        to = end;
                    }
                } catch (RuntimeException tornReadDuringAWrite) {
                    // Answered again under the read lock, as candidates(Observation) does.
                }
            }
            if (to < 0) {
                stamp = lock.readLock();
                try {
                    to = q.begin(false, true).candidatesGroup(obs, from, out);
                } finally {
                    lock.unlockRead(stamp);
                }
            }
            from = to;
        }
        return List.of(out);
    }

    /** Receives the indicators that one looked-up value hits (see {@link #lookupValue}). */
    @FunctionalInterface
    public interface HitSink {
        /**
         * @param indicator the indicator hit
         * @param confirmed true if the hit was checked against the exact stored value and the indicator's
         *                  whole pattern is decided by it (as in {@link Candidates#confirmed()}); false if the
         *                  indicator needs the full matcher (as in {@link Candidates#toVerify()})
         */
        void hit(StixId indicator, boolean confirmed);
    }

    /**
     * One <em>lookup</em>: the indicators hit by a single value observed at one property of an object of
     * one type, exactly as {@link #candidates} treats that value in an observation holding only that
     * object (keys of every indexed field on that property, the exact check, warninglists), without the
     * residue (see {@link #residue()}) and without the suppressed hits (dropped). Each indicator is passed
     * to {@code sink} once, confirmed ones before those to verify, after the read has been validated.
     *
     * @param objectType the observed object's type ({@code file}, {@code ipv4-addr} ...)
     * @param property   a top-level property name ({@code value}, {@code name}); for a hashes dictionary the
     *                   property, a dot and the algorithm as the dictionary key spells it
     *                   ({@code hashes.SHA-256}). Indexed fields with longer paths (lists, references,
     *                   nested properties) are only looked at by {@link #candidates}.
     * @return the number of indicators passed to {@code sink}
     */
    public int lookupValue(String objectType, String property, String value, HitSink sink) {
        Objects.requireNonNull(objectType, "objectType");
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(sink, "sink");
        Query q = new Query(this);
        boolean done = false;
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            try {
                q.begin(true, false).lookupValue(objectType, property, value);
                done = lock.validate(stamp);
            } catch (RuntimeException tornReadDuringAWrite) {
                done = false;
            }
        }
        if (!done) {
            stamp = lock.readLock();
            try {
                q.begin(false, false).lookupValue(objectType, property, value);
            } finally {
                lock.unlockRead(stamp);
            }
        }
        return q.deliver(sink);
    }

    /** Receives the indicators that the values of a batch hit (see {@link #lookupValues}). */
    @FunctionalInterface
    public interface BatchHitSink {
        /**
         * @param lookup    the position in the batch of the value that hit
         * @param indicator the indicator hit
         * @param confirmed as in {@link HitSink#hit}
         */
        void hit(int lookup, StixId indicator, boolean confirmed);
    }

    /** How many values of a batch are looked up together (their memory reads issued before any is used). */
    static final int BATCH_GROUP = 32;

    /**
     * Many lookups: for each {@code i}, exactly what {@link #lookupValue lookupValue(objectTypes[i],
     * properties[i], values[i], ...)} finds, handed to {@code sink} with {@code i}, the values in order and
     * each one's indicators as {@code lookupValue} orders them. Faster per value than one call each: the
     * values are taken {@value #BATCH_GROUP} at a time, and the key table lines of a group, then the ordinal
     * and stored-value lines of its hits, are read in one sweep each, so that their cache misses overlap
     * instead of following one another. Each group is validated (or read under the lock) before its hits are
     * handed out.
     *
     * @return the number of (value, indicator) pairs passed to {@code sink}
     */
    public int lookupValues(String[] objectTypes, String[] properties, String[] values, BatchHitSink sink) {
        Objects.requireNonNull(sink, "sink");
        int n = values.length;
        if (objectTypes.length != n || properties.length != n) {
            throw new IllegalArgumentException("objectTypes, properties and values differ in length");
        }
        for (int i = 0; i < n; i++) {
            Objects.requireNonNull(objectTypes[i], "objectTypes[i]");
            Objects.requireNonNull(properties[i], "properties[i]");
            Objects.requireNonNull(values[i], "values[i]");
        }
        Query q = new Query(this);
        int found = 0;
        for (int from = 0; from < n; from += BATCH_GROUP) {
            int to = Math.min(n, from + BATCH_GROUP);
            boolean done = false;
            long stamp = lock.tryOptimisticRead();
            if (stamp != 0) {
                try {
                    q.begin(true, false).lookupGroup(objectTypes, properties, values, from, to);
                    done = lock.validate(stamp);
                } catch (RuntimeException tornReadDuringAWrite) {
                    done = false;
                }
            }
            if (!done) {
                stamp = lock.readLock();
                try {
                    q.begin(false, false).lookupGroup(objectTypes, properties, values, from, to);
                } finally {
                    lock.unlockRead(stamp);
                }
            }
            found += q.deliverGroup(sink);
        }
        return found;
    }

    /** The residue: indicators no lookup can rule out, part of every {@link Candidates#toVerify()}. */
    public Set<StixId> residue() {
        Set<StixId> r = residueCache;
        if (r != null) {
            return r;
        }
        long stamp = lock.readLock();
        try {
            r = residueCache;
            return r != null ? r : buildResidue();
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /**
     * Heap held by the index's arrays and tables (array headers and slack included, per-field objects
     * approximated), in bytes.
     */
    public long approximateHeapBytes() {
        synchronized (writeMutex) {
            long b = 16L * 9;
            b += 8L * ords.length;
            b += 4L * idSlots.length;
            b += 8L * table.length;
            b += 4L * posts.length;
            b += arena.length + 4L * residueOrds.length;
            b += multiFilter.heapBytes();
            for (LookupField f : fields.values()) {
                b += f.heapBytes();
            }
            return b;
        }
    }

    /** The id of an ordinal, from the snapshot {@code ords}; its type name was validated when it was put. */
    private static StixId idOf(String[] types, long[] ords, int ord) {
        return new StixId(types[(int) (ords[3 * ord] >>> 16)], new UUID(ords[3 * ord + 1], ords[3 * ord + 2]));
    }

    /**
     * One lookup (or one batch), on a snapshot of the array references taken by {@link #begin}. A fresh one per
     * call, not one reused per thread: it is written with references throughout the lookup, and G1's write
     * barrier makes such stores into an old object (a reused one soon is) cost a fence each, into a new one
     * almost nothing; measured, a reused query did not make single lookups faster (docs/benchmarks.md).
     */
    private static final class Query implements LookupField.ValueSink, LookupField.KeySink {
        private final IndicatorIndex index;
        private boolean optimistic;
        /** The arena's UNLISTED marks hold for the lists as they are now (see {@link #hit}). */
        private boolean marksCurrent;
        private boolean collectSuppressed;
        private long[] table;
        private int[] posts;
        private byte[] arena;
        private long[] ords;
        private KeyFilter filter;
        private int maxSteps;
        private IntSet confirmed = IntSet.EMPTY; // replaced by a fresh set on the first add: most lookups hit nothing
        private IntSet verify = IntSet.EMPTY;
        private List<Object[]> suppressed; // {ord, type, value, Match}
        /** The observed value's characters as bytes, when they are all ASCII (hashed eight at a time). */
        private byte[] scratch;

        // Batches (lookupGroup): first the probes of a group are recorded (key and the state of the value they
        // are for), then their table lines read in one sweep and probed, the postings recorded, their lines read
        // in one sweep, and judged; the group's hits are kept until it has been validated.
        private static final int DIRECT = 0;
        private static final int RECORD_PROBES = 1;
        private static final int RECORD_POSTINGS = 2;
        private int mode = DIRECT;
        private int lookup; // the position of the value being looked up in its batch
        private Sweep sw; // a batch's records, allocated by its first group (single lookups need none)

        // Per observed value.
        private String value;
        private String alg;
        private String algHost;  // lookupValue: the algorithm is algHost[algFrom, ...) (alg is null)
        private int algFrom;
        private boolean strict;
        private String ownerType;
        private LookupField field;
        private Optional<Warninglists.Match> warning;

        Query(IndicatorIndex index) {
            this.index = index;
        }

        /** Starts a lookup (or its retry) on the index's current arrays, with nothing found yet. */
        Query begin(boolean optimistic, boolean collectSuppressed) {
            this.optimistic = optimistic;
            this.collectSuppressed = collectSuppressed;
            this.table = index.table;
            this.posts = index.posts;
            this.arena = index.arena;
            this.ords = index.ords;
            this.filter = index.multiFilter;
            this.maxSteps = posts.length / 3 + 1;
            Object marks = index.flagsToken;
            this.marksCurrent = marks != null && marks == index.warninglists.token();
            clearSets();
            if (suppressed != null) {
                suppressed.clear();
            }
            mode = DIRECT;
            if (sw != null) {
                sw.nRec = 0;
                sw.nPost = 0;
                sw.nRes = 0;
            }
            resetValueState();
            return this;
        }

        /**
         * Forgets the state of the last value looked up: a batch restores it record by record, and what the last
         * record of a group left (its hash algorithm above all) must not be taken for the next value's.
         */
        private void resetValueState() {
            value = null;
            alg = null;
            algHost = null;
            algFrom = 0;
            strict = false;
            ownerType = null;
            field = null;
            warning = null;
        }

        /** The values {@code [from, to)} of a batch, as {@link #lookupValue} each; hits kept for deliverGroup. */
        void lookupGroup(String[] types, String[] properties, String[] values, int from, int to) {
            if (sw == null) {
                sw = new Sweep();
            }
            long sum = 0;
            for (int i = from; i < to; i++) {
                // The inputs' lines, all requested before any is needed.
                sum += types[i].length() + properties[i].length() + values[i].length();
            }
            sw.touched += sum;
            mode = RECORD_PROBES;
            for (int i = from; i < to; i++) {
                lookup = i;
                lookupValue(types[i], properties[i], values[i]);
            }
            sweep();
            int at = -1;
            int restored = -1;
            for (int p = 0; p < sw.nPost; p++) {
                int r = sw.postRec[p];
                if (sw.recLookup[r] != at) {
                    if (at >= 0) {
                        keepResults(at);
                    }
                    at = sw.recLookup[r];
                }
                if (r != restored) {
                    restore(r, restored);
                    restored = r;
                }
                hit(sw.postOrd[p], sw.postTerm[p]);
            }
            if (at >= 0) {
                keepResults(at);
            }
            resetValueState();
        }

        /**
         * The candidates of observations {@code from, ...} of a batch into {@code out}: their values' probes are
         * recorded observation by observation until about {@value #BATCH_GROUP} have been (at least one observation,
         * all of it), then swept as a group. Returns the end of the group, or -1 when an optimistic read finds the
         * residue's cached answer to be rebuilt (which needs the read lock, as in {@link #run}).
         */
        int candidatesGroup(Observation[] obs, int from, Candidates[] out) {
            Set<StixId> residue = index.residueCache;
            if (residue == null) {
                if (optimistic) {
                    return -1;
                }
                residue = index.buildResidue();
            }
            if (sw == null) {
                sw = new Sweep();
            }
            mode = RECORD_PROBES;
            int to = from;
            while (to < obs.length && (to == from || sw.nRec < BATCH_GROUP)) {
                lookup = to;
                extractAll(obs[to]);
                to++;
            }
            sweep();
            int p = 0;
            for (int i = from; i < to; i++) {
                int restored = -1;
                for (; p < sw.nPost && sw.recLookup[sw.postRec[p]] == i; p++) {
                    int r = sw.postRec[p];
                    if (r != restored) {
                        restore(r, restored);
                        restored = r;
                    }
                    hit(sw.postOrd[p], sw.postTerm[p]);
                }
                out[i] = result(residue);
                clearSets();
                if (suppressed != null) {
                    suppressed.clear();
                }
                resetValueState();
            }
            return to;
        }

        /**
         * The recorded probes' table lines read in one loop of independent loads, then the probes (from cache) with
         * their postings recorded, then the ordinal and stored-value lines of the postings read in one more such
         * loop; leaves the query in direct mode for the recorded hits to be judged.
         */
        private void sweep() {
            long sum = 0;
            long[] t = table;
            int mask = t.length / 2 - 1;
            for (int r = 0; r < sw.nRec; r++) {
                sum += t[2 * ((int) sw.recKey[r] & mask)];
            }
            mode = RECORD_POSTINGS;
            for (int r = 0; r < sw.nRec; r++) {
                sw.rec = r;
                probe(sw.recKey[r]);
            }
            long[] o = ords;
            byte[] a = arena;
            for (int p = 0; p < sw.nPost; p++) {
                int term = sw.postTerm[p];
                sum += o[3 * sw.postOrd[p]] + (term >= 0 ? a[term] : 0);
            }
            sw.touched += sum;
            mode = DIRECT;
        }

        /** Restores the state of the value that recorded probe {@code r}, after record {@code restored} (or -1). */
        private void restore(int r, int restored) {
            if (restored < 0 || sw.recValue[r] != value || sw.recOwner[r] != ownerType) {
                warning = null;
            }
            value = sw.recValue[r];
            ownerType = sw.recOwner[r];
            field = sw.recField[r];
            strict = sw.recStrict[r];
            alg = sw.recAlg[r];
            algHost = sw.recAlgHost[r];
            algFrom = sw.recAlgFrom[r];
        }

        /** Moves the hits of the batch's value {@code at} from the sets to the group's results, as deliver orders them. */
        private void keepResults(int at) {
            int nc = confirmed.size();
            int nv = verify.size();
            if (sw.nRes + nc + nv > sw.resOrd.length) {
                int cap = Math.max(sw.resOrd.length * 2, sw.nRes + nc + nv);
                sw.resLookup = Arrays.copyOf(sw.resLookup, cap);
                sw.resOrd = Arrays.copyOf(sw.resOrd, cap);
                sw.resConfirmed = Arrays.copyOf(sw.resConfirmed, cap);
            }
            for (int i = 0; i < nc; i++) {
                sw.resLookup[sw.nRes] = at;
                sw.resOrd[sw.nRes] = confirmed.get(i);
                sw.resConfirmed[sw.nRes++] = true;
            }
            for (int i = 0; i < nv; i++) {
                int ord = verify.get(i);
                if (!confirmed.contains(ord)) {
                    sw.resLookup[sw.nRes] = at;
                    sw.resOrd[sw.nRes] = ord;
                    sw.resConfirmed[sw.nRes++] = false;
                }
            }
            clearSets();
        }

        /** Empties the hit sets for the next value of a batch, or a retry (the shared empty ones are never written). */
        private void clearSets() {
            if (confirmed != IntSet.EMPTY) {
                confirmed.clear();
            }
            if (verify != IntSet.EMPTY) {
                verify.clear();
            }
        }

        /** Hands a validated group's hits to {@code sink}; ids from this query's snapshot, as {@link #deliver}. */
        int deliverGroup(BatchHitSink sink) {
            String[] types = index.typeNames;
            for (int k = 0; k < sw.nRes; k++) {
                sink.hit(sw.resLookup[k], idOf(types, ords, sw.resOrd[k]), sw.resConfirmed[k]);
            }
            return sw.nRes;
        }

        private void recordProbe(long key) {
            if (sw.nRec == sw.recKey.length) {
                int cap = sw.nRec * 2;
                sw.recKey = Arrays.copyOf(sw.recKey, cap);
                sw.recLookup = Arrays.copyOf(sw.recLookup, cap);
                sw.recStrict = Arrays.copyOf(sw.recStrict, cap);
                sw.recField = Arrays.copyOf(sw.recField, cap);
                sw.recValue = Arrays.copyOf(sw.recValue, cap);
                sw.recOwner = Arrays.copyOf(sw.recOwner, cap);
                sw.recAlg = Arrays.copyOf(sw.recAlg, cap);
                sw.recAlgHost = Arrays.copyOf(sw.recAlgHost, cap);
                sw.recAlgFrom = Arrays.copyOf(sw.recAlgFrom, cap);
            }
            int r = sw.nRec++;
            sw.recKey[r] = key;
            sw.recLookup[r] = lookup;
            sw.recStrict[r] = strict;
            sw.recField[r] = field;
            sw.recValue[r] = value;
            sw.recOwner[r] = ownerType;
            sw.recAlg[r] = alg;
            sw.recAlgHost[r] = algHost;
            sw.recAlgFrom[r] = algFrom;
        }

        private void recordPosting(int ord, int term) {
            if (sw.nPost == sw.postOrd.length) {
                int cap = sw.nPost * 2;
                sw.postRec = Arrays.copyOf(sw.postRec, cap);
                sw.postOrd = Arrays.copyOf(sw.postOrd, cap);
                sw.postTerm = Arrays.copyOf(sw.postTerm, cap);
            }
            sw.postRec[sw.nPost] = sw.rec;
            sw.postOrd[sw.nPost] = ord;
            sw.postTerm[sw.nPost++] = term;
        }

        Candidates run(Observation observation) {
            Set<StixId> residue = index.residueCache;
            if (residue == null) {
                if (optimistic) {
                    return null;
                }
                residue = index.buildResidue();
            }
            extractAll(observation);
            return result(residue);
        }

        /** Every indexed field's values in the observation's objects, each looked up (or its probes recorded). */
        private void extractAll(Observation observation) {
            Map<String, LookupField[]> byType = index.fieldsByType;
            Map<String, JsonNode> objects = observation.objects();
            for (Map.Entry<String, JsonNode> e : objects.entrySet()) {
                JsonNode object = e.getValue();
                if (object == null || !object.isObject()) {
                    continue;
                }
                String type = LookupField.typeOf(object, e.getKey());
                LookupField[] fs = byType.get(type);
                if (fs != null) {
                    for (LookupField f : fs) {
                        f.extract(object, type, objects, this);
                    }
                }
            }
        }

        void lookupValue(String objectType, String property, String v) {
            LookupField[] fs = index.fieldsByType.get(objectType);
            if (fs != null) {
                for (LookupField f : fs) {
                    String only = f.onlyProperty();
                    if (only == null) {
                        continue;
                    }
                    if (f.kind == Kind.HASHES) {
                        int n = only.length();
                        if (property.length() > n + 1 && property.charAt(n) == '.' && property.startsWith(only)) {
                            // The algorithm is property[n + 1, ...): compared in place, not cut out.
                            algHost = property;
                            algFrom = n + 1;
                            value(f, v, null, true, objectType);
                            algHost = null;
                        }
                    } else if (property.equals(only)) {
                        value(f, v, null, true, objectType);
                    }
                }
            }
        }

        /**
         * Hands the hits to {@code sink}, confirmed ones first, after the read was validated: the ids come from
         * this query's snapshot of the ordinals, whose type and UUID words never change once written.
         */
        int deliver(HitSink sink) {
            int nc = confirmed.size();
            int nv = verify.size();
            if (nc + nv == 0) {
                return 0;
            }
            String[] types = index.typeNames;
            for (int i = 0; i < nc; i++) {
                sink.hit(idOf(types, ords, confirmed.get(i)), true);
            }
            int k = nc;
            for (int i = 0; i < nv; i++) {
                int ord = verify.get(i);
                if (!confirmed.contains(ord)) {
                    sink.hit(idOf(types, ords, ord), false);
                    k++;
                }
            }
            return k;
        }

        @Override
        public void value(LookupField f, String v, String a, boolean s, String owner) {
            this.value = v;
            this.alg = a;
            this.strict = s;
            this.ownerType = owner;
            this.field = f;
            this.warning = null;
            boolean ascii = isAscii(v);
            lookUp(f, v, ascii);
            if (!ascii) {
                // LIKE and MATCHES compare NFC-normalised text.
                String nfc = java.text.Normalizer.normalize(v, java.text.Normalizer.Form.NFC);
                if (!nfc.equals(v)) {
                    this.strict = false;
                    lookUp(f, nfc, false);
                }
            }
        }

        /** Whether the observed value's hash algorithm is {@code name}. */
        private boolean algIs(String name) {
            if (alg != null) {
                return alg.equals(name);
            }
            return algHost != null && algHost.length() - algFrom == name.length() && algHost.startsWith(name, algFrom);
        }

        private static boolean isAscii(String v) {
            int or = 0;
            for (int i = 0; i < v.length(); i++) {
                or |= v.charAt(i); // no branch per character
            }
            return or < 0x80;
        }

        @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): exact for ASCII, no allocation
        private void lookUp(LookupField f, String v, boolean ascii) {
            int len = v.length();
            switch (f.kind) {
                case EQ, HASHES -> {
                    if (ascii) {
                        // One copy of the characters as bytes, hashed eight at a time (the same keys as hashBlocks).
                        if (scratch == null || scratch.length < len + 8) {
                            scratch = new byte[Math.max(72, len + 8)];
                        }
                        v.getBytes(0, len, scratch, 0); // ASCII: each char is its byte
                        probe(f.key(LookupField.hashAsciiBytes(scratch, len)));
                    } else {
                        probe(f.valueKey(v, 0, len));
                    }
                    int t = trailingTerminator(v);
                    if (t > 0) {
                        this.strict = false;
                        probe(f.valueKey(v, 0, len - t));
                    }
                }
                case SUFFIX -> {
                    f.suffixKeys(v, len, this);
                    int t = trailingTerminator(v);
                    if (t > 0) {
                        this.strict = false;
                        f.suffixKeys(v, len - t, this);
                    }
                }
                case CIDR4, CIDR6 -> blocks(f, v);
            }
        }

        /** Java's {@code $} also matches before a final line terminator: look such values up without it. */
        private static int trailingTerminator(String v) {
            int len = v.length();
            if (len == 0) {
                return 0;
            }
            char c = v.charAt(len - 1);
            if (c == '\n') {
                return len > 1 && v.charAt(len - 2) == '\r' ? 2 : 1;
            }
            return c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029' ? 1 : 0;
        }

        private void blocks(LookupField f, String v) {
            int[] prefixes = f.activePrefixes();
            if (prefixes.length == 0) {
                return;
            }
            if (f.kind == Kind.CIDR4) {
                // The common case, a plain dotted quad (no blank, no prefix, no colon): no Block, no strip().
                long a = IpAddresses.parseV4(v, 0, v.length());
                if (a >= 0) {
                    for (int p : prefixes) {
                        long m = p == 0 ? 0 : (0xFFFFFFFFL << (32 - p)) & 0xFFFFFFFFL;
                        probeFiltered(f.blockKey(0, a & m, p));
                    }
                    return;
                }
            }
            IpAddresses.Block b = IpAddresses.parseBlock(v.strip());
            if (b == null) {
                return;
            }
            long hi = b.hi();
            long lo = b.lo();
            int own = b.prefix();
            if (f.kind == Kind.CIDR4 && b.v6()) {
                // An IPv4-mapped IPv6 address (::ffff:a.b.c.d), which some parsers read as IPv4.
                if (hi != 0 || (lo >>> 32) != 0xFFFFL || own < 96) {
                    return;
                }
                lo &= 0xFFFFFFFFL;
                own -= 96;
                hi = 0;
                strict = false;
            } else if (f.kind == Kind.CIDR6 && !b.v6()) {
                return;
            }
            if (f.kind == Kind.CIDR4) {
                for (int p : prefixes) {
                    if (p <= own) {
                        long m = p == 0 ? 0 : (0xFFFFFFFFL << (32 - p)) & 0xFFFFFFFFL;
                        probeFiltered(f.blockKey(0, lo & m, p));
                    }
                }
            } else {
                for (int p : prefixes) {
                    if (p <= own) {
                        probeFiltered(f.blockKey(hi & IpAddresses.netMaskHi(p), lo & IpAddresses.netMaskLo(p), p));
                    }
                }
            }
        }

        /** A dot-suffix's key (a {@link LookupField.KeySink} without a lambda per value). */
        @Override
        public void key(long key) {
            probeFiltered(key);
        }

        /** A probe of a key of a dot-suffix or address block field: most are ruled out by the filter. */
        private void probeFiltered(long key) {
            if (filter.mightContain(key)) {
                probe(key);
            }
        }

        private void probe(long key) {
            if (mode == RECORD_PROBES) {
                recordProbe(key);
                return;
            }
            long[] t = table;
            int mask = t.length / 2 - 1;
            int s = (int) key & mask;
            int guard = mask + 1;
            long k;
            while ((k = t[2 * s]) != key) {
                if (k == 0 || --guard < 0) {
                    return;
                }
                s = (s + 1) & mask;
            }
            long v = t[2 * s + 1];
            if (v < 0) {
                hit(inlineOrd(v), (int) v);
                return;
            }
            int[] ps = posts;
            int steps = maxSteps;
            for (int p = (int) v; p >= 0; p = ps[3 * p + 1]) {
                if (--steps < 0) {
                    throw new IllegalStateException("posting chain changed during an optimistic read");
                }
                hit(ps[3 * p], ps[3 * p + 2]);
            }
        }

        /** A posting of the probed key: indicator {@code ord}, its exact value at {@code term} (or -1). */
        private void hit(int ord, int term) {
            if (mode == RECORD_POSTINGS) {
                recordPosting(ord, term);
                return;
            }
            long meta = ords[3 * ord];
            // The stored value's first byte, read next to the ordinal's line so that the two misses overlap.
            int head = term >= 0 ? arena[term] : 0;
            if ((meta & ALIVE) == 0) {
                return;
            }
            if (marksCurrent && (meta & CONFIRMABLE) != 0 && strict && term >= 0 && unlistedMatch(term, head)) {
                // The observed value is exactly a stored one that no list holds: no list check needed.
                if (confirmed == IntSet.EMPTY) {
                    confirmed = new IntSet();
                }
                confirmed.add(ord);
                return;
            }
            if (warning == null) {
                // Cheap for values no list can hold (a filter over all lists, no allocation).
                warning = index.warninglists.check(ownerType == null ? "" : ownerType, value);
            }
            if (warning.isPresent()) {
                if (collectSuppressed) {
                    if (suppressed == null) {
                        suppressed = new ArrayList<>(2);
                    }
                    suppressed.add(new Object[] {ord, ownerType, value, warning.get()});
                }
            } else if ((meta & CONFIRMABLE) != 0 && strict && term >= 0 && check(term, head)) {
                if (confirmed == IntSet.EMPTY) {
                    confirmed = new IntSet();
                }
                confirmed.add(ord);
            } else {
                if (verify == IntSet.EMPTY) {
                    verify = new IntSet();
                }
                verify.add(ord);
            }
        }

        /**
         * Whether the term stored at {@code off} is an exact value marked {@link #UNLISTED} that the observed value
         * is, in an object of the field's own type (the type the mark was decided for).
         */
        private boolean unlistedMatch(int off, int head) {
            byte[] a = arena;
            int fieldId = head >= 0 ? head : readVarint(a, off);
            if (fieldId != field.id || (a[off + varintSize(fieldId)] & UNLISTED) == 0
                    || !(ownerType == field.type || field.type.equals(ownerType))) {
                return false;
            }
            return check(off, head);
        }

        /** Whether the observed value satisfies the confirmable term stored at {@code off}. */
        private boolean check(int off, int head) {
            byte[] a = arena;
            int fieldId = head >= 0 ? head : readVarint(a, off);
            if (fieldId != field.id) {
                return false;
            }
            off += varintSize(fieldId);
            switch (a[off] & CHECK) {
                case 1 -> {
                    int algId = a[off + 1] & 0xFF;
                    if (algId != 0) {
                        String[] names = index.algNames;
                        if (algId >= names.length || !algIs(names[algId])) {
                            return false;
                        }
                    } else if (alg != null || algHost != null) {
                        return false;
                    }
                    byte enc = a[off + 2];
                    int len = readVarint(a, off + 3);
                    int p = off + 3 + varintSize(len);
                    return enc == ENC_UTF8 ? equalsUtf8(value, a, p, len) : equalsHex(value, a, p, len, enc);
                }
                case 2 -> {
                    int len = readVarint(a, off + 1);
                    int p = off + 1 + varintSize(len);
                    int vl = value.length();
                    if (vl < len + 1) {
                        return false;
                    }
                    for (int j = 0; j < len; j++) {
                        if (a[p + j] < 0) {
                            String x = new String(a, p, len, StandardCharsets.UTF_8);
                            return vl > x.length() && value.endsWith(x) && value.charAt(vl - x.length() - 1) == '.';
                        }
                    }
                    if (value.charAt(vl - len - 1) != '.') {
                        return false;
                    }
                    for (int j = 0; j < len; j++) {
                        if (value.charAt(vl - len + j) != (char) a[p + j]) {
                            return false;
                        }
                    }
                    return true;
                }
                case 3 -> {
                    if (value.indexOf('/') >= 0) {
                        return false;
                    }
                    int prefix = a[off + 2] & 0xFF;
                    if (a[off + 1] == 0) {
                        long net = getInt(a, off + 3) & 0xFFFFFFFFL;
                        long addr = IpAddresses.parseV4(value, 0, value.length());
                        long m = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
                        return addr >= 0 && (addr & m) == net && IpAddresses.isCanonicalV4(value, addr);
                    }
                    if (value.indexOf(':') < 0 || value.indexOf('%') >= 0 || value.indexOf('.') >= 0) {
                        return false;
                    }
                    long[] out = new long[2];
                    if (!IpAddresses.parseV6(value, 0, value.length(), out)
                            || out[0] == 0 && (out[1] >>> 32) == 0xFFFFL) {
                        return false; // IPv4-mapped: Java reads it as IPv4, so the matcher may not take it as IPv6
                    }
                    return (out[0] & IpAddresses.netMaskHi(prefix)) == getLong(a, off + 3)
                            && (out[1] & IpAddresses.netMaskLo(prefix)) == getLong(a, off + 11);
                }
                default -> {
                    return false;
                }
            }
        }

        private Candidates result(Set<StixId> residue) {
            String[] types = index.typeNames;
            long[] o = ords;
            Set<StixId> conf = Set.of(toIds(confirmed, null, types, o));
            Set<StixId> ver;
            if (verify.size() == 0) {
                ver = residue;
            } else {
                StixId[] v = toIds(verify, confirmed, types, o);
                ver = residue.isEmpty() ? Set.of(v) : new ResidueAndMore(residue, v);
            }
            List<WarninglistHit> sup = List.of();
            if (suppressed != null && !suppressed.isEmpty()) {
                List<WarninglistHit> hits = new ArrayList<>(suppressed.size());
                for (Object[] s : suppressed) {
                    int ord = (Integer) s[0];
                    if (confirmed.contains(ord) || verify.contains(ord)) {
                        continue;
                    }
                    StixId id = idOf(types, o, ord);
                    Warninglists.Match m = (Warninglists.Match) s[3];
                    WarninglistHit h = new WarninglistHit(id, (String) s[1], (String) s[2], m.list(), m.reason());
                    if (!hits.contains(h)) {
                        hits.add(h);
                    }
                }
                sup = hits;
            }
            return new Candidates(conf, ver, sup);
        }

        /** The ids of {@code ords} not in {@code except}; residue indicators left out (they have no terms). */
        private static StixId[] toIds(IntSet ords, IntSet except, String[] types, long[] o) {
            int n = ords.size();
            if (n == 0) {
                return NO_IDS;
            }
            StixId[] ids = new StixId[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                int ord = ords.get(i);
                if ((except == null || !except.contains(ord)) && (o[3 * ord] & RESIDUE) == 0) {
                    ids[k++] = idOf(types, o, ord);
                }
            }
            return k == n ? ids : Arrays.copyOf(ids, k);
        }
    }


    /**
     * A batch's records (see {@code Query.lookupGroup}): the probes of a group (key, and the state of the value
     * they are for), the postings they found, and the group's hits until it has been validated. Apart from the
     * query, so that a single lookup's query stays small.
     */
    private static final class Sweep {
        private static final int CAPACITY = 4 * BATCH_GROUP;
        int nRec;
        long[] recKey = new long[CAPACITY];
        int[] recLookup = new int[CAPACITY];
        boolean[] recStrict = new boolean[CAPACITY];
        LookupField[] recField = new LookupField[CAPACITY];
        String[] recValue = new String[CAPACITY];
        String[] recOwner = new String[CAPACITY];
        String[] recAlg = new String[CAPACITY];
        String[] recAlgHost = new String[CAPACITY];
        int[] recAlgFrom = new int[CAPACITY];
        int rec; // the record being probed (RECORD_POSTINGS)
        int nPost;
        int[] postRec = new int[CAPACITY];
        int[] postOrd = new int[CAPACITY];
        int[] postTerm = new int[CAPACITY];
        int nRes;
        int[] resLookup = new int[CAPACITY];
        int[] resOrd = new int[CAPACITY];
        boolean[] resConfirmed = new boolean[CAPACITY];
        /** The sum of the sweeps' reads: stored, so that the compiler keeps the reads. */
        long touched;
    }

    private static final StixId[] NO_IDS = new StixId[0];

    /**
     * The residue plus a few more ids, without copying the residue for every answer: immutable, and
     * taken by {@link Candidates} as it is. The extra ids are distinct and not in the residue.
     */
    static final class ResidueAndMore extends java.util.AbstractSet<StixId> {
        private final Set<StixId> residue;
        private final StixId[] more;

        ResidueAndMore(Set<StixId> residue, StixId[] more) {
            this.residue = residue;
            this.more = more;
        }

        @Override
        public int size() {
            return residue.size() + more.length;
        }

        @Override
        public boolean contains(Object o) {
            for (StixId id : more) {
                if (id.equals(o)) {
                    return true;
                }
            }
            return residue.contains(o);
        }

        @Override
        public java.util.Iterator<StixId> iterator() {
            java.util.Iterator<StixId> rest = residue.iterator();
            return new java.util.Iterator<>() {
                private int i;

                @Override
                public boolean hasNext() {
                    return i < more.length || rest.hasNext();
                }

                @Override
                public StixId next() {
                    return i < more.length ? more[i++] : rest.next();
                }
            };
        }
    }

    private Set<StixId> buildResidue() {
        String[] types = typeNames;
        long[] o = ords;
        StixId[] ids = new StixId[residueCount];
        int k = 0;
        for (int i = 0; i < residueCount; i++) {
            int ord = residueOrds[i];
            if ((o[3 * ord] & ALIVE) != 0) {
                ids[k++] = idOf(types, o, ord);
            }
        }
        Set<StixId> set = Set.of(Arrays.copyOf(ids, k));
        residueCache = set;
        return set;
    }

    // ===== small helpers ====================================================================================

    /** Insertion-ordered set of small ints: linear below 16 elements, hashed above. */
    static final class IntSet {
        /** Empty, never added to (a query replaces it before its first add). */
        static final IntSet EMPTY = new IntSet();

        private int[] items = new int[8];
        private int size;
        private int[] table; // ord + 1, 0 empty

        void add(int v) {
            if (contains(v)) {
                return;
            }
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = v;
            if (table != null) {
                if (size * 2 > table.length) {
                    rebuild(table.length * 2);
                } else {
                    insert(v);
                }
            } else if (size > 16) {
                rebuild(64);
            }
        }

        /** Empties the set for reuse; a set grown large (a big observation) gives its arrays back. */
        void clear() {
            size = 0;
            table = null;
            if (items.length > 256) {
                items = new int[8];
            }
        }

        boolean contains(int v) {
            if (table == null) {
                for (int i = 0; i < size; i++) {
                    if (items[i] == v) {
                        return true;
                    }
                }
                return false;
            }
            int mask = table.length - 1;
            for (int s = (int) LookupField.mix(v) & mask; table[s] != 0; s = (s + 1) & mask) {
                if (table[s] == v + 1) {
                    return true;
                }
            }
            return false;
        }

        private void rebuild(int cap) {
            table = new int[cap];
            for (int i = 0; i < size; i++) {
                insert(items[i]);
            }
        }

        private void insert(int v) {
            int mask = table.length - 1;
            int s = (int) LookupField.mix(v) & mask;
            while (table[s] != 0) {
                s = (s + 1) & mask;
            }
            table[s] = v + 1;
        }

        int size() {
            return size;
        }

        int get(int i) {
            return items[i];
        }
    }

    private static byte hexCase(String v) {
        if (v.isEmpty() || (v.length() & 1) != 0) {
            return ENC_UTF8;
        }
        boolean lower = true;
        boolean upper = true;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            if (!(digit || c >= 'a' && c <= 'f')) {
                lower = false;
            }
            if (!(digit || c >= 'A' && c <= 'F')) {
                upper = false;
            }
        }
        return lower ? ENC_HEX_LOWER : upper ? ENC_HEX_UPPER : ENC_UTF8;
    }

    private static byte[] unhex(String v) {
        byte[] out = new byte[v.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((Character.digit(v.charAt(2 * i), 16) << 4) | Character.digit(v.charAt(2 * i + 1), 16));
        }
        return out;
    }

    private static boolean equalsHex(String v, byte[] a, int p, int len, byte enc) {
        if (v.length() != 2 * len) {
            return false;
        }
        // The stored byte's two digits from a table: a digit computed with a branch (below ten or not) mispredicts
        // about half the time on random hashes.
        char[] digits = enc == ENC_HEX_LOWER ? HEX_LOWER : HEX_UPPER;
        for (int i = 0; i < len; i++) {
            int b = a[p + i] & 0xFF;
            if (v.charAt(2 * i) != digits[b >>> 4] | v.charAt(2 * i + 1) != digits[b & 15]) {
                return false;
            }
        }
        return true;
    }

    private static final char[] HEX_LOWER = "0123456789abcdef".toCharArray();
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

    private static boolean equalsUtf8(String v, byte[] a, int p, int len) {
        if (v.length() == len) {
            boolean ascii = true;
            for (int i = 0; i < len; i++) {
                char c = v.charAt(i);
                if (c >= 0x80) {
                    ascii = false;
                    break;
                }
                if (a[p + i] != (byte) c) {
                    return false;
                }
            }
            if (ascii) {
                return true;
            }
        }
        byte[] enc = v.getBytes(StandardCharsets.UTF_8);
        return Arrays.equals(enc, 0, enc.length, a, p, p + len);
    }

    private static int varintSize(int v) {
        return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
    }

    private static int putVarint(byte[] a, int p, int v) {
        while (v >= 0x80) {
            a[p++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        a[p++] = (byte) v;
        return p;
    }

    private static int readVarint(byte[] a, int p) {
        int v = 0;
        int shift = 0;
        while (true) {
            byte b = a[p++];
            v |= (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
            shift += 7;
        }
    }

    private static void putInt(byte[] a, int p, int v) {
        a[p] = (byte) (v >>> 24);
        a[p + 1] = (byte) (v >>> 16);
        a[p + 2] = (byte) (v >>> 8);
        a[p + 3] = (byte) v;
    }

    private static int getInt(byte[] a, int p) {
        return (a[p] & 0xFF) << 24 | (a[p + 1] & 0xFF) << 16 | (a[p + 2] & 0xFF) << 8 | (a[p + 3] & 0xFF);
    }

    private static void putLong(byte[] a, int p, long v) {
        putInt(a, p, (int) (v >>> 32));
        putInt(a, p + 4, (int) v);
    }

    private static long getLong(byte[] a, int p) {
        return ((long) getInt(a, p) << 32) | (getInt(a, p + 4) & 0xFFFFFFFFL);
    }
}
