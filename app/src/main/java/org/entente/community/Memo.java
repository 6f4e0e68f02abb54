package org.entente.community;

import java.util.function.Supplier;

/**
 * One cached value, current while its {@link Generation} has not moved since it was loaded and for at
 * most {@code ttlNanos} (a backstop for rows changed outside this node's code, e.g. by hand in psql).
 */
final class Memo<T> {

    private record Entry<T>(T value, long generation, long loadedAt) {
    }

    private final Generation generation;
    private final long ttlNanos;
    private volatile Entry<T> entry;

    Memo(Generation generation, long ttlNanos) {
        this.generation = generation;
        this.ttlNanos = ttlNanos;
    }

    T get(Supplier<T> loader) {
        long g = generation.current(); // read before loading: a change after this leaves the value stale
        long now = System.nanoTime();
        Entry<T> e = entry;
        if (e != null && e.generation() == g && now - e.loadedAt() < ttlNanos) {
            return e.value();
        }
        T value = loader.get();
        entry = new Entry<>(value, g, now);
        return value;
    }
}
