package org.entente.correlation;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

import org.entente.correlation.index.Candidates;
import org.entente.correlation.index.IndicatorIndex;
import org.entente.intel.IntelDeleted;
import org.entente.intel.IntelStored;
import org.entente.intel.StixStore;
import org.entente.intel.StoredVersion;
import org.entente.sharing.SharingLabel;
import org.entente.stix.StixId;
import org.entente.stix.pattern.Pattern;
import org.entente.stix.pattern.PatternParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import jakarta.annotation.PreDestroy;

/**
 * Every current indicator of the store, ready for matching: the {@link IndicatorIndex} (values to
 * indicator ids) plus, per indicator, only what deciding on a candidate needs: its version, its label
 * and its expiry, in a {@link CatalogTable} (32 bytes a slot, no object per indicator). Labels are
 * interned in a small table (few distinct labels) and named by ordinal. "Current" is the latest
 * version, {@code pattern_type} stix (or absent), not revoked, {@code valid_until} in the future.
 *
 * <p>Patterns and names are not kept: the candidates a submission needs them for (to verify, or to
 * answer and alert) are read from PostgreSQL in one query per submission by exact version
 * ({@link #bodies}), through a small LRU of parsed patterns (the residue is in every submission's
 * candidates, so it stays hot there).
 *
 * <p>Loaded from PostgreSQL in the background once the node is ready (readiness does not wait; the
 * state says how far it got), then kept up to date by {@link IntelStored} / {@link IntelDeleted}, and
 * by a sweep that drops indicators as their {@code valid_until} passes. Matching also checks expiry,
 * so an expired indicator never matches between sweeps.
 */
@Component
class IndicatorCatalog {

    private static final Logger log = LoggerFactory.getLogger(IndicatorCatalog.class);

    /** A version key that does not fit in epoch nanoseconds (before 1677 or after 2262): kept as text aside. */
    private static final long WIDE = Long.MIN_VALUE;
    private static final DateTimeFormatter VERSION_KEY =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** A current indicator as the catalog holds it (built on demand, never stored). */
    record Current(StixId id, long version, SharingLabel label, long validUntilMillis) {

        boolean expiredAt(Instant now) {
            return validUntilMillis != 0 && validUntilMillis <= now.toEpochMilli();
        }
    }

    /** What verification and answers need of a current indicator, read from the store on demand. */
    record Body(Optional<String> name, String pattern, Pattern parsed) {
    }

    enum State { LOADING, READY, FAILED }

    /** Node-wide, for logs and tests only: never disclosed as such (see {@link #counts}). */
    record Status(State state, int loadedPercent, int indicators, int unparsable, Map<String, String> unparsableExamples) {
    }

    /** What one reader may know: the load state and the indicators whose label the reader may read. */
    record Counts(State state, int loadedPercent, long indicators, long unparsable) {
    }

    private final StixStore store;
    private final IndicatorIndex index;
    /** Per indicator id: version, state (current, retired, unparsable), label ordinal, expiry. */
    private final CatalogTable table = new CatalogTable();
    /** Versions that do not fit {@link #versionBits} (none in practice). */
    private final Map<StixId, String> wideVersions = new ConcurrentHashMap<>();
    /** Distinct labels: ordinal to label, label to ordinal; per ordinal, current and unparsable counts. */
    private volatile SharingLabel[] labels = new SharingLabel[8];
    private final Map<SharingLabel, Integer> labelIds = new HashMap<>();
    private int[] currentByLabel = new int[8];
    private int[] unparsableByLabel = new int[8];
    private int currentCount;
    private int unparsableCount;
    /** Some indicators whose latest pattern does not parse: id to the parser's message (at most 100). */
    private final Map<String, String> unparsableExamples = new ConcurrentHashMap<>();
    private final AtomicLong unparsableLogged = new AtomicLong();
    private final AtomicLong loaded = new AtomicLong();
    private volatile long toLoad;
    private final AtomicReference<State> state = new AtomicReference<>(State.LOADING);
    /** Ids an event changed while the initial load ran: the event is fresher than what the load read. */
    private final Set<StixId> touchedWhileLoading = ConcurrentHashMap.newKeySet();
    /** Writers change the table and the index together; readers of the table take the read lock. */
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** Recently used bodies, by id (the version is checked on use). */
    private final Map<StixId, Cached> bodyCache;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("indicator-expiry").factory());
    private final Duration sweepEvery = Duration.ofSeconds(Long.getLong("entente.correlation.sweep-seconds", 30));

    private record Cached(long version, Body body) {
    }

    /** Cluster topic: these indicators changed on another instance (ids, comma-separated): re-read them. */
    static final String CHANGED = "indicators-changed";

    private final org.entente.node.Cluster cluster;
    /** Announces changes off the store's writer thread, in commit order. */
    private final java.util.concurrent.ExecutorService announcer = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("indicator-announcer").factory());
    private volatile boolean connectedOnce;

    IndicatorCatalog(StixStore store, WarninglistRegistry warninglists, org.entente.node.Cluster cluster) {
        this.store = store;
        this.cluster = cluster;
        // Other instances store, relabel and delete indicators too: each tells the others which ids
        // changed (after its commit), and they re-read those ids' latest versions.
        cluster.subscribe(CHANGED, m -> {
            if (!m.fromHere() && !m.body().isEmpty()) {
                refresh(List.of(m.body().split(",")));
            }
        });
        cluster.onGap(() -> {
            if (connectedOnce) { // announcements were missed while the listener was away: read everything again
                Thread.ofVirtual().name("indicator-catalog-reconcile").start(this::reconcile);
            }
            connectedOnce = true;
        });
        this.index = warninglists.newIndex();
        int cacheSize = Integer.getInteger("entente.correlation.pattern-cache", 4096);
        this.bodyCache = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<StixId, Cached> eldest) {
                return size() > cacheSize;
            }
        };
    }

    @EventListener(ApplicationReadyEvent.class)
    void startLoading() {
        Thread.ofVirtual().name("indicator-catalog-load").start(this::load);
        sweeper.scheduleWithFixedDelay(this::sweep, sweepEvery.toMillis(), sweepEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        sweeper.shutdownNow();
        announcer.shutdown();
    }

    /** Tells the other instances which indicators this instance changed (chunked under the NOTIFY limit). */
    private void announce(List<String> ids) {
        if (ids.isEmpty() || announcer.isShutdown()) {
            return;
        }
        try {
            announcer.execute(() -> {
                StringBuilder body = new StringBuilder();
                try {
                    for (String id : ids) {
                        if (body.length() + id.length() + 1 > org.entente.node.Cluster.MAX_BODY - 100) {
                            cluster.publish(CHANGED, body.toString());
                            body.setLength(0);
                        }
                        body.append(body.isEmpty() ? "" : ",").append(id);
                    }
                    if (!body.isEmpty()) {
                        cluster.publish(CHANGED, body.toString());
                    }
                } catch (RuntimeException e) {
                    log.warn("indicator catalog: other instances not told of {} changed indicators: {}", ids.size(), e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("shutting down: {} changed indicators not announced", ids.size());
        }
    }

    /**
     * Re-reads these indicators' latest versions (another instance stored, relabelled or deleted them)
     * and replaces what the catalog holds of them; an id with no version left is removed.
     */
    void refresh(List<String> ids) {
        Map<String, StoredVersion> latest = new HashMap<>();
        store.latestIndicators(ids, v -> latest.put(v.id(), v));
        for (String raw : ids) {
            StixId id;
            try {
                id = StixId.parse(raw);
            } catch (RuntimeException e) {
                continue;
            }
            StoredVersion v = latest.get(raw);
            touch(id);
            lock.writeLock().lock();
            try {
                int slot = table.find(id.uuid());
                // A deletion can make an older version the latest again: drop what is held, then apply.
                if (slot >= 0 && (v == null || compareVersions(id, table.version(slot), v.version(), versionBits(v.version())) > 0)) {
                    leave(id, table.meta(slot), false);
                    table.remove(id.uuid());
                    wideVersions.remove(id);
                }
            } finally {
                lock.writeLock().unlock();
            }
            if (v != null) {
                apply(v, true);
            }
        }
    }

    /** After missed announcements: every latest indicator again (what was deleted meanwhile stays until a restart; see ADR 0008). */
    private void reconcile() {
        try {
            store.latestIndicators(v -> apply(v, false));
            log.info("indicator catalog: reconciled with the store after a cluster listener gap");
        } catch (RuntimeException e) {
            log.warn("indicator catalog: reconcile failed: {}", e.toString());
        }
    }

    void load() {
        long started = System.nanoTime();
        log.info("indicator catalog: loading current indicators from the store");
        try {
            try {
                toLoad = store.indicatorIds();
            } catch (RuntimeException e) {
                log.warn("indicator catalog: could not count the indicators to load (progress unknown): {}", e.toString());
            }
            store.latestIndicators(v -> {
                StixId id = StixId.parse(v.id());
                if (!touchedWhileLoading.contains(id)) {
                    apply(v, false);
                }
                long n = loaded.incrementAndGet();
                if (n % 100_000 == 0) {
                    log.info("indicator catalog: {} indicators read, {} current", n, currentCount);
                }
            });
            state.set(State.READY);
            log.info("indicator catalog: ready, {} current indicators of {} read ({} patterns do not parse) in {} ms",
                    currentCount, loaded.get(), unparsableCount, (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            state.set(State.FAILED);
            log.error("indicator catalog: loading failed; correlation matches only indicators stored since start", e);
        } finally {
            touchedWhileLoading.clear();
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void stored(IntelStored event) {
        List<String> changed = new ArrayList<>();
        for (StoredVersion v : event.versions()) {
            if ("indicator".equals(v.type())) {
                apply(v, true);
                changed.add(v.id());
            }
        }
        announce(changed);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void deleted(IntelDeleted event) {
        if (!"indicator".equals(event.type())) {
            return;
        }
        StixId id = StixId.parse(event.id());
        announce(List.of(event.id()));
        touch(id);
        lock.writeLock().lock();
        try {
            int slot = table.find(id.uuid());
            if (slot >= 0) {
                leave(id, table.meta(slot), false);
                table.remove(id.uuid());
                wideVersions.remove(id);
            }
        } finally {
            lock.writeLock().unlock();
        }
        // An older version may have become the latest again.
        store.latestIndicator(id).ifPresent(v -> apply(v, true));
    }

    private void touch(StixId id) {
        if (state.get() == State.LOADING) {
            touchedWhileLoading.add(id);
        }
    }

    /** A new version replaces the current one; a revoked, expired, non-STIX or unparsable one removes it. */
    void apply(StoredVersion v, boolean fromEvent) {
        StixId id = StixId.parse(v.id());
        if (!"indicator".equals(id.type())) {
            return;
        }
        if (fromEvent) {
            touch(id);
        }
        boolean stix = v.patternType().map("stix"::equals).orElse(true);
        boolean current = !v.revoked() && stix && v.pattern().isPresent()
                && (v.validUntil().isEmpty() || v.validUntil().get().isAfter(Instant.now()));
        Pattern pattern = null;
        String error = null;
        if (current) {
            try {
                pattern = PatternParser.parse(v.pattern().get());
            } catch (Exception e) { // InvalidPatternException, or anything else a malformed pattern provokes
                error = String.valueOf(e.getMessage());
            }
        }
        long version = versionBits(v.version());
        lock.writeLock().lock();
        try {
            int slot = table.find(id.uuid());
            if (slot >= 0 && compareVersions(id, table.version(slot), v.version(), version) > 0) {
                return; // an older version arriving late is not current
            }
            if (slot >= 0) {
                // A current indicator staying current is replaced in the index by put, not removed first.
                leave(id, table.meta(slot), current && pattern != null);
            }
            if (version == WIDE) {
                wideVersions.put(id, v.version());
            } else if (!wideVersions.isEmpty()) {
                wideVersions.remove(id);
            }
            if (!current) {
                table.put(id.uuid(), version, CatalogTable.meta(CatalogTable.RETIRED, 0, 0));
                unparsableExamples.remove(v.id());
                return;
            }
            int label = labelId(v.label());
            if (pattern == null) {
                table.put(id.uuid(), version, CatalogTable.meta(CatalogTable.UNPARSABLE, label, 0));
                unparsableByLabel[label]++;
                unparsableCount++;
                if (unparsableExamples.size() < 100) {
                    unparsableExamples.put(v.id(), error);
                }
                long n = unparsableLogged.incrementAndGet();
                if (n <= 20) {
                    log.warn("indicator {} ({}): pattern does not parse, not matched: {}", v.id(), v.version(), error);
                } else {
                    log.debug("indicator {} ({}): pattern does not parse, not matched: {}", v.id(), v.version(), error);
                }
                return;
            }
            unparsableExamples.remove(v.id());
            index.put(id, pattern);
            table.put(id.uuid(), version, CatalogTable.meta(CatalogTable.CURRENT, label, validUntilMillis(v.validUntil())));
            currentByLabel[label]++;
            currentCount++;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Undoes what an id's state adds to the index and the counts (the caller then replaces or removes it). */
    private void leave(StixId id, long meta, boolean staysIndexed) {
        int label = CatalogTable.label(meta);
        switch (CatalogTable.state(meta)) {
            case CatalogTable.CURRENT -> {
                if (!staysIndexed) {
                    index.remove(id);
                }
                currentByLabel[label]--;
                currentCount--;
            }
            case CatalogTable.UNPARSABLE -> {
                unparsableByLabel[label]--;
                unparsableCount--;
            }
            default -> {
            }
        }
    }

    private int labelId(SharingLabel label) {
        Integer known = labelIds.get(label);
        if (known != null) {
            return known;
        }
        int n = labelIds.size();
        if (n >= CatalogTable.MAX_LABELS) {
            throw new IllegalStateException("more than " + CatalogTable.MAX_LABELS + " distinct sharing labels on indicators");
        }
        if (n == labels.length) {
            labels = java.util.Arrays.copyOf(labels, n * 2);
            currentByLabel = java.util.Arrays.copyOf(currentByLabel, n * 2);
            unparsableByLabel = java.util.Arrays.copyOf(unparsableByLabel, n * 2);
        }
        SharingLabel[] l = labels;
        l[n] = label;
        labels = l; // publish
        labelIds.put(label, n);
        return n;
    }

    /** Epoch milliseconds rounded up (so the indicator never matches past its instant), 0 for none. */
    private static long validUntilMillis(Optional<Instant> validUntil) {
        if (validUntil.isEmpty()) {
            return 0;
        }
        Instant t = validUntil.get();
        long ms;
        try {
            ms = Math.addExact(t.toEpochMilli(), t.getNano() % 1_000_000 == 0 ? 0 : 1);
        } catch (ArithmeticException e) {
            return 0;
        }
        return ms > CatalogTable.MAX_VALID_UNTIL ? 0 : Math.max(1, ms);
    }

    /** The version key as epoch nanoseconds (the key is the instant, fixed-width), or {@link #WIDE}. */
    static long versionBits(String key) {
        try {
            Instant t = Instant.parse(key);
            long bits = Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
            return bits == WIDE ? WIDE : bits;
        } catch (RuntimeException e) {
            return WIDE;
        }
    }

    /** The version key of a current indicator, as the store has it. */
    String versionKey(StixId id, long bits) {
        if (bits == WIDE) {
            String key = wideVersions.get(id);
            return key == null ? "" : key;
        }
        return versionKey(bits);
    }

    /** The version key {@code bits} (not {@link #WIDE}) encodes. */
    static String versionKey(long bits) {
        return VERSION_KEY.format(Instant.ofEpochSecond(Math.floorDiv(bits, 1_000_000_000L), Math.floorMod(bits, 1_000_000_000L)));
    }

    private int compareVersions(StixId id, long stored, String incomingKey, long incoming) {
        if (stored != WIDE && incoming != WIDE) {
            return Long.compare(stored, incoming);
        }
        return versionKey(id, stored).compareTo(incomingKey);
    }

    /** Drops every indicator whose valid_until has passed. */
    void sweep() {
        try {
            long now = Instant.now().toEpochMilli();
            List<UUID> expired = new ArrayList<>();
            lock.readLock().lock();
            try {
                table.forEach(m -> expired(m, now), slot -> expired.add(table.id(slot)));
            } finally {
                lock.readLock().unlock();
            }
            for (UUID uuid : expired) {
                lock.writeLock().lock();
                try {
                    int slot = table.find(uuid);
                    if (slot >= 0 && expired(table.meta(slot), now)) {
                        leave(new StixId("indicator", uuid), table.meta(slot), false);
                        table.put(uuid, table.version(slot), CatalogTable.meta(CatalogTable.RETIRED, 0, 0));
                    }
                } finally {
                    lock.writeLock().unlock();
                }
            }
            if (!expired.isEmpty()) {
                log.info("indicator catalog: {} indicators expired (valid_until passed)", expired.size());
            }
        } catch (RuntimeException e) {
            log.error("indicator catalog: expiry sweep failed", e);
        }
    }

    private static boolean expired(long meta, long nowMillis) {
        long until = CatalogTable.validUntil(meta);
        return CatalogTable.state(meta) == CatalogTable.CURRENT && until != 0 && until <= nowMillis;
    }

    /** The index's candidates for one observation (the index is thread-safe; lookups never block). */
    Candidates candidates(org.entente.stix.pattern.Observation observation) {
        return index.candidates(observation);
    }

    /**
     * The index's candidates for each observation of a submission, in its order: as one call per observation,
     * with the values of consecutive observations looked up together (their memory reads overlap).
     */
    List<Candidates> candidates(List<org.entente.stix.pattern.Observation> observations) {
        return index.candidates(observations);
    }

    /** The indicator, if it is current (expiry is the caller's to check: see {@link Current#expiredAt}). */
    Optional<Current> entry(StixId id) {
        if (!"indicator".equals(id.type())) {
            return Optional.empty();
        }
        lock.readLock().lock();
        try {
            int slot = table.find(id.uuid());
            if (slot < 0) {
                return Optional.empty();
            }
            long meta = table.meta(slot);
            if (CatalogTable.state(meta) != CatalogTable.CURRENT) {
                return Optional.empty();
            }
            return Optional.of(new Current(id, table.version(slot), labels[CatalogTable.label(meta)],
                    CatalogTable.validUntil(meta)));
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The name and pattern of each indicator at the catalog's version, from the cache or the store (one
     * query for all that are not cached). An indicator whose version is no longer stored is absent.
     */
    Map<StixId, Body> bodies(Collection<Current> indicators) {
        Map<StixId, Body> out = new HashMap<>();
        Map<StixId, String> missing = new HashMap<>();
        Map<StixId, Long> wanted = new HashMap<>();
        synchronized (bodyCache) {
            for (Current c : indicators) {
                Cached cached = bodyCache.get(c.id());
                if (cached != null && cached.version() == c.version()) {
                    out.put(c.id(), cached.body());
                } else {
                    missing.put(c.id(), versionKey(c.id(), c.version()));
                    wanted.put(c.id(), c.version());
                }
            }
        }
        if (missing.isEmpty()) {
            return out;
        }
        for (StixStore.IndicatorText t : store.indicatorTexts(missing)) {
            StixId id = StixId.parse(t.id());
            if (t.pattern().isEmpty() || !t.version().equals(missing.get(id))) {
                continue;
            }
            Body body;
            try {
                body = new Body(t.name(), t.pattern().get(), PatternParser.parse(t.pattern().get()));
            } catch (Exception e) {
                continue; // it parsed when it was indexed; a version cannot change
            }
            out.put(id, body);
            synchronized (bodyCache) {
                bodyCache.put(id, new Cached(wanted.get(id), body));
            }
        }
        return out;
    }

    State state() {
        return state.get();
    }

    private int loadedPercent() {
        State s = state.get();
        if (s != State.LOADING) {
            return 100;
        }
        long total = toLoad;
        return total <= 0 ? 0 : (int) Math.min(99, loaded.get() * 100 / total);
    }

    /** The counts {@code readable} labels add up to: what one reader may know of the catalog. */
    Counts counts(Predicate<SharingLabel> readable) {
        SharingLabel[] l;
        int[] current;
        int[] broken;
        lock.readLock().lock();
        try {
            l = labels;
            current = currentByLabel.clone();
            broken = unparsableByLabel.clone();
        } finally {
            lock.readLock().unlock();
        }
        long indicators = 0;
        long unparsable = 0;
        for (int i = 0; i < l.length && l[i] != null; i++) {
            if ((current[i] != 0 || broken[i] != 0) && readable.test(l[i])) {
                indicators += current[i];
                unparsable += broken[i];
            }
        }
        return new Counts(state.get(), loadedPercent(), indicators, unparsable);
    }

    Status status() {
        lock.readLock().lock();
        try {
            return new Status(state.get(), loadedPercent(), currentCount, unparsableCount, Map.copyOf(unparsableExamples));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Heap of the per-id table (not the index, not the label table), in bytes. */
    long approximateHeapBytes() {
        lock.readLock().lock();
        try {
            return table.heapBytes();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Heap of the index, in bytes. */
    long indexHeapBytes() {
        return index.approximateHeapBytes();
    }
}
