package org.entente.operations.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per caller, in memory: {@code burst} tokens, refilled at {@code rate} per second.
 * A request takes one token or is refused with the time until the next one. Buckets of callers idle
 * long enough to be full again carry no information and are dropped when the map grows, so a flood of
 * distinct keys (e.g. many source addresses) cannot grow memory without bound.
 */
final class TokenBuckets {

    static final int MAX_KEYS = 100_000;

    private final double rate;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    TokenBuckets(double rate, int burst, LongSupplier nanoClock) {
        this.rate = rate;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    /** 0 when the request may go ahead, else the nanoseconds until it could. */
    long take(String key) {
        if (buckets.size() >= MAX_KEYS) {
            evictFull();
        }
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, nanoClock.getAsLong()));
        synchronized (b) {
            long now = nanoClock.getAsLong();
            b.refill(now, rate, burst);
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - b.tokens) / rate * 1e9);
        }
    }

    int size() {
        return buckets.size();
    }

    private void evictFull() {
        long now = nanoClock.getAsLong();
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                e.getValue().refill(now, rate, burst);
                return e.getValue().tokens >= burst;
            }
        });
        if (buckets.size() >= MAX_KEYS) {
            buckets.clear(); // all busy: forgetting gives each a full bucket once, better than unbounded memory
        }
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }

        void refill(long now, double rate, double burst) {
            tokens = Math.min(burst, tokens + (now - at) / 1e9 * rate);
            at = now;
        }
    }
}
