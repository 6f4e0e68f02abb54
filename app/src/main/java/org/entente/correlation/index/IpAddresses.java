package org.entente.correlation.index;

/**
 * Allocation-free parsing of IPv4 and IPv6 addresses and CIDR blocks, never touching DNS (unlike
 * {@code InetAddress}). An address is held as two longs {@code hi, lo}: IPv4 in the low 32 bits of
 * {@code lo} with {@code hi = 0}; IPv6 as its 128 bits, most significant first.
 */
final class IpAddresses {

    private IpAddresses() {
    }

    /** A parsed address or block: the network bits (host bits cleared) and the prefix length. */
    record Block(boolean v6, long hi, long lo, int prefix, boolean hostBitsSet) {

        /** Lowest address of the block (as the block is stored, host bits are already clear). */
        long lowHi() {
            return hi;
        }

        /** Highest address of the block. */
        long highHi() {
            return v6 ? hi | hostMaskHi(prefix) : 0;
        }

        long highLo() {
            return v6 ? lo | hostMaskLo(prefix) : lo | (0xFFFFFFFFL >>> prefix);
        }
    }

    /** Parses {@code a.b.c.d}, {@code a.b.c.d/n}, an IPv6 address or {@code v6/n}; null if none of these. */
    static Block parseBlock(String s) {
        int slash = s.indexOf('/');
        int end = slash < 0 ? s.length() : slash;
        int prefix;
        boolean v6 = s.indexOf(':') >= 0;
        int max = v6 ? 128 : 32;
        if (slash < 0) {
            prefix = max;
        } else {
            prefix = parseSmallInt(s, slash + 1, s.length());
            if (prefix < 0 || prefix > max) {
                return null;
            }
        }
        if (v6) {
            long[] out = new long[2];
            if (!parseV6(s, 0, end, out)) {
                return null;
            }
            long mh = netMaskHi(prefix);
            long ml = netMaskLo(prefix);
            return new Block(true, out[0] & mh, out[1] & ml, prefix, (out[0] & ~mh) != 0 || (out[1] & ~ml) != 0);
        }
        long a = parseV4(s, 0, end);
        if (a < 0) {
            return null;
        }
        long m = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return new Block(false, 0, a & m, prefix, (a & ~m) != 0);
    }

    /** Dotted quad to an unsigned 32-bit value, or -1. Leading zeros are read as decimal. */
    static long parseV4(CharSequence s, int from, int to) {
        long result = 0;
        int parts = 0;
        int i = from;
        while (parts < 4) {
            int start = i;
            int v = 0;
            while (i < to && i - start < 4) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                v = v * 10 + (c - '0');
                i++;
            }
            if (i == start || i - start > 3 || v > 255) {
                return -1;
            }
            result = (result << 8) | v;
            parts++;
            if (parts < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i == to ? result : -1;
    }

    /** True if {@code s} is exactly the canonical dotted quad (no leading zeros) of {@code value}. */
    static boolean isCanonicalV4(String s, long value) {
        long parsed = parseV4(s, 0, s.length());
        if (parsed != value) {
            return false;
        }
        // Canonical: no part has a leading zero.
        int len = s.length();
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) == '0' && (i == 0 || s.charAt(i - 1) == '.') && i + 1 < len && s.charAt(i + 1) != '.') {
                return false;
            }
        }
        return true;
    }

    /** Parses an IPv6 address (with {@code ::} and an optional trailing dotted quad) into out[0..1]. */
    static boolean parseV6(CharSequence s, int from, int to, long[] out) {
        int[] groups = new int[8];
        int n = 0;
        int gap = -1;
        int i = from;
        if (to - from < 2) {
            return false;
        }
        if (s.charAt(i) == ':') {
            if (s.charAt(i + 1) != ':') {
                return false;
            }
            gap = 0;
            i += 2;
            if (i == to) {
                out[0] = 0;
                out[1] = 0;
                return true;
            }
        }
        while (i < to) {
            if (n == 8) {
                return false;
            }
            int start = i;
            int v = 0;
            while (i < to && i - start < 5) {
                int d = Character.digit(s.charAt(i), 16);
                if (d < 0) {
                    break;
                }
                v = (v << 4) | d;
                i++;
            }
            if (i < to && s.charAt(i) == '.') {
                // Embedded IPv4 in the last 32 bits.
                if (n > 6) {
                    return false;
                }
                long a = parseV4(s, start, to);
                if (a < 0) {
                    return false;
                }
                groups[n++] = (int) (a >>> 16);
                groups[n++] = (int) (a & 0xFFFF);
                i = to;
                break;
            }
            if (i == start || i - start > 4) {
                return false;
            }
            groups[n++] = v;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < to && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return false;
                }
                gap = n;
                i++;
            } else if (i == to) {
                return false; // trailing single colon
            }
        }
        int[] full = new int[8];
        if (gap >= 0) {
            if (n > 7) {
                return false;
            }
            int tail = n - gap;
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        } else {
            if (n != 8) {
                return false;
            }
            full = groups;
        }
        long hi = 0;
        long lo = 0;
        for (int g = 0; g < 4; g++) {
            hi = (hi << 16) | full[g];
            lo = (lo << 16) | full[g + 4];
        }
        out[0] = hi;
        out[1] = lo;
        return true;
    }

    static long netMaskHi(int prefix) {
        return prefix <= 0 ? 0 : prefix >= 64 ? -1L : -1L << (64 - prefix);
    }

    static long netMaskLo(int prefix) {
        return prefix <= 64 ? 0 : prefix >= 128 ? -1L : -1L << (128 - prefix);
    }

    static long hostMaskHi(int prefix) {
        return ~netMaskHi(prefix);
    }

    static long hostMaskLo(int prefix) {
        return ~netMaskLo(prefix);
    }

    private static int parseSmallInt(String s, int from, int to) {
        if (from >= to || to - from > 3) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
