package org.entente.federation.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * The signature work of a feed page (signing on the origin, verifying on the receiver) spread over the
 * machine's cores: it is pure computation, one Ed25519 operation and one RFC 8785 form per entry. One
 * fixed pool of daemon threads, as many as cores, shared by every peer's pull and every feed request, so
 * that several pages at once never use more than the machine has.
 */
final class Parallel {

    private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS,
            Thread.ofPlatform().daemon().name("federation-crypto-", 0).factory());
    /** Below this, splitting costs more than it saves. */
    private static final int MIN_CHUNK = 32;

    private Parallel() {
    }

    /** Runs {@code work} for 0 … n-1, in chunks on the pool (the calling thread takes one), and waits for all. */
    static void forEach(int n, IntConsumer work) {
        int chunks = Math.min(THREADS, Math.max(1, n / MIN_CHUNK));
        if (chunks <= 1) {
            for (int i = 0; i < n; i++) {
                work.accept(i);
            }
            return;
        }
        int size = (n + chunks - 1) / chunks;
        List<Future<?>> pending = new ArrayList<>(chunks - 1);
        for (int c = 1; c < chunks; c++) {
            int from = c * size, to = Math.min(n, from + size);
            pending.add(POOL.submit(() -> {
                for (int i = from; i < to; i++) {
                    work.accept(i);
                }
            }));
        }
        for (int i = 0; i < Math.min(n, size); i++) {
            work.accept(i);
        }
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                pending.forEach(p -> p.cancel(true));
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
