package org.entente.identity;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Failed authentications counted per client address, in memory, per node: an address that fails
 * {@code throttleFailures} times (wrong, unknown, revoked, expired or malformed API token, wrong HTTP
 * Basic, refused password sign-in) within {@code throttleWindow} is blocked for one window, during which
 * every request of it that carries a credential is refused with 429 without the credential being looked
 * at. This bounds what guessing costs the node (token lookups, Argon2 verifications, audit entries of
 * failed sign-ins); the per-account lockout ({@link PasswordLogins}) protects each account, this protects
 * the node.
 *
 * <ul>
 *   <li>Failures are counted in a window that starts at an address's first failure; successes neither
 *       reset nor extend it (so a valid token cannot be used to launder guesses with another), and
 *       attempts refused while blocked do not extend the block (as with the lockout).</li>
 *   <li>While blocked, a valid credential from the address is refused too: the block is about the
 *       address, and checking the credential is exactly the work it saves (and telling a right guess
 *       from a wrong one while blocked would leak the answer).</li>
 *   <li>IPv6 addresses are counted by their /64 prefix: one host commonly holds a whole /64, so counting
 *       single addresses would let it rotate through 2^64 of them.</li>
 *   <li>Bounded: at most {@link #MAX_ADDRESSES} addresses are tracked. When the map is full, entries whose
 *       window and block have passed are dropped first, then those only counting (their partial counts are
 *       forgotten); blocked addresses are kept, so flooding from many addresses cannot lift a block. If
 *       every entry is blocked, a new address is not tracked until a block ends (failing open for it
 *       rather than growing), and the map is swept at most once a second.</li>
 * </ul>
 *
 * Windows are measured with {@link InstantSource#millis()} (injectable for tests); a wall clock set back
 * cannot make a block longer than one window.
 */
final class AuthenticationThrottle {

    static final int MAX_ADDRESSES = 100_000;
    private static final long SWEEP_EVERY_MILLIS = 1_000;
    /** An address longer than this is not an address; it is cut so a key cannot be large. */
    private static final int MAX_KEY = 64;

    /** An address that has just been blocked, for the audit log. */
    record Blocked(String address, int failures, Duration window) {
    }

    private final int maxFailures;
    private final long windowMillis;
    private final InstantSource clock;
    private final Consumer<Blocked> onBlocked;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Object sweeping = new Object();
    private volatile long nextSweep;

    AuthenticationThrottle(int maxFailures, Duration window, InstantSource clock, Consumer<Blocked> onBlocked) {
        if (maxFailures < 1 || window.toMillis() < 1) {
            throw new IllegalArgumentException("at least one failure and a positive window");
        }
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
        this.clock = clock;
        this.onBlocked = onBlocked;
    }

    /** Milliseconds {@code address} stays blocked (0: it may authenticate). Never adds an entry. */
    long blockedFor(String address) {
        Entry e = entries.get(key(address));
        if (e == null) {
            return 0;
        }
        long now = clock.millis();
        synchronized (e) {
            return e.blockedUntil > now ? Math.min(e.blockedUntil - now, windowMillis) : 0;
        }
    }

    /** Counts one failed authentication from {@code address}; the one that reaches the limit blocks it. */
    void failed(String address) {
        String key = key(address);
        long now = clock.millis();
        Entry e = entries.get(key);
        if (e == null) {
            if (entries.size() >= MAX_ADDRESSES && !makeRoom(now)) {
                return;
            }
            e = entries.computeIfAbsent(key, k -> new Entry(now));
        }
        int failures;
        synchronized (e) {
            if (e.blockedUntil > now) {
                return; // refused before it was checked, normally; a race with the block is not a new failure
            }
            if (now - e.windowStart >= windowMillis || now < e.windowStart) {
                e.windowStart = now;
                e.failures = 0;
            }
            failures = ++e.failures;
            if (failures < maxFailures) {
                return;
            }
            e.blockedUntil = now + windowMillis;
            e.windowStart = now; // counting starts afresh when the block ends
            e.failures = 0;
        }
        onBlocked.accept(new Blocked(key, failures, Duration.ofMillis(windowMillis)));
    }

    /** How many addresses are tracked. */
    int size() {
        return entries.size();
    }

    /** Frees room for a new address; false when none could be freed (every tracked address is blocked). */
    private boolean makeRoom(long now) {
        synchronized (sweeping) {
            if (entries.size() < MAX_ADDRESSES) {
                return true;
            }
            if (now < nextSweep && now >= nextSweep - SWEEP_EVERY_MILLIS) {
                return false;
            }
            nextSweep = now + SWEEP_EVERY_MILLIS;
            entries.values().removeIf(e -> {
                synchronized (e) {
                    return e.blockedUntil <= now && (now - e.windowStart >= windowMillis || now < e.windowStart);
                }
            });
            if (entries.size() >= MAX_ADDRESSES * 9L / 10) {
                entries.values().removeIf(e -> {
                    synchronized (e) {
                        return e.blockedUntil <= now;
                    }
                });
            }
            return entries.size() < MAX_ADDRESSES;
        }
    }

    /**
     * What failures are counted under: an IPv4 address as it is, an IPv6 address by its /64 prefix
     * ({@code 2001:db8:0:1::/64}); anything unexpected as it is (cut to {@value #MAX_KEY} characters).
     */
    static String key(String address) {
        if (address == null || address.isEmpty()) {
            return "unknown";
        }
        String a = address.length() > MAX_KEY ? address.substring(0, MAX_KEY) : address;
        if (a.indexOf(':') < 0 || a.indexOf('.') >= 0) {
            return a; // IPv4; or IPv4-mapped/embedded IPv6, kept whole so mapped IPv4 addresses stay apart
        }
        String s = a.toLowerCase(Locale.ROOT);
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        String[] halves = s.split("::", -1);
        if (halves.length > 2) {
            return a;
        }
        String[] head = halves[0].isEmpty() ? new String[0] : halves[0].split(":", -1);
        String[] tail = halves.length < 2 || halves[1].isEmpty() ? new String[0] : halves[1].split(":", -1);
        if (halves.length == 1 ? head.length != 8 : head.length + tail.length > 7) {
            return a;
        }
        int[] groups = new int[8];
        try {
            for (int i = 0; i < head.length; i++) {
                groups[i] = group(head[i]);
            }
            for (int i = 0; i < tail.length; i++) {
                groups[8 - tail.length + i] = group(tail[i]);
            }
        } catch (NumberFormatException e) {
            return a;
        }
        return String.format(Locale.ROOT, "%x:%x:%x:%x::/64", groups[0], groups[1], groups[2], groups[3]);
    }

    private static int group(String hex) {
        if (hex.isEmpty() || hex.length() > 4 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new NumberFormatException(hex);
        }
        return Integer.parseInt(hex, 16);
    }

    private static final class Entry {
        long windowStart;
        int failures;
        long blockedUntil;

        Entry(long now) {
            this.windowStart = now;
        }
    }
}
