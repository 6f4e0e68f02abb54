package org.entente.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Fans notifications out to the open streams, never waiting for any of them: each subscriber has a
 * bounded queue, and one that falls too far behind is cut off (it gets a final {@code overflow} event
 * and can resume with {@code Last-Event-ID}) rather than slowing the others or growing memory. Each
 * notification gets the next id of a sequence that starts from the clock at boot (so ids keep growing
 * across restarts), and the most recent ones are kept for resumption, bounded by count and bytes.
 *
 * <p>The hub filters only by what subscribers asked for; the sharing policy is decided on each
 * subscriber's own thread, for its current rights, just before writing (see {@link SseController}).
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

        Subscriber(DeliveryFilter filter, int capacity) {
            this.filter = filter;
            this.queue = new ArrayBlockingQueue<>(capacity + 1); // + 1: room for WAKE after an overflow
        }

        void offer(Entry e, int capacity) {
            if (endReason != null || !filter.matches(e.notification())) {
                return;
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
    record Subscription(Subscriber subscriber, List<Entry> replay, boolean gap, long oldest) {
    }

    private final StreamProperties properties;
    private final Object lock = new Object();
    private final ArrayDeque<Entry> recent = new ArrayDeque<>();
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private long recentBytes;
    private long next = System.currentTimeMillis() * 1000;
    /** The id of the newest entry ever dropped from the replay buffer (0: none yet). */
    private long evictedUpTo;
    private volatile boolean running;

    StreamHub(StreamProperties properties) {
        this.properties = properties;
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
            Entry e = new Entry(++next, n);
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
                s.offer(e, capacity);
            }
            return e.id();
        }
    }

    /**
     * Registers a subscriber; with {@code lastEventId}, also the buffered entries after it (filtered by
     * the subscriber's filter; the caller filters them by policy), and whether entries after it were
     * dropped from the buffer already (a gap the client should know about).
     */
    Subscription subscribe(DeliveryFilter filter, Long lastEventId) {
        Subscriber s = new Subscriber(filter, properties.queueSize());
        synchronized (lock) {
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
            return new Subscription(s, replay, gap, recent.isEmpty() ? next + 1 : recent.peekFirst().id());
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
