package org.entente.correlation.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Known-benign values that suppress index hits, each list with a reason shown to the analyst: the
 * built-in special-purpose address ranges and reserved domains, and lists an administrator loads.
 *
 * <p>Thread-safe: the lists are an immutable snapshot behind a volatile reference, replaced as a
 * whole by {@link #load} and {@link #unload} (copy-on-write), so {@link #check} never blocks.
 *
 * <p>What a value is matched against depends on the observed object's type: {@code ipv4-addr} and
 * {@code ipv6-addr} values (an address or a CIDR block) against address ranges (a block must lie
 * wholly inside one); {@code domain-name} values against domains (a listed plain domain covers itself
 * and its subdomains, a listed {@code *.domain} only its subdomains); a {@code url}'s host against
 * the ranges or domains, an {@code email-addr}'s domain against the domains; and any value of any
 * type against the list's exact values (compared ignoring ASCII case: hashes, URLs, e-mail
 * addresses, anything else the administrator listed). The first list that matches, in the order of
 * {@link #lists()} (built-in lists first, then loaded lists in loading order), gives the reason.
 */
public final class Warninglists {

    /** Why a value is suppressed: the list that holds it and the list's reason. */
    public record Match(String list, String reason) {
    }

    /** A list as an administrator sees it. */
    public record ListInfo(String name, String reason, int size, boolean builtIn) {
    }

    private volatile Snapshot snapshot;

    private Warninglists(List<WList> lists) {
        this.snapshot = new Snapshot(lists);
    }

    /** No lists at all. */
    public static Warninglists empty() {
        return new Warninglists(List.of());
    }

    /**
     * The built-in lists: special-purpose IPv4 and IPv6 ranges (RFC 6890 and the RFCs it collects:
     * RFC 1918 private, RFC 6598 shared/CGNAT, RFC 4193 unique local, loopback, link-local, RFC 5737
     * and RFC 3849 documentation, multicast, benchmarking, reserved, unspecified, broadcast) and the
     * reserved domains of RFC 2606 and RFC 6761 (plus {@code .local}, RFC 6762, and
     * {@code home.arpa}, RFC 8375). Each can be unloaded like any other list.
     */
    public static Warninglists builtIn() {
        List<WList> l = new ArrayList<>();
        l.add(WList.of("private-networks", "private or shared address space, not routable on the Internet "
                + "(RFC 1918, RFC 6598 carrier-grade NAT, RFC 4193 unique local)", true,
                List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7")));
        l.add(WList.of("loopback-and-link-local", "loopback or link-local address: never leaves the host "
                + "or the local link (RFC 1122, RFC 3927, RFC 4291)", true,
                List.of("127.0.0.0/8", "169.254.0.0/16", "::1/128", "fe80::/10")));
        l.add(WList.of("documentation-addresses", "address reserved for documentation and examples "
                + "(RFC 5737, RFC 3849)", true,
                List.of("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")));
        l.add(WList.of("special-purpose-addresses", "special-purpose address: multicast, benchmarking, reserved, "
                + "unspecified, broadcast or protocol assignment (RFC 6890, RFC 5771, RFC 2544, RFC 4291)", true,
                List.of("0.0.0.0/8", "192.0.0.0/24", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
                        "255.255.255.255/32", "::/128", "ff00::/8", "100::/64")));
        l.add(WList.of("reserved-domains", "domain reserved for documentation, testing or local use "
                + "(RFC 2606, RFC 6761, RFC 6762, RFC 8375)", true,
                List.of("example.com", "example.net", "example.org", "test", "example", "invalid", "localhost",
                        "local", "home.arpa")));
        return new Warninglists(l);
    }

    /**
     * Loads (or replaces) the administrator's list {@code name}. Each value's kind is inferred: an IP
     * address or CIDR block; {@code *.domain} (its subdomains) or a plain domain (itself and its
     * subdomains); anything else (hashes, URLs, e-mail addresses, file names ...) as an exact value.
     * Blank lines and lines starting with {@code #} are skipped.
     */
    public synchronized void load(String name, String reason, Collection<String> values) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a warninglist needs a name");
        }
        WList added = WList.of(name, reason, false, values);
        List<WList> lists = snapshot.lists;
        List<WList> next = new ArrayList<>(lists.size() + 1);
        boolean replaced = false;
        for (WList w : lists) {
            if (w.name.equals(name)) {
                next.add(added);
                replaced = true;
            } else {
                next.add(w);
            }
        }
        if (!replaced) {
            next.add(added);
        }
        snapshot = new Snapshot(next);
    }

    /** Removes the list {@code name} (built-in lists included); false if there is none. */
    public synchronized boolean unload(String name) {
        List<WList> lists = snapshot.lists;
        List<WList> next = lists.stream().filter(w -> !w.name.equals(name)).toList();
        if (next.size() == lists.size()) {
            return false;
        }
        snapshot = new Snapshot(next);
        return true;
    }

    /** The first list holding {@code value} as observed in an object of {@code objectType}. */
    public Optional<Match> check(String objectType, String value) {
        return check(snapshot, objectType, value);
    }

    /**
     * The lists as they are now: the same object until a list is loaded or unloaded. The index keeps, per
     * stored exact value, whether the lists of one such token hold it (see {@code IndicatorIndex}).
     */
    Object token() {
        return snapshot;
    }

    /** {@link #check(String, String)} against the lists of {@code token} (from {@link #token()}). */
    Optional<Match> check(Object token, String objectType, String value) {
        Snapshot snap = (Snapshot) token;
        if (snap.lists.isEmpty() || value == null) {
            return Optional.empty();
        }
        if (!snap.anyExact && !ROUTED.contains(objectType)) {
            return Optional.empty();
        }
        if (snap.surelyAbsent(objectType, value)) {
            return Optional.empty();
        }
        return scan(snap, objectType, value);
    }

    /** {@link #check} without the filter (tests compare the two). */
    Optional<Match> checkUnfiltered(String objectType, String value) {
        Snapshot snap = snapshot;
        if (snap.lists.isEmpty() || value == null) {
            return Optional.empty();
        }
        return scan(snap, objectType, value);
    }

    private static Optional<Match> scan(Snapshot snap, String objectType, String value) {
        Probe probe = new Probe(objectType, value, snap.anyExact);
        for (WList w : snap.lists) {
            if (w.matches(probe)) {
                return Optional.of(w.match);
            }
        }
        return Optional.empty();
    }

    /** The lists in the order they are consulted. */
    public List<ListInfo> lists() {
        return snapshot.lists.stream().map(w -> new ListInfo(w.name, w.match.reason(), w.size, w.builtIn)).toList();
    }

    boolean isEmpty() {
        return snapshot.lists.isEmpty();
    }

    /**
     * The lists, and a filter over all of them that rules out most values without allocating: 64-bit
     * hashes of every exact value and every listed domain (of both kinds), and the union of every list's
     * address ranges. It may let through a value no list holds (then the lists decide), never the reverse;
     * non-ASCII values and the rarer shapes (URLs with literal addresses, blocks) always go to the lists.
     */
    private static final class Snapshot {
        final List<WList> lists;
        final boolean anyExact;
        final LongSet exactHashes = new LongSet();
        final LongSet domainHashes = new LongSet();
        final long[] v4;
        final long[] v6;

        Snapshot(List<WList> lists) {
            this.lists = List.copyOf(lists);
            boolean exact = false;
            List<long[]> r4 = new ArrayList<>();
            List<long[]> r6 = new ArrayList<>();
            for (WList w : this.lists) {
                exact |= !w.exact.isEmpty();
                for (String e : w.exact) {
                    exactHashes.add(LookupField.hashBackward(e, 0, e.length()));
                }
                for (String d : w.domains) {
                    domainHashes.add(LookupField.hashBackward(d, 0, d.length()));
                }
                for (String d : w.subdomainsOnly) {
                    domainHashes.add(LookupField.hashBackward(d, 0, d.length()));
                }
                for (int i = 0; i < w.v4.length; i += 2) {
                    r4.add(new long[] {w.v4[i], w.v4[i + 1]});
                }
                for (int i = 0; i < w.v6.length; i += 4) {
                    r6.add(Arrays.copyOfRange(w.v6, i, i + 4));
                }
            }
            this.anyExact = exact;
            this.v4 = WList.merge4(r4);
            this.v6 = WList.merge6(r6);
        }

        /** True if no list can hold {@code value} as observed in an object of {@code type} (see the class). */
        boolean surelyAbsent(String type, String value) {
            int len = value.length();
            for (int i = 0; i < len; i++) {
                if (value.charAt(i) >= 0x80) {
                    return false;
                }
            }
            if (anyExact && exactHashes.contains(LookupField.hashBackward(value, 0, len))) {
                return false;
            }
            String t = value.trim();
            return switch (type) {
                case "ipv4-addr", "ipv6-addr" -> addressAbsent(t);
                case "domain-name" -> domainAbsent(t, 0, t.length());
                case "email-addr" -> {
                    int at = value.lastIndexOf('@');
                    if (at < 0) {
                        yield true;
                    }
                    // As Probe does: the part after the last '@', trimmed.
                    int from = at + 1;
                    int to = len;
                    while (from < to && value.charAt(from) <= ' ') {
                        from++;
                    }
                    while (to > from && value.charAt(to - 1) <= ' ') {
                        to--;
                    }
                    yield domainAbsent(value, from, to);
                }
                case "url" -> urlAbsent(t);
                default -> true;
            };
        }

        private boolean addressAbsent(String t) {
            if (t.indexOf('/') >= 0) {
                return false; // a block: the lists decide
            }
            if (t.indexOf(':') >= 0) {
                long[] a = new long[2];
                if (!IpAddresses.parseV6(t, 0, t.length(), a)) {
                    return true;
                }
                int l = 0;
                int h = v6.length / 4 - 1;
                int found = -1;
                while (l <= h) {
                    int m = (l + h) >>> 1;
                    if (WList.compare(v6[4 * m], v6[4 * m + 1], a[0], a[1]) <= 0) {
                        found = m;
                        l = m + 1;
                    } else {
                        h = m - 1;
                    }
                }
                return found < 0 || WList.compare(a[0], a[1], v6[4 * found + 2], v6[4 * found + 3]) > 0;
            }
            long a = IpAddresses.parseV4(t, 0, t.length());
            if (a < 0) {
                return true;
            }
            int l = 0;
            int h = v4.length / 2 - 1;
            int found = -1;
            while (l <= h) {
                int m = (l + h) >>> 1;
                if (v4[2 * m] <= a) {
                    found = m;
                    l = m + 1;
                } else {
                    h = m - 1;
                }
            }
            return found < 0 || a > v4[2 * found + 1];
        }

        /** The domain {@code s[from, to)} (one trailing dot dropped), itself and each of its dot-suffixes. */
        private boolean domainAbsent(String s, int from, int to) {
            if (domainHashes.isEmpty()) {
                return true;
            }
            if (to > from && s.charAt(to - 1) == '.') {
                to--;
            }
            long h = LookupField.FNV_BASIS;
            for (int i = to - 1; i >= from; i--) {
                char c = s.charAt(i);
                if (c == '.' && domainHashes.contains(h)) {
                    return false;
                }
                h = (h ^ LookupField.fold(c)) * LookupField.FNV_PRIME;
            }
            return !domainHashes.contains(h);
        }

        private boolean urlAbsent(String t) {
            int scheme = t.indexOf("://");
            if (scheme < 0) {
                return true;
            }
            int start = scheme + 3;
            int end = t.length();
            for (int i = start; i < end; i++) {
                char c = t.charAt(i);
                if (c == '/' || c == '?' || c == '#') {
                    end = i;
                    break;
                }
            }
            int at = t.lastIndexOf('@', end - 1);
            if (at >= start) {
                start = at + 1;
            }
            if (start < end && t.charAt(start) == '[') {
                return false; // a literal IPv6 host: the lists decide
            }
            int colon = t.lastIndexOf(':', end - 1);
            if (colon >= start) {
                end = colon;
            }
            boolean addressLike = true;
            for (int i = start; i < end; i++) {
                char c = t.charAt(i);
                if (!(c >= '0' && c <= '9' || c == '.')) {
                    addressLike = false;
                    break;
                }
            }
            return !addressLike && domainAbsent(t, start, end);
        }
    }

    /** An open-addressing set of 64-bit hashes (0 stored apart). */
    static final class LongSet {
        private long[] slots = new long[16];
        private int size;
        private boolean zero;

        void add(long v) {
            if (v == 0) {
                zero = true;
                return;
            }
            if ((size + 1) * 2 > slots.length) {
                long[] old = slots;
                slots = new long[old.length * 2];
                size = 0;
                for (long o : old) {
                    if (o != 0) {
                        add(o);
                    }
                }
            }
            int mask = slots.length - 1;
            int s = (int) LookupField.mix(v) & mask;
            while (slots[s] != 0) {
                if (slots[s] == v) {
                    return;
                }
                s = (s + 1) & mask;
            }
            slots[s] = v;
            size++;
        }

        boolean contains(long v) {
            if (v == 0) {
                return zero;
            }
            long[] t = slots;
            int mask = t.length - 1;
            for (int s = (int) LookupField.mix(v) & mask; t[s] != 0; s = (s + 1) & mask) {
                if (t[s] == v) {
                    return true;
                }
            }
            return false;
        }

        boolean isEmpty() {
            return size == 0 && !zero;
        }
    }

    /** Object types whose values are matched against ranges or domains, not only exact values. */
    private static final Set<String> ROUTED = Set.of("ipv4-addr", "ipv6-addr", "domain-name", "email-addr", "url");

    /** The observed value, taken apart by what the lists need. */
    private static final class Probe {
        final String folded;
        final IpAddresses.Block block;   // for addresses, or a URL's literal host
        final String domain;             // for domain names, a URL's host, an e-mail's domain

        Probe(String objectType, String value, boolean exactNeeded) {
            boolean addressOnly = objectType.equals("ipv4-addr") || objectType.equals("ipv6-addr");
            this.folded = exactNeeded || !addressOnly ? value.toLowerCase(Locale.ROOT) : null;
            IpAddresses.Block b = null;
            String d = null;
            switch (objectType) {
                case "ipv4-addr", "ipv6-addr" -> b = IpAddresses.parseBlock(value.trim());
                case "domain-name" -> d = stripDot(folded.trim());
                case "email-addr" -> {
                    int at = folded.lastIndexOf('@');
                    d = at >= 0 ? stripDot(folded.substring(at + 1).trim()) : null;
                }
                case "url" -> {
                    String host = urlHost(folded.trim());
                    if (host != null) {
                        if (host.startsWith("[") && host.endsWith("]")) {
                            b = IpAddresses.parseBlock(host.substring(1, host.length() - 1));
                        } else {
                            b = host.indexOf(':') < 0 ? IpAddresses.parseBlock(host) : null;
                            d = b == null ? stripDot(host) : null;
                        }
                    }
                }
                default -> {
                }
            }
            this.block = b;
            this.domain = d == null || d.isEmpty() ? null : d;
        }

        private static String stripDot(String d) {
            return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
        }

        static String urlHost(String url) {
            int scheme = url.indexOf("://");
            if (scheme < 0) {
                return null;
            }
            int start = scheme + 3;
            int end = url.length();
            for (int i = start; i < url.length(); i++) {
                char c = url.charAt(i);
                if (c == '/' || c == '?' || c == '#') {
                    end = i;
                    break;
                }
            }
            String authority = url.substring(start, end);
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                authority = authority.substring(at + 1);
            }
            if (authority.startsWith("[")) {
                int close = authority.indexOf(']');
                return close > 0 ? authority.substring(0, close + 1) : null;
            }
            int colon = authority.lastIndexOf(':');
            return colon >= 0 ? authority.substring(0, colon) : authority;
        }
    }

    /** One list: merged disjoint address intervals, domains, and exact values. */
    private static final class WList {
        final String name;
        final Match match;
        final boolean builtIn;
        final int size;
        final long[] v4;        // sorted disjoint [start, end] pairs, unsigned 32-bit
        final long[] v6;        // sorted disjoint [startHi, startLo, endHi, endLo] quads, unsigned
        final Set<String> domains;         // the domain and its subdomains
        final Set<String> subdomainsOnly;  // "*.domain"
        final Set<String> exact;           // lower-cased

        private WList(String name, String reason, boolean builtIn, int size, long[] v4, long[] v6,
                      Set<String> domains, Set<String> subdomainsOnly, Set<String> exact) {
            this.name = name;
            this.match = new Match(name, reason);
            this.builtIn = builtIn;
            this.size = size;
            this.v4 = v4;
            this.v6 = v6;
            this.domains = domains;
            this.subdomainsOnly = subdomainsOnly;
            this.exact = exact;
        }

        static WList of(String name, String reason, boolean builtIn, Collection<String> values) {
            List<long[]> r4 = new ArrayList<>();
            List<long[]> r6 = new ArrayList<>();
            Set<String> domains = new HashSet<>();
            Set<String> subs = new HashSet<>();
            Set<String> exact = new HashSet<>();
            int size = 0;
            for (String raw : values) {
                if (raw == null) {
                    continue;
                }
                String v = raw.strip();
                if (v.isEmpty() || v.startsWith("#")) {
                    continue;
                }
                size++;
                String folded = v.toLowerCase(Locale.ROOT);
                if (!builtIn) {
                    // Administrators' values are also exact values: "setup.exe" reads like a domain but may be a file.
                    exact.add(folded);
                }
                IpAddresses.Block b = folded.contains("://") ? null : IpAddresses.parseBlock(folded);
                if (b != null) {
                    if (b.v6()) {
                        r6.add(new long[] {b.hi(), b.lo(), b.highHi(), b.highLo()});
                    } else {
                        r4.add(new long[] {b.lo(), b.highLo()});
                    }
                } else if (folded.startsWith("*.") && isDomain(folded.substring(2))) {
                    subs.add(trimDot(folded.substring(2)));
                } else if (isDomain(folded)) {
                    domains.add(trimDot(folded));
                }
            }
            return new WList(name, reason, builtIn, size, merge4(r4), merge6(r6), Set.copyOf(domains),
                    Set.copyOf(subs), Set.copyOf(exact));
        }

        private static String trimDot(String d) {
            return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
        }

        /** Letters, digits, hyphens, underscores and dots, not an address, not a bare hash. */
        private static boolean isDomain(String s) {
            if (s.isEmpty() || s.startsWith(".") || s.contains("..")) {
                return false;
            }
            boolean hex = true;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.')) {
                    return false;
                }
                if (!(c >= 'a' && c <= 'f' || c >= '0' && c <= '9')) {
                    hex = false;
                }
            }
            return !(hex && s.length() >= 32);
        }

        private static long[] merge4(List<long[]> ranges) {
            ranges.sort(Comparator.comparingLong(r -> r[0]));
            long[] out = new long[ranges.size() * 2];
            int n = 0;
            for (long[] r : ranges) {
                if (n > 0 && r[0] <= out[n - 1] + 1) {
                    out[n - 1] = Math.max(out[n - 1], r[1]);
                } else {
                    out[n++] = r[0];
                    out[n++] = r[1];
                }
            }
            return Arrays.copyOf(out, n);
        }

        private static long[] merge6(List<long[]> ranges) {
            ranges.sort((a, b) -> compare(a[0], a[1], b[0], b[1]));
            long[] out = new long[ranges.size() * 4];
            int n = 0;
            for (long[] r : ranges) {
                if (n > 0 && compare(r[0], r[1], out[n - 2], out[n - 1]) <= 0) {
                    if (compare(r[2], r[3], out[n - 2], out[n - 1]) > 0) {
                        out[n - 2] = r[2];
                        out[n - 1] = r[3];
                    }
                } else {
                    System.arraycopy(r, 0, out, n, 4);
                    n += 4;
                }
            }
            return Arrays.copyOf(out, n);
        }

        static int compare(long hi1, long lo1, long hi2, long lo2) {
            int c = Long.compareUnsigned(hi1, hi2);
            return c != 0 ? c : Long.compareUnsigned(lo1, lo2);
        }

        boolean matches(Probe p) {
            if (p.folded != null && exact.contains(p.folded)) {
                return true;
            }
            if (p.block != null && inRanges(p.block)) {
                return true;
            }
            return p.domain != null && inDomains(p.domain);
        }

        private boolean inRanges(IpAddresses.Block b) {
            if (!b.v6()) {
                long lo = b.lo();
                long hi = b.highLo();
                // last interval starting at or before lo
                int l = 0;
                int h = v4.length / 2 - 1;
                int found = -1;
                while (l <= h) {
                    int m = (l + h) >>> 1;
                    if (v4[2 * m] <= lo) {
                        found = m;
                        l = m + 1;
                    } else {
                        h = m - 1;
                    }
                }
                return found >= 0 && hi <= v4[2 * found + 1];
            }
            int l = 0;
            int h = v6.length / 4 - 1;
            int found = -1;
            while (l <= h) {
                int m = (l + h) >>> 1;
                if (compare(v6[4 * m], v6[4 * m + 1], b.hi(), b.lo()) <= 0) {
                    found = m;
                    l = m + 1;
                } else {
                    h = m - 1;
                }
            }
            return found >= 0 && compare(b.highHi(), b.highLo(), v6[4 * found + 2], v6[4 * found + 3]) <= 0;
        }

        private boolean inDomains(String d) {
            if (domains.contains(d)) {
                return true;
            }
            for (int i = d.indexOf('.'); i >= 0; i = d.indexOf('.', i + 1)) {
                String suffix = d.substring(i + 1);
                if (domains.contains(suffix) || subdomainsOnly.contains(suffix)) {
                    return true;
                }
            }
            return false;
        }
    }
}
