package org.entente.correlation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

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
 * indicator ids) plus, per indicator, what verification and answers need (parsed pattern, name,
 * label, expiry). "Current" is the latest version, {@code pattern_type} stix (or absent), not revoked,
 * {@code valid_until} in the future.
 *
 * <p>Loaded from PostgreSQL in the background once the node is ready (readiness does not wait; the
 * state says how far it got), then kept up to date by {@link IntelStored} / {@link IntelDeleted}, and
 * by a sweep that drops indicators as their {@code valid_until} passes. Matching also checks expiry,
 * so an expired indicator never matches between sweeps.
 */
@Component
class IndicatorCatalog {

    private static final Logger log = LoggerFactory.getLogger(IndicatorCatalog.class);

    /** What is kept per indicator. */
    record Entry(StixId id, String version, Optional<String> name, String patternText, Pattern pattern,
                 SharingLabel label, Optional<Instant> validUntil) {

        boolean expiredAt(Instant now) {
            return validUntil.isPresent() && !validUntil.get().isAfter(now);
        }
    }

    enum State { LOADING, READY, FAILED }

    /** For the status endpoint and the observations answer. */
    record Status(State state, int indicators, long loaded, long unparsable, Map<String, String> unparsableExamples) {
    }

    private final StixStore store;
    private final IndicatorIndex index;
    private final Map<StixId, Entry> entries = new ConcurrentHashMap<>();
    /**
     * The latest version seen of indicators that are not current (revoked, expired, not STIX, no
     * pattern): an older version arriving later (or a relabel's rows in any order) must not bring them back.
     */
    private final Map<StixId, String> retired = new ConcurrentHashMap<>();
    /** Indicators whose latest pattern does not parse: id to the parser's message (bounded). */
    private final Map<String, String> unparsable = new ConcurrentHashMap<>();
    /** Every indicator whose latest version's pattern does not parse (ids only). */
    private final Set<StixId> unparsableIds = ConcurrentHashMap.newKeySet();
    private final AtomicLong unparsableLogged = new AtomicLong();
    private final AtomicLong loaded = new AtomicLong();
    private final AtomicReference<State> state = new AtomicReference<>(State.LOADING);
    /** Ids an event changed while the initial load ran: the event is fresher than what the load read. */
    private final Set<StixId> touchedWhileLoading = ConcurrentHashMap.newKeySet();
    /** Writers change the entries and the index together; readers use both without it. */
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("indicator-expiry").factory());
    private final Duration sweepEvery = Duration.ofSeconds(Long.getLong("entente.correlation.sweep-seconds", 30));

    IndicatorCatalog(StixStore store, WarninglistRegistry warninglists) {
        this.store = store;
        this.index = warninglists.newIndex();
    }

    @EventListener(ApplicationReadyEvent.class)
    void startLoading() {
        Thread.ofVirtual().name("indicator-catalog-load").start(this::load);
        sweeper.scheduleWithFixedDelay(this::sweep, sweepEvery.toMillis(), sweepEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        sweeper.shutdownNow();
    }

    void load() {
        long started = System.nanoTime();
        log.info("indicator catalog: loading current indicators from the store");
        try {
            store.latestIndicators(v -> {
                StixId id = StixId.parse(v.id());
                if (!touchedWhileLoading.contains(id)) {
                    apply(v, false);
                }
                long n = loaded.incrementAndGet();
                if (n % 50_000 == 0) {
                    log.info("indicator catalog: {} indicators read, {} current", n, entries.size());
                }
            });
            state.set(State.READY);
            log.info("indicator catalog: ready, {} current indicators of {} read ({} patterns do not parse) in {} ms",
                    entries.size(), loaded.get(), unparsableIds.size(), (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            state.set(State.FAILED);
            log.error("indicator catalog: loading failed; correlation matches only indicators stored since start", e);
        } finally {
            touchedWhileLoading.clear();
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void stored(IntelStored event) {
        for (StoredVersion v : event.versions()) {
            if ("indicator".equals(v.type())) {
                apply(v, true);
            }
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void deleted(IntelDeleted event) {
        if (!"indicator".equals(event.type())) {
            return;
        }
        StixId id = StixId.parse(event.id());
        touch(id);
        remove(id);
        retired.remove(id);
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
        if (fromEvent) {
            touch(id);
        }
        lock.writeLock().lock();
        try {
            Entry current = entries.get(id);
            String retiredAt = retired.get(id);
            if (current != null && current.version().compareTo(v.version()) > 0
                    || retiredAt != null && retiredAt.compareTo(v.version()) > 0) {
                return; // an older version arriving late is not current
            }
            boolean stix = v.patternType().map("stix"::equals).orElse(true);
            if (v.revoked() || !stix || v.pattern().isEmpty()
                    || v.validUntil().isPresent() && !v.validUntil().get().isAfter(Instant.now())) {
                removeLocked(id);
                unparsableIds.remove(id);
                unparsable.remove(v.id());
                retired.put(id, v.version());
                return;
            }
            retired.remove(id);
            Pattern pattern;
            try {
                pattern = PatternParser.parse(v.pattern().get());
            } catch (Exception e) { // InvalidPatternException, or anything else a malformed pattern provokes
                removeLocked(id);
                retired.put(id, v.version());
                unparsableIds.add(id);
                long n = unparsableLogged.incrementAndGet();
                if (unparsable.size() < 100) {
                    unparsable.put(v.id(), String.valueOf(e.getMessage()));
                }
                if (n <= 20) {
                    log.warn("indicator {} ({}): pattern does not parse, not matched: {}", v.id(), v.version(), e.getMessage());
                } else {
                    log.debug("indicator {} ({}): pattern does not parse, not matched: {}", v.id(), v.version(), e.getMessage());
                }
                return;
            }
            unparsable.remove(v.id());
            unparsableIds.remove(id);
            index.put(id, pattern);
            entries.put(id, new Entry(id, v.version(), v.name(), v.pattern().get(), pattern, v.label(), v.validUntil()));
        } finally {
            lock.writeLock().unlock();
        }
    }

    void remove(StixId id) {
        lock.writeLock().lock();
        try {
            removeLocked(id);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void removeLocked(StixId id) {
        if (entries.remove(id) != null) {
            index.remove(id);
        }
    }

    /** Drops every indicator whose valid_until has passed. */
    void sweep() {
        try {
            Instant now = Instant.now();
            List<StixId> expired = new ArrayList<>();
            entries.values().forEach(e -> {
                if (e.expiredAt(now)) {
                    expired.add(e.id());
                }
            });
            if (!expired.isEmpty()) {
                for (StixId id : expired) {
                    lock.writeLock().lock();
                    try {
                        Entry e = entries.get(id);
                        if (e != null && e.expiredAt(now)) {
                            removeLocked(id);
                            retired.put(id, e.version());
                        }
                    } finally {
                        lock.writeLock().unlock();
                    }
                }
                log.info("indicator catalog: {} indicators expired (valid_until passed)", expired.size());
            }
        } catch (RuntimeException e) {
            log.error("indicator catalog: expiry sweep failed", e);
        }
    }

    /** The index's candidates for one observation (the index is thread-safe; lookups never block). */
    Candidates candidates(org.entente.stix.pattern.Observation observation) {
        return index.candidates(observation);
    }

    Optional<Entry> entry(StixId id) {
        return Optional.ofNullable(entries.get(id));
    }

    Status status() {
        return new Status(state.get(), entries.size(), loaded.get(), unparsableIds.size(), Map.copyOf(unparsable));
    }
}
