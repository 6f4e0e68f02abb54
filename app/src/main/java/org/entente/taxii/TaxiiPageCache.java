package org.entente.taxii;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.entente.community.Community;
import org.entente.intel.TaxiiQuery;
import org.entente.sharing.Visibility;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Rendered TAXII objects and manifest pages, so a repeated read does not reach PostgreSQL (see
 * docs/adr/0007-taxii-page-cache.md).
 *
 * <p>The key is everything a page is computed from: which endpoint renders it, the parsed query (the
 * collection's scope, every filter, the cursor and the page size, so parameter order and spelling do
 * not matter), and the caller's {@link Visibility} (the sharing rule the page's SQL is rendered from).
 * The stored state is the third input: each page carries the {@link #stamp} read before it was
 * loaded and is served only while the stamp still reads the same. Nothing here decides who may read
 * a page: the controller authenticates, authorises and resolves the collection first (401, 403 and 404
 * are answered before this cache is consulted), and the key's visibility keeps each audience to its
 * own pages.
 *
 * <p>Bounded by bytes (bodies plus a fixed estimate per entry), least recently used evicted first;
 * pages larger than an eighth of the budget are not kept. {@code maxBytes = 0} turns it off.
 */
@Component
public class TaxiiPageCache {

    /** What a page is computed from, besides the store's state. */
    public record Key(boolean manifest, TaxiiQuery query, Visibility visibility) {
    }

    /** A rendered page: the body, its X-TAXII-Date-Added-First/Last (null when empty) and its ETag. */
    public record Page(byte[] body, String first, String last, String etag, long stamp, long loadedAt) {
    }

    /** Key, entry and map overhead, roughly; bodies dominate (a limit=100 objects page is about 130 kB). */
    private static final long ENTRY_OVERHEAD = 1_024;

    private final long maxBytes;
    private final long maxEntryBytes;
    private final long ttlNanos;
    private final org.entente.intel.StixStore store;
    private final Community community;
    private final org.entente.node.Cluster cluster;
    private final LinkedHashMap<Key, Page> pages = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    TaxiiPageCache(@Value("${entente.taxii.page-cache.max-bytes:67108864}") long maxBytes,
                   @Value("${entente.taxii.page-cache.ttl:60s}") java.time.Duration ttl,
                   org.entente.intel.StixStore store, Community community, org.entente.node.Cluster cluster) {
        this.maxBytes = Math.max(0, maxBytes);
        this.maxEntryBytes = this.maxBytes / 8;
        // Only a backstop: every change to stix_object announces itself (this instance's at once, all
        // of them through the V59 trigger's NOTIFY), pages are never served while the listener that
        // receives those notices is down (see get), and a caller's rights changes change the key.
        this.ttlNanos = ttl.toNanos();
        this.store = store;
        this.community = community;
        this.cluster = cluster;
    }

    /**
     * Read before loading a page: the stored objects' and the community's generations. Both only grow,
     * so the sum moves whenever either does (a write, relabel or delete anywhere in the cluster; a change
     * of tier, ceiling, membership, role or user).
     */
    public long stamp() {
        return store.generation() + community.generation();
    }

    public boolean enabled() {
        return maxBytes > 0;
    }

    /** The page for {@code key} if it was loaded at {@code stamp} (the current one) and within the TTL; else null. */
    public Page get(Key key, long stamp) {
        if (!enabled()) {
            return null;
        }
        if (cluster != null && !cluster.listening()) {
            // Other instances' changes would go unheard (a reconnect drops everything, Cluster.onGap):
            // answer from the store until the listener is back.
            misses.increment();
            return null;
        }
        Page p;
        synchronized (pages) {
            p = pages.get(key);
        }
        if (p == null || p.stamp() != stamp || System.nanoTime() - p.loadedAt() > ttlNanos) {
            misses.increment();
            return null;
        }
        hits.increment();
        return p;
    }

    /** Whether a body of this size would be kept. */
    public boolean keeps(long bodyBytes) {
        return enabled() && bodyBytes + ENTRY_OVERHEAD <= maxEntryBytes;
    }

    public void put(Key key, Page page) {
        long size = page.body().length + ENTRY_OVERHEAD;
        if (!keeps(page.body().length)) {
            return;
        }
        synchronized (pages) {
            Page old = pages.put(key, page);
            bytes += size - (old == null ? 0 : old.body().length + ENTRY_OVERHEAD);
            var eldest = pages.entrySet().iterator();
            while (bytes > maxBytes && eldest.hasNext()) {
                Map.Entry<Key, Page> e = eldest.next();
                bytes -= e.getValue().body().length + ENTRY_OVERHEAD;
                eldest.remove();
            }
        }
    }

    /** Bytes held (bodies plus the per-entry estimate). */
    public long bytes() {
        synchronized (pages) {
            return bytes;
        }
    }

    /** Requests answered from a kept page, since start. */
    public long hits() {
        return hits.sum();
    }

    /** Lookups that found no current page (absent, older than the stamp, or past the TTL), since start. */
    public long misses() {
        return misses.sum();
    }

    public int size() {
        synchronized (pages) {
            return pages.size();
        }
    }
}
