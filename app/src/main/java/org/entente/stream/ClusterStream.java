package org.entente.stream;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.entente.intel.IntelDeleted;
import org.entente.intel.IntelStored;
import org.entente.intel.StoredVersion;
import org.entente.node.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import jakarta.annotation.PreDestroy;

/**
 * Live events across the instances of a node (docs/adr/0008). A notification published on one
 * instance is written to {@code stream_event} and announced by id; every other instance reads the row
 * and hands it to its own {@link StreamHub}, which decides the sharing policy for each of its own
 * subscribers with their current rights, exactly as for a local notification. Only the id travels in
 * the NOTIFY (its payload is limited to 8000 bytes; a notification is not). Webhooks are not fanned
 * out: the instance where the notification happened queues their deliveries in PostgreSQL, and any
 * instance's dispatcher claims each one ({@code FOR UPDATE SKIP LOCKED}).
 *
 * <p>When a subject is relabelled or deleted on one instance, the others forget what they buffered
 * about it, as the hub does locally. A listener that lost its connection catches up from the table
 * ({@link Cluster#onGap}); rows older than {@link #KEEP_MINUTES} minutes are removed.
 */
@Component
class ClusterStream {

    private static final Logger log = LoggerFactory.getLogger(ClusterStream.class);
    static final String EVENT = "stream-event";
    static final String FORGET = "stream-forget";
    static final int KEEP_MINUTES = 15;
    private static final int CATCH_UP_LIMIT = 10_000;

    private final Cluster cluster;
    private final JdbcClient jdbc;
    private final StreamHub hub;
    /** Writes and announces off the publishing thread (a request's), one at a time so order is kept. */
    private final ExecutorService out = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("stream-fan-out").factory());
    private final ScheduledExecutorService cleaner = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("stream-event-cleaner").factory());
    /** Ids handed to the hub lately (handlers and catch-up run on one thread), so a catch-up repeats none. */
    private final SequencedSet<Long> seen = new LinkedHashSet<>();
    /** The highest id seen; -1 until the listener first connects. */
    private long highest = -1;

    ClusterStream(Cluster cluster, JdbcClient jdbc, StreamHub hub) {
        this.cluster = cluster;
        this.jdbc = jdbc;
        this.hub = hub;
        cluster.subscribe(EVENT, m -> {
            if (!m.fromHere()) {
                received(Long.parseLong(m.body()));
            }
        });
        cluster.subscribe(FORGET, m -> {
            if (!m.fromHere() && !m.body().isEmpty()) {
                hub.forget(List.of(m.body().split(",")));
            }
        });
        cluster.onGap(this::catchUp);
        cleaner.scheduleWithFixedDelay(this::clean, 1, 5, TimeUnit.MINUTES);
    }

    @PreDestroy
    void stop() {
        out.shutdown();
        cleaner.shutdownNow();
        try {
            out.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(Notification n) {
        if (DeliveryFilter.deliverable(n)) {
            try {
                out.execute(() -> share(n));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                log.debug("shutting down: notification {} not shared with other instances", n.subjectId());
            }
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(IntelStored event) {
        if (event.relabel()) {
            forgetElsewhere(event.versions().stream().map(StoredVersion::id).distinct().toList());
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(IntelDeleted event) {
        forgetElsewhere(List.of(event.id()));
    }

    private void share(Notification n) {
        try {
            long id = jdbc.sql("""
                            insert into stream_event (origin, kind, subject_id, subject_type, label, payload, at)
                            values (?, ?, ?, ?, ?::jsonb, ?, ?) returning id""")
                    .params(cluster.instance(), n.kind(), n.subjectId(), n.subjectType(), LabelJson.write(n.label()),
                            n.payloadJson(), Timestamp.from(n.at()))
                    .query(Long.class).single();
            cluster.publish(EVENT, Long.toString(id));
        } catch (RuntimeException e) {
            log.warn("notification {} {} not shared with the other instances: {}", n.kind(), n.subjectId(), e.toString());
        }
    }

    private void forgetElsewhere(List<String> ids) {
        List<String> chunk = new ArrayList<>();
        int bytes = 0;
        for (String id : ids) {
            if (bytes + id.length() + 1 > Cluster.MAX_BODY - 100) {
                announceForget(chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(id);
            bytes += id.length() + 1;
        }
        announceForget(chunk);
    }

    private void announceForget(List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        String body = String.join(",", ids);
        if (out.isShutdown()) {
            return;
        }
        out.execute(() -> {
            try {
                cluster.publish(FORGET, body);
            } catch (RuntimeException e) {
                log.warn("other instances not told to forget {} subjects: {}", ids.size(), e.toString());
            }
        });
    }

    private void received(long id) {
        if (!remember(id)) {
            return;
        }
        jdbc.sql("select kind, subject_id, subject_type, label::text, payload, at from stream_event where id = ?")
                .param(id)
                .query((rs, n) -> new Notification(rs.getString(1), rs.getString(2), rs.getString(3),
                        LabelJson.read(rs.getString(4)), rs.getString(5), rs.getTimestamp(6).toInstant()))
                .optional()
                .ifPresent(hub::publish);
    }

    /** After a gap: what other instances announced meanwhile, in id order. */
    private void catchUp() {
        if (highest < 0) { // the first connection: what came before this instance listened is not its to replay
            highest = jdbc.sql("select coalesce(max(id), 0) from stream_event").query(Long.class).single();
            return;
        }
        List<Long> ids = jdbc.sql("select id from stream_event where id > ? and origin <> ? order by id limit ?")
                .params(highest, cluster.instance(), CATCH_UP_LIMIT).query(Long.class).list();
        ids.forEach(this::received);
    }

    private boolean remember(long id) {
        highest = Math.max(highest, id);
        if (!seen.add(id)) {
            return false;
        }
        if (seen.size() > CATCH_UP_LIMIT) {
            seen.removeFirst();
        }
        return true;
    }

    private void clean() {
        try {
            jdbc.sql("delete from stream_event where created_at < now() - ? * interval '1 minute'").param(KEEP_MINUTES).update();
        } catch (RuntimeException e) {
            log.debug("stream_event cleanup: {}", e.toString());
        }
    }
}
