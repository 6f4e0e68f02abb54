package org.entente.stream;

import java.util.ArrayDeque;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.entente.community.Caller;
import org.entente.intel.IntelDeleted;
import org.entente.intel.IntelStored;
import org.entente.intel.StoredVersion;
import org.entente.sharing.SharingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Fans notifications out to the open streams, never waiting for any of them: each subscriber has a
 * bounded queue, and one that falls too far behind is cut off (it gets a final {@code overflow} event
 * and can resume with {@code Last-Event-ID}) rather than slowing the others or growing memory. Each
 * notification's id is the clock in microseconds (or one more than the previous id, when two fall in the
 * same microsecond): ids keep growing, across restarts too, and the distance between two ids a subscriber
 * sees tells the time between them, not how many notifications others got meanwhile. The most recent
 * notifications are kept for resumption, bounded by count and bytes.
 *
 * <p>A notification enters a subscriber's queue only when it matches what the subscriber asked for and
 * the sharing policy lets the subscriber's caller (as last refreshed by its stream) see it: what a caller
 * may not see never counts toward its queue, so never toward an overflow. The policy is decided again on
 * the subscriber's own thread, for its current rights, just before writing (see {@link SseController}).
 * When a subject is relabelled or deleted, notifications about it are dropped from the replay buffer and
 * the queues: they were decided on the label they had when published.
 */
@Component
class StreamHub implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StreamHub.class);

    /** A notification with its stream id. */
    record Entry(long id, Notification notification) {
        long bytes() {
            return 64L + 2L * (notification.payloadJson().length() + notification.subjectId().length());
        }
    }

    /** A subscriber's view: what it asked for, what waits for it, and whether it must end. */
    static final class Subscriber {
        /** Wakes the subscriber's thread without a notification (overflow, shutdown). */
        static final Entry WAKE = new Entry(-1, null);

        final DeliveryFilter filter;
        final BlockingQueue<Entry> queue;
        volatile String endReason;
        /** Whom the queue is for, as last refreshed by the stream; null: no one (nothing is queued). */
        volatile Caller reader;

        /** The user the stream was opened for (null: nobody), for the per-user limit. */
        final org.entente.community.Ids.UserId owner;

        Subscriber(DeliveryFilter filter, Caller reader, int capacity) {
            this.filter = filter;
            this.reader = reader;
            this.owner = reader == null ? null : reader.user();
            this.queue = new ArrayBlockingQueue<>(capacity + 1); // + 1: room for WAKE after an overflow
        }

        void offer(Entry e, int capacity, SharingPolicy policy) {
            Caller r = reader;
            if (endReason != null || r == null || !filter.matches(e.notification())
                    || !policy.decide(r, e.notification().label()).allowed()) {
                return; // not asked for, or not the reader's to see: it does not count toward the queue either
            }
            if (queue.size() >= capacity || !queue.offer(e)) {
                end("overflow");
            }
        }

        void end(String reason) {
            if (endReason == null) {
                endReason = reason;
            }
            queue.clear();
            queue.offer(WAKE);
        }

        Entry poll(long millis) throws InterruptedException {
            return queue.poll(millis, TimeUnit.MILLISECONDS);
        }
    }

    /** What a new subscriber starts with: the replayable entries after its last id, and whether some were lost. */
    record Subscription(Subscriber subscriber, List<Entry> replay, boolean gap) {
    }

    private final StreamProperties properties;
    private final SharingPolicy policy;
    private final Object lock = new Object();
    private final ArrayDeque<Entry> recent = new ArrayDeque<>();
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private long recentBytes;
    /** The last id given out. */
    private long last = nowMicros();
    /** The id of the newest entry ever dropped from the replay buffer (0: none yet). */
    private long evictedUpTo;
    private volatile boolean running;

    StreamHub(StreamProperties properties, SharingPolicy policy) {
        this.properties = properties;
        this.policy = policy;
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(Notification n) {
        if (!DeliveryFilter.deliverable(n)) {
            log.warn("ignored a notification without a valid kind, subject, label or payload");
            return;
        }
        publish(n);
    }

    /** Adds a notification to the replay buffer and every matching subscriber's queue; returns its id. */
    long publish(Notification n) {
        int capacity = properties.queueSize();
        synchronized (lock) {
            last = Math.max(last + 1, nowMicros());
            Entry e = new Entry(last, n);
            if (properties.replaySize() > 0) {
                recent.addLast(e);
                recentBytes += e.bytes();
                while (recent.size() > properties.replaySize() || recentBytes > properties.replayBytes()) {
                    Entry old = recent.removeFirst();
                    recentBytes -= old.bytes();
                    evictedUpTo = old.id();
                }
            } else {
                evictedUpTo = e.id();
            }
            for (Subscriber s : subscribers) {
                s.offer(e, capacity, policy);
            }
            return e.id();
        }
    }

    /** A subject was relabelled: what was buffered about it was decided on its former label. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(IntelStored event) {
        if (event.relabel()) {
            forget(event.versions().stream().map(StoredVersion::id).toList());
        }
    }

    /** A subject was deleted: nothing about it is replayed or still delivered. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(IntelDeleted event) {
        forget(List.of(event.id()));
    }

    /**
     * Drops the notifications about these subjects (as their subject, or named in their payload) from
     * the replay buffer and from every queue. Not counted as evicted: no gap is reported for them.
     */
    void forget(Collection<String> subjectIds) {
        if (subjectIds.isEmpty()) {
            return;
        }
        Set<String> ids = Set.copyOf(subjectIds);
        synchronized (lock) {
            for (Iterator<Entry> it = recent.iterator(); it.hasNext(); ) {
                Entry e = it.next();
                if (about(e, ids)) {
                    it.remove();
                    recentBytes -= e.bytes();
                }
            }
            for (Subscriber s : subscribers) {
                s.queue.removeIf(e -> e != Subscriber.WAKE && about(e, ids));
            }
        }
    }

    private static boolean about(Entry e, Set<String> ids) {
        Notification n = e.notification();
        if (ids.contains(n.subjectId())) {
            return true;
        }
        for (String id : ids) {
            if (n.payloadJson().contains(id)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Registers a subscriber; with {@code lastEventId}, also the buffered entries after it (filtered by
     * the subscriber's filter; the caller filters them by policy), and whether entries after it were
     * dropped from the buffer already (a gap the client should know about).
     */
    /** A stream refused because its user, or this instance, holds as many as the settings allow. */
    static final class TooManyStreams extends RuntimeException {
        TooManyStreams(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Opens a subscription for {@code reader} (null: a caller whose credential no longer holds, who gets
     * nothing). Refused with {@link TooManyStreams} when the reader's user already holds
     * {@code max-per-user} streams or the instance {@code max-streams}.
     */
    Subscription subscribe(DeliveryFilter filter, Caller reader, Long lastEventId) {
        Subscriber s = new Subscriber(filter, reader, properties.queueSize());
        synchronized (lock) {
            if (subscribers.size() >= properties.maxStreams()) {
                throw new TooManyStreams("This node has " + properties.maxStreams() + " streams open, as many as it"
                        + " allows; retry later.");
            }
            if (reader != null && subscribers.stream().filter(o -> o.owner != null && o.owner.equals(reader.user())).count()
                    >= properties.maxPerUser()) {
                throw new TooManyStreams("You have " + properties.maxPerUser() + " streams open, as many as one user"
                        + " may; close one (a stream ends when its connection closes) and retry.");
            }
            List<Entry> replay = new ArrayList<>();
            boolean gap = false;
            if (lastEventId != null) {
                for (Entry e : recent) {
                    if (e.id() > lastEventId && filter.matches(e.notification())) {
                        replay.add(e);
                    }
                }
                gap = evictedUpTo > lastEventId;
            }
            if (!running) {
                s.end("shutdown");
            }
            subscribers.add(s);
            return new Subscription(s, replay, gap);
        }
    }

    void unsubscribe(Subscriber s) {
        subscribers.remove(s);
    }

    int subscriberCount() {
        return subscribers.size();
    }

    @Override
    public void start() {
        running = true;
    }

    /** Ends every stream before the web server drains its requests (graceful shutdown would wait for them). */
    @Override
    public void stop() {
        synchronized (lock) {
            running = false;
            subscribers.forEach(s -> s.end("shutdown"));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return DEFAULT_PHASE; // stops before the web server's graceful shutdown (a lower phase)
    }
}
