package org.entente.bench;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.entente.correlation.index.IndicatorIndex;
import org.entente.correlation.index.Warninglists;
import org.entente.stix.StixId;
import org.entente.stix.StixJson;
import org.entente.stix.pattern.ComparisonExpression;
import org.entente.stix.pattern.ComparisonOperator;
import org.entente.stix.pattern.Constant;
import org.entente.stix.pattern.ObjectPath;
import org.entente.stix.pattern.ObjectPath.Step;
import org.entente.stix.pattern.Observation;
import org.entente.stix.pattern.ObservationExpression;
import org.entente.stix.pattern.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The indicator index of issue 5 (figures in docs/benchmarks.md): single-thread lookup throughput and
 * retained heap per indicator with 1,000,000 synthetic indicators, against a peer: a plain
 * {@code HashMap<String, List<StixId>>} of the same values (exact values, dot-suffixes, and masked
 * address blocks as strings), which can only say "candidate", never "confirmed".
 *
 * <p>Indicator mix (by ordinal modulo 100): 30% SHA-256, 15% MD5, 15% IPv4, 5% IPv4 blocks (/24, some
 * /16 and /28), 4% IPv6, 1% IPv6 /48, 12% domains, 5% domains with subdomains ({@code LIKE '%.d'}),
 * 7% URLs, 4% e-mail addresses, 2% compound {@code [file:name = 'n' AND file:size > 1000]}; plus 100
 * residue patterns ({@code file:size > n}) that every answer carries in {@code toVerify}.
 * Observations have 1-3 objects of one indexed value each (hash, address, name, URL, e-mail, file
 * name); {@code hitPercent} of the values hit an indicator (50 by default, a stress mix: a real stream of
 * sightings hits far less often, so the per-hit costs, the exact check and the warninglists, weigh less; 1 is
 * also reported). A benchmark operation is one value: each invocation
 * looks up a batch of observations holding exactly {@value #BATCH_VALUES} values.
 *
 * <p>Two figures per structure. <em>Lookups</em> (the "lookup" of issue 5): one observed value (object
 * type, property, value) in, the indicator ids it hits out ({@link IndicatorIndex#lookupValue}: keys of
 * every field on that property, the exact check, warninglists; the peer: its keys for that value).
 * <em>Batched lookups</em>: the same values, a batch of {@value #BATCH_VALUES} per call of
 * {@link IndicatorIndex#lookupValues} (same answers per value; the memory reads of 32 values at a time
 * are issued together), counted per value.
 * <em>Observation values</em>: whole observations through {@link IndicatorIndex#candidates} (JSON
 * access, residue, the {@code Candidates} record), counted per value they hold; the same values; one call
 * per observation, and (the node's path, {@code indexBatch}) one call per list of observations holding
 * {@value #BATCH_VALUES} values.
 *
 * <p>{@code main}: first the heap (a fresh JVM: build, {@code System.gc()} five times, used heap after
 * minus before, with the synthetic patterns already dropped; then the same for the peer), then JMH.
 * Run with {@code bench/run-index}; JMH knobs as system properties: forks, warmups, iterations, seconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xmx3g", "-XX:+UseG1GC"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class IndicatorIndexBenchmark {

    static final int BATCH_VALUES = 256;
    static final int BATCHES = 256;
    static final int RESIDUE = 100;

    @Param("1000000")
    public int indicators;

    /** The share of observed values that hit an indicator, in percent. */
    @Param("50")
    public int hitPercent;

    private Observation[][] batches;
    private List<List<Observation>> observationLists;
    private String[][][] lookups;
    private String[][][] columns; // per batch: the lookups' types, properties and values, for lookupValues
    private IndicatorIndex index;
    private Peer peer;
    private int next;

    @Setup(Level.Trial)
    public void setup(org.openjdk.jmh.infra.BenchmarkParams params) {
        batches = Synthetic.batches(indicators, BATCHES, new Random(42), hitPercent);
        observationLists = new ArrayList<>();
        for (Observation[] b : batches) {
            observationLists.add(List.of(b));
        }
        lookups = Synthetic.lookups(batches);
        columns = Synthetic.columns(lookups);
        if (!params.getBenchmark().contains("Peer")) {
            index = Synthetic.buildIndex(indicators);
        } else {
            peer = Synthetic.buildPeer(indicators);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH_VALUES)
    public void index(Blackhole bh) {
        for (Observation o : batches[next++ & (BATCHES - 1)]) {
            bh.consume(index.candidates(o));
        }
    }

    /** The node's path: a submission's observations in one call (their values looked up in groups). */
    @Benchmark
    @OperationsPerInvocation(BATCH_VALUES)
    public void indexBatch(Blackhole bh) {
        bh.consume(index.candidates(observationLists.get(next++ & (BATCHES - 1))));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH_VALUES)
    public void indexLookup(Blackhole bh) {
        for (String[] l : lookups[next++ & (BATCHES - 1)]) {
            bh.consume(index.lookupValue(l[0], l[1], l[2], (id, confirmed) -> bh.consume(id)));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH_VALUES)
    public void indexLookupBatch(Blackhole bh) {
        String[][] c = columns[next++ & (BATCHES - 1)];
        bh.consume(index.lookupValues(c[0], c[1], c[2], (i, id, confirmed) -> bh.consume(id)));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH_VALUES)
    public void hashMapPeerLookup(Blackhole bh) {
        for (String[] l : lookups[next++ & (BATCHES - 1)]) {
            List<StixId> out = new ArrayList<>(2);
            peer.lookup(l[0], l[1], l[2], out::add);
            bh.consume(out);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH_VALUES)
    public void hashMapPeer(Blackhole bh) {
        for (Observation o : batches[next++ & (BATCHES - 1)]) {
            bh.consume(peer.candidates(o));
        }
    }

    // ===== synthetic indicators and observations ============================================================

    enum Kind { SHA256, MD5, IPV4, CIDR4, IPV6, CIDR6, DOMAIN, SUBDOMAINS, URL, EMAIL, COMPOUND }

    static final class Synthetic {

        static final Kind[] BY_BUCKET = new Kind[100];
        static final Map<Kind, int[]> BUCKETS = new HashMap<>();

        static {
            Object[][] mix = {{Kind.SHA256, 30}, {Kind.MD5, 15}, {Kind.IPV4, 15}, {Kind.CIDR4, 5}, {Kind.IPV6, 4},
                {Kind.CIDR6, 1}, {Kind.DOMAIN, 12}, {Kind.SUBDOMAINS, 5}, {Kind.URL, 7}, {Kind.EMAIL, 4},
                {Kind.COMPOUND, 2}};
            int b = 0;
            for (Object[] m : mix) {
                int n = (Integer) m[1];
                int[] buckets = new int[n];
                for (int i = 0; i < n; i++) {
                    buckets[i] = b;
                    BY_BUCKET[b++] = (Kind) m[0];
                }
                BUCKETS.put((Kind) m[0], buckets);
            }
        }

        static long mix(long z) {
            z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
            z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
            return z ^ (z >>> 33);
        }

        static String hex(long seed, int longs) {
            StringBuilder sb = new StringBuilder(longs * 16);
            for (int k = 0; k < longs; k++) {
                String h = Long.toHexString(mix(seed * 31 + k + 0x5bd1e995L));
                sb.append("0".repeat(16 - h.length())).append(h);
            }
            return sb.toString();
        }

        static String label(long seed, int len) {
            String s = Long.toString(mix(seed) & Long.MAX_VALUE, 36);
            return s.length() > len ? s.substring(0, len) : s;
        }

        static final String[] TLDS = {"com", "net", "org", "ru", "info", "xyz", "top", "io", "cn", "biz"};

        static String domain(long i) {
            long m = mix(i ^ 0x1234567L);
            return label(i ^ 0xd0d0L, 6 + (int) ((m >>> 8) & 7)) + "." + TLDS[(int) ((m & 0xFF) % TLDS.length)];
        }

        /** A public IPv4 address: first octet 11-99 (clear of the private and special-purpose ranges). */
        static long ipv4(long i) {
            long m = mix(i ^ 0x4444L);
            return ((11 + (m >>> 40) % 89) << 24) | (m & 0xFFFFFFL);
        }

        static String v4(long a) {
            return (a >>> 24) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
        }

        static int cidrPrefix(long i) {
            long m = mix(i ^ 0xC1D2L) % 10;
            return m == 0 ? 16 : m == 1 ? 28 : 24;
        }

        static String v6(long i, boolean block) {
            long m = mix(i ^ 0x6666L);
            String net = String.format(Locale.ROOT, "2a%02x:%x:%x", (m >>> 56) & 0xFF, (m >>> 16) & 0xFFFF, m & 0xFFFF);
            return block ? net + "::/48" : net + "::" + Long.toHexString((mix(m) & 0xFFFF) | 1);
        }

        static String value(Kind kind, long i) {
            return switch (kind) {
                case SHA256 -> hex(i, 4);
                case MD5 -> hex(i, 2);
                case IPV4 -> v4(ipv4(i));
                case CIDR4 -> {
                    int p = cidrPrefix(i);
                    yield v4(ipv4(i) & ((0xFFFFFFFFL << (32 - p)) & 0xFFFFFFFFL)) + "/" + p;
                }
                case IPV6 -> v6(i, false);
                case CIDR6 -> v6(i, true);
                case DOMAIN, SUBDOMAINS -> domain(i);
                case URL -> "http://" + domain(i ^ 0x77L) + "/" + label(i, 8) + ".php";
                case EMAIL -> label(i ^ 0xE1L, 7) + "@" + domain(i ^ 0xE2L);
                case COMPOUND -> "n_" + label(i ^ 0xC0L, 9) + ".exe";
            };
        }

        static ObjectPath path(String type, String... steps) {
            List<Step> s = new ArrayList<>();
            for (String p : steps) {
                s.add(new Step.Property(p));
            }
            return new ObjectPath(type, s);
        }

        static ComparisonExpression.Comparison cmp(ObjectPath p, ComparisonOperator op, Constant c) {
            return new ComparisonExpression.Comparison(p, false, op, c);
        }

        static Pattern pattern(long i) {
            Kind kind = BY_BUCKET[(int) (i % 100)];
            String v = value(kind, i);
            ComparisonExpression c = switch (kind) {
                case SHA256 -> cmp(path("file", "hashes", "SHA-256"), ComparisonOperator.EQ, new Constant.StringConstant(v));
                case MD5 -> cmp(path("file", "hashes", "MD5"), ComparisonOperator.EQ, new Constant.StringConstant(v));
                case IPV4 -> cmp(path("ipv4-addr", "value"), ComparisonOperator.EQ, new Constant.StringConstant(v));
                case CIDR4 -> cmp(path("ipv4-addr", "value"), ComparisonOperator.ISSUBSET, new Constant.StringConstant(v));
                case IPV6 -> cmp(path("ipv6-addr", "value"), ComparisonOperator.EQ, new Constant.StringConstant(v));
                case CIDR6 -> cmp(path("ipv6-addr", "value"), ComparisonOperator.ISSUBSET, new Constant.StringConstant(v));
                case DOMAIN -> cmp(path("domain-name", "value"), ComparisonOperator.EQ, new Constant.StringConstant(v));
                case SUBDOMAINS -> cmp(path("domain-name", "value"), ComparisonOperator.LIKE,
                        new Constant.StringConstant("%." + v));
                case URL -> cmp(path("url", "value"), ComparisonOperator.EQ, new Constant.StringConstant(v));
                case EMAIL -> cmp(path("email-addr", "value"), ComparisonOperator.EQ, new Constant.StringConstant(v));
                case COMPOUND -> new ComparisonExpression.And(List.of(
                        cmp(path("file", "name"), ComparisonOperator.EQ, new Constant.StringConstant(v)),
                        cmp(path("file", "size"), ComparisonOperator.GT, new Constant.IntegerConstant(1000))));
            };
            return new Pattern(new ObservationExpression.Observation(c));
        }

        static Pattern residue(int k) {
            return new Pattern(new ObservationExpression.Observation(
                    cmp(path("file", "size"), ComparisonOperator.GT, new Constant.IntegerConstant(1_000_000L + k))));
        }

        static StixId id(long i) {
            return new StixId("indicator", new UUID(mix(i ^ 0x1D1DL), mix(i ^ 0x2E2EL)));
        }

        static IndicatorIndex buildIndex(int n) {
            IndicatorIndex index = new IndicatorIndex(Warninglists.builtIn());
            for (int i = 0; i < n; i++) {
                index.put(id(i), pattern(i));
            }
            for (int k = 0; k < RESIDUE; k++) {
                index.put(id(n + k), residue(k));
            }
            return index;
        }

        static Peer buildPeer(int n) {
            Peer peer = new Peer();
            for (int i = 0; i < n; i++) {
                Kind kind = BY_BUCKET[i % 100];
                peer.add(kind, value(kind, i), id(i));
            }
            return peer;
        }

        /** An indicator ordinal of the given kind below n. */
        static long ordinalOf(Kind kind, int n, Random r) {
            int[] buckets = BUCKETS.get(kind);
            return (long) r.nextInt(n / 100) * 100 + buckets[r.nextInt(buckets.length)];
        }

        static final Kind[] OBSERVED = {Kind.SHA256, Kind.SHA256, Kind.SHA256, Kind.SHA256, Kind.MD5, Kind.MD5,
            Kind.IPV4, Kind.IPV4, Kind.IPV4, Kind.CIDR4, Kind.IPV6, Kind.CIDR6, Kind.DOMAIN, Kind.DOMAIN, Kind.DOMAIN,
            Kind.SUBDOMAINS, Kind.URL, Kind.URL, Kind.EMAIL, Kind.COMPOUND};

        /** One observed object holding one value; a hit (an indicator's value) or a miss. */
        static ObjectNode object(int n, Random r, int hitPercent) {
            Kind kind = OBSERVED[r.nextInt(OBSERVED.length)];
            // At 50 percent, the same draws as before the knob existed (figures stay comparable).
            boolean hit = hitPercent == 50 ? r.nextBoolean() : r.nextInt(100) < hitPercent;
            long i = hit ? ordinalOf(kind, n, r) : n + 1_000_000L + r.nextInt(Integer.MAX_VALUE);
            ObjectNode o = StixJson.MAPPER.createObjectNode();
            switch (kind) {
                case SHA256, MD5 -> {
                    o.put("type", "file");
                    o.putObject("hashes").put(kind == Kind.SHA256 ? "SHA-256" : "MD5", value(kind, i));
                }
                case IPV4 -> o.put("type", "ipv4-addr").put("value", value(kind, i));
                case CIDR4 -> {
                    // An address inside the block: the block's network with random host bits.
                    long host = r.nextInt(1 << (32 - cidrPrefix(i)));
                    long a = (ipv4(i) & ((0xFFFFFFFFL << (32 - cidrPrefix(i))) & 0xFFFFFFFFL)) | host;
                    o.put("type", "ipv4-addr").put("value", v4(a));
                }
                case IPV6 -> o.put("type", "ipv6-addr").put("value", value(kind, i));
                case CIDR6 -> o.put("type", "ipv6-addr").put("value",
                        v6(i, true).replace("::/48", ":" + Integer.toHexString(r.nextInt(65536)) + "::1"));
                case DOMAIN -> o.put("type", "domain-name").put("value", value(kind, i));
                case SUBDOMAINS -> o.put("type", "domain-name").put("value", "www." + value(kind, i));
                case URL -> o.put("type", "url").put("value", value(kind, i));
                case EMAIL -> o.put("type", "email-addr").put("value", value(kind, i));
                case COMPOUND -> o.put("type", "file").put("name", value(kind, i)).put("size", 4096);
            }
            return o;
        }

        /** The same values as single lookups: {type, property, value}, hashes as {@code hashes.ALG}. */
        static String[][][] lookups(Observation[][] batches) {
            String[][][] out = new String[batches.length][][];
            for (int b = 0; b < batches.length; b++) {
                List<String[]> l = new ArrayList<>();
                for (Observation o : batches[b]) {
                    for (JsonNode obj : o.objects().values()) {
                        String type = obj.get("type").stringValue();
                        JsonNode hashes = obj.get("hashes");
                        if (hashes != null) {
                            hashes.properties().forEach(h -> l.add(new String[] {type, "hashes." + h.getKey(),
                                h.getValue().stringValue()}));
                        } else if (obj.has("name")) {
                            l.add(new String[] {type, "name", obj.get("name").stringValue()});
                        } else {
                            l.add(new String[] {type, "value", obj.get("value").stringValue()});
                        }
                    }
                }
                if (l.size() != BATCH_VALUES) {
                    throw new IllegalStateException("a batch of " + l.size() + " values");
                }
                out[b] = l.toArray(String[][]::new);
            }
            return out;
        }

        /** The same lookups as three columns per batch (types, properties, values), for {@code lookupValues}. */
        static String[][][] columns(String[][][] lookups) {
            String[][][] out = new String[lookups.length][3][];
            for (int b = 0; b < lookups.length; b++) {
                for (int k = 0; k < 3; k++) {
                    out[b][k] = new String[lookups[b].length];
                    for (int i = 0; i < lookups[b].length; i++) {
                        out[b][k][i] = lookups[b][i][k];
                    }
                }
            }
            return out;
        }

        static Observation[][] batches(int n, int count, Random r, int hitPercent) {
            Observation[][] out = new Observation[count][];
            Instant t = Instant.parse("2026-11-22T12:00:00Z");
            for (int b = 0; b < count; b++) {
                List<Observation> batch = new ArrayList<>();
                int values = 0;
                while (values < BATCH_VALUES) {
                    int objects = Math.min(1 + r.nextInt(3), BATCH_VALUES - values);
                    Map<String, JsonNode> map = new LinkedHashMap<>();
                    for (int k = 0; k < objects; k++) {
                        ObjectNode o = object(n, r, hitPercent);
                        map.put(o.get("type").stringValue() + "--" + new UUID(r.nextLong(), r.nextLong()), o);
                    }
                    values += objects;
                    batch.add(new Observation("observed-data--" + new UUID(r.nextLong(), r.nextLong()), t, t, 1, map));
                }
                out[b] = batch.toArray(Observation[]::new);
            }
            return out;
        }
    }

    // ===== the peer =========================================================================================

    /**
     * The plain way: {@code HashMap<String, List<StixId>>} from "kind|normalised value" to the
     * indicators; address blocks under their network string per prefix length, subdomain patterns
     * under the domain. Lookups build the same key strings (every dot-suffix, every indexed prefix).
     */
    static final class Peer {
        final Map<String, List<StixId>> map = new HashMap<>();
        final TreeSet<Integer> v4Prefixes = new TreeSet<>();
        final TreeSet<Integer> v6Prefixes = new TreeSet<>();

        void add(Kind kind, String v, StixId id) {
            String key = switch (kind) {
                case SHA256, MD5 -> "h|" + v.toLowerCase(Locale.ROOT);
                case IPV4 -> "ipv4-addr|" + v;
                case CIDR4 -> {
                    v4Prefixes.add(Integer.parseInt(v.substring(v.indexOf('/') + 1)));
                    yield "c4|" + v;
                }
                case IPV6 -> "ipv6-addr|" + v.toLowerCase(Locale.ROOT);
                case CIDR6 -> {
                    v6Prefixes.add(48);
                    yield "c6|" + v.substring(0, v.indexOf("::")).toLowerCase(Locale.ROOT) + "/48";
                }
                case DOMAIN -> "domain-name|" + v.toLowerCase(Locale.ROOT);
                case SUBDOMAINS -> "s|" + v.toLowerCase(Locale.ROOT);
                case URL -> "url|" + v.toLowerCase(Locale.ROOT);
                case EMAIL -> "email-addr|" + v.toLowerCase(Locale.ROOT);
                case COMPOUND -> "file:name|" + v.toLowerCase(Locale.ROOT);
            };
            map.computeIfAbsent(key, k -> new ArrayList<>(1)).add(id);
        }

        /** One value, as {@code candidates} treats it: the ids of every key it yields (repeats possible). */
        void lookup(String type, String property, String v, java.util.function.Consumer<StixId> out) {
            switch (type) {
                case "file" -> get((property.startsWith("hashes.") ? "h|" : "file:name|") + v.toLowerCase(Locale.ROOT),
                        out);
                case "ipv4-addr" -> {
                    get("ipv4-addr|" + v, out);
                    long a = parseV4(v);
                    if (a >= 0) {
                        for (int p : v4Prefixes) {
                            long m = (0xFFFFFFFFL << (32 - p)) & 0xFFFFFFFFL;
                            get("c4|" + Synthetic.v4(a & m) + "/" + p, out);
                        }
                    }
                }
                case "ipv6-addr" -> {
                    String l = v.toLowerCase(Locale.ROOT);
                    get("ipv6-addr|" + l, out);
                    int c = l.indexOf(':', l.indexOf(':', l.indexOf(':') + 1) + 1);
                    if (c > 0) {
                        get("c6|" + l.substring(0, c) + "/48", out);
                    }
                }
                case "domain-name" -> {
                    String l = v.toLowerCase(Locale.ROOT);
                    get("domain-name|" + l, out);
                    for (int i = l.indexOf('.'); i >= 0; i = l.indexOf('.', i + 1)) {
                        get("s|" + l.substring(i + 1), out);
                    }
                }
                case "url", "email-addr" -> get(type + "|" + v.toLowerCase(Locale.ROOT), out);
                default -> {
                }
            }
        }

        private void get(String key, java.util.function.Consumer<StixId> out) {
            List<StixId> ids = map.get(key);
            if (ids != null) {
                ids.forEach(out);
            }
        }

        Set<StixId> candidates(Observation o) {
            Set<StixId> out = new HashSet<>();
            for (JsonNode obj : o.objects().values()) {
                String type = obj.get("type").stringValue();
                switch (type) {
                    case "file" -> {
                        JsonNode hashes = obj.get("hashes");
                        if (hashes != null) {
                            for (JsonNode h : hashes.values()) {
                                get("h|" + h.stringValue().toLowerCase(Locale.ROOT), out);
                            }
                        }
                        JsonNode name = obj.get("name");
                        if (name != null) {
                            get("file:name|" + name.stringValue().toLowerCase(Locale.ROOT), out);
                        }
                    }
                    case "ipv4-addr" -> {
                        String v = obj.get("value").stringValue();
                        get("ipv4-addr|" + v, out);
                        long a = parseV4(v);
                        if (a >= 0) {
                            for (int p : v4Prefixes) {
                                long m = (0xFFFFFFFFL << (32 - p)) & 0xFFFFFFFFL;
                                get("c4|" + Synthetic.v4(a & m) + "/" + p, out);
                            }
                        }
                    }
                    case "ipv6-addr" -> {
                        String v = obj.get("value").stringValue().toLowerCase(Locale.ROOT);
                        get("ipv6-addr|" + v, out);
                        // /48: the first three groups as written (the synthetic addresses are canonical).
                        int c = v.indexOf(':', v.indexOf(':', v.indexOf(':') + 1) + 1);
                        if (c > 0) {
                            get("c6|" + v.substring(0, c) + "/48", out);
                        }
                    }
                    case "domain-name" -> {
                        String v = obj.get("value").stringValue().toLowerCase(Locale.ROOT);
                        get("domain-name|" + v, out);
                        for (int i = v.indexOf('.'); i >= 0; i = v.indexOf('.', i + 1)) {
                            get("s|" + v.substring(i + 1), out);
                        }
                    }
                    case "url", "email-addr" ->
                            get(type + "|" + obj.get("value").stringValue().toLowerCase(Locale.ROOT), out);
                    default -> {
                    }
                }
            }
            return out;
        }

        private void get(String key, Set<StixId> out) {
            List<StixId> ids = map.get(key);
            if (ids != null) {
                out.addAll(ids);
            }
        }

        static long parseV4(String s) {
            String[] parts = s.split("\\.");
            if (parts.length != 4) {
                return -1;
            }
            long a = 0;
            for (String p : parts) {
                a = (a << 8) | Integer.parseInt(p);
            }
            return a;
        }
    }

    // ===== main: heap, then JMH =============================================================================

    static long usedAfterGc() throws InterruptedException {
        var mem = ManagementFactory.getMemoryMXBean();
        for (int k = 0; k < 5; k++) {
            System.gc();
            Thread.sleep(200);
        }
        return mem.getHeapMemoryUsage().getUsed();
    }

    /**
     * Values per second of the looking-up thread's own CPU time (not wall-clock): on a machine shared
     * with other work, this is the per-core figure. Rounds of 3 s; the first two are warm-up.
     */
    static void cpuThroughput(String what, java.util.function.ToLongFunction<Observation[]> lookup, int n) {
        Observation[][] batches = Synthetic.batches(n, BATCHES, new Random(42), harnessHitPercent());
        cpuThroughput(what, batches, lookup);
    }

    static void cpuLookups(String what, java.util.function.ToLongFunction<String[][]> lookup, int n) {
        String[][][] lookups = Synthetic.lookups(Synthetic.batches(n, BATCHES, new Random(42), harnessHitPercent()));
        cpuThroughput(what, lookups, lookup);
    }

    /** The harness's share of hits, in percent: {@code -DhitPercent} (50; of a list, JMH's, the first). */
    static int harnessHitPercent() {
        return Integer.parseInt(System.getProperty("hitPercent", "50").split(",")[0].strip());
    }

    /**
     * Runs one measurement unless {@code -Donly=...} names another (a part of its description): each in a JVM of
     * its own, as JMH's forks are, when the figures of several must not share one JIT's profile.
     */
    static <B> void cpuThroughput(String what, B[] batches, java.util.function.ToLongFunction<B> lookup) {
        String only = System.getProperty("only");
        if (only != null && !what.contains(only)) {
            return;
        }
        var threads = ManagementFactory.getThreadMXBean();
        List<Double> rates = new ArrayList<>();
        long sink = 0;
        for (int round = 0; round < 7; round++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            long values = 0;
            while (System.nanoTime() - t0 < 3_000_000_000L) {
                for (B b : batches) {
                    sink += lookup.applyAsLong(b);
                    values += BATCH_VALUES;
                }
            }
            if (round >= 2) {
                rates.add(values / ((threads.getCurrentThreadCpuTime() - c0) / 1e9));
            }
        }
        rates.sort(null);
        System.out.printf(Locale.ROOT, "%s, %d%% hits: %.0f values/s of thread CPU time (median of %d rounds; min %.0f, "
                + "max %.0f) [%d]%n", what, harnessHitPercent(), rates.get(rates.size() / 2), rates.size(), rates.getFirst(),
                rates.getLast(), sink & 1);
    }

    static void measureIndex(int n) throws InterruptedException {
        long base = usedAfterGc();
        long t0 = System.nanoTime();
        IndicatorIndex index = Synthetic.buildIndex(n);
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        long used = usedAfterGc() - base;
        System.out.printf(Locale.ROOT, "index: %d indicators (+%d residue), built in %.1f s (%.0f puts/s); retained heap "
                        + "%.1f MB = %.1f bytes/indicator; approximateHeapBytes %.1f bytes/indicator%n",
                index.size() - RESIDUE, RESIDUE, buildSeconds, index.size() / buildSeconds, used / 1e6,
                (double) used / n, (double) index.approximateHeapBytes() / n);
        long[] hits = new long[1];
        IndicatorIndex.HitSink sink = (id, confirmed) -> hits[0] += id.uuid().getLeastSignificantBits() & 1;
        cpuLookups("index lookups (one value: lookupValue)", batch -> {
            long found = 0;
            for (String[] l : batch) {
                found += index.lookupValue(l[0], l[1], l[2], sink);
            }
            return found + hits[0];
        }, n);
        IndicatorIndex.BatchHitSink batchSink = (i, id, confirmed) -> hits[0] += id.uuid().getLeastSignificantBits() & 1;
        String[][][] columns = Synthetic.columns(Synthetic.lookups(Synthetic.batches(n, BATCHES, new Random(42), harnessHitPercent())));
        cpuThroughput("index lookups, batched (lookupValues, 256 values a call)", columns,
                c -> index.lookupValues(c[0], c[1], c[2], batchSink) + hits[0]);
        cpuThroughput("index observation values (candidates)", batch -> {
            long s = 0;
            for (Observation o : batch) {
                s += index.candidates(o).confirmed().size();
            }
            return s;
        }, n);
        cpuThroughput("index observation values, batched (candidates of a list, a call per 256 values)", batch -> {
            long s = 0;
            for (var c : index.candidates(List.of(batch))) {
                s += c.confirmed().size();
            }
            return s;
        }, n);
    }

    static void measurePeer(int n) throws InterruptedException {
        long base = usedAfterGc();
        long t0 = System.nanoTime();
        Peer peer = Synthetic.buildPeer(n);
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        long used = usedAfterGc() - base;
        System.out.printf(Locale.ROOT, "peer HashMap: %d keys, built in %.1f s; retained heap %.1f MB = %.1f "
                + "bytes/indicator%n", peer.map.size(), buildSeconds, used / 1e6, (double) used / n);
        long[] hits = new long[1];
        java.util.function.Consumer<StixId> sink = id -> hits[0] += id.uuid().getLeastSignificantBits() & 1;
        cpuLookups("peer HashMap lookups (one value)", batch -> {
            for (String[] l : batch) {
                peer.lookup(l[0], l[1], l[2], sink);
            }
            return hits[0];
        }, n);
        cpuThroughput("peer HashMap observation values", batch -> {
            long s = 0;
            for (Observation o : batch) {
                s += peer.candidates(o).size();
            }
            return s;
        }, n);
    }

    /** A switch given as {@code -Dname} or {@code -Dname=true} (a bare {@code -DskipJmh} once ran JMH regardless). */
    static boolean flag(String name) {
        String v = System.getProperty(name);
        return v != null && !v.equalsIgnoreCase("false");
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("indicators", 1_000_000);
        if (!flag("skipMemory")) {
            measureIndex(n);
            measurePeer(n);
        }
        if (!flag("skipJmh")) {
            new Runner(new OptionsBuilder()
                    .include(IndicatorIndexBenchmark.class.getName() + "\\." + System.getProperty("jmh", ""))
                    .param("indicators", Integer.toString(n))
                    .param("hitPercent", System.getProperty("hitPercent", "50").split(","))
                    .forks(Integer.getInteger("forks", 2))
                    .warmupIterations(Integer.getInteger("warmups", 2))
                    .measurementIterations(Integer.getInteger("iterations", 3))
                    .warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(Integer.getInteger("seconds", 5)))
                    .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(Integer.getInteger("seconds", 5)))
                    .build()).run();
        }
    }
}
