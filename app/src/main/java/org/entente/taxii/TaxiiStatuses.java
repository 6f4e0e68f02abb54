package org.entente.taxii;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.entente.community.Caller;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Status resources, kept in PostgreSQL so they survive restarts and are visible from every instance. */
@Service
public class TaxiiStatuses {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<TaxiiStatus.Detail>> DETAILS = new TypeReference<>() {
    };

    /** What a pending object of an abandoned add is failed with. */
    static final String ABANDONED = "not stored: the node instance receiving this add stopped before storing it; send it again";

    private final JdbcClient jdbc;
    private final org.entente.node.Cluster cluster;
    private final java.util.concurrent.ScheduledExecutorService checker = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(Thread.ofVirtual().name("taxii-abandoned-adds").factory());

    TaxiiStatuses(JdbcClient jdbc, org.entente.node.Cluster cluster) {
        this.jdbc = jdbc;
        this.cluster = cluster;
    }

    /**
     * An add is processed by the instance that received it, from a spool file of its own: if that
     * instance stops first (a restart, a crash, a scale-in), its pending statuses would stay pending
     * for ever. Every instance checks, at start and every minute, for pending statuses of instances
     * that are gone and completes them with every pending object failed (the client sends again).
     */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void watchAbandoned() {
        checker.scheduleWithFixedDelay(() -> {
            try {
                failAbandoned();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(TaxiiStatuses.class).warn("TAXII abandoned adds check: {}", e.toString());
            }
        }, 0, 60, java.util.concurrent.TimeUnit.SECONDS);
    }

    @jakarta.annotation.PreDestroy
    void stopWatching() {
        checker.shutdownNow();
    }

    /** Fails the pending statuses of instances that no longer run (or of a node from before instances were recorded); returns how many. */
    int failAbandoned() {
        int failed = 0;
        for (String instance : jdbc.sql("select distinct coalesce(instance, '') from taxii_status where status = 'pending'")
                .query(String.class).list()) {
            if (!instance.isEmpty() && cluster.alive(instance)) {
                continue;
            }
            failed += jdbc.sql("""
                            update taxii_status set status = 'complete', failure_count = failure_count + pending_count, pending_count = 0,
                              failures = failures || (select coalesce(jsonb_agg(p || jsonb_build_object('message', ?::text)), '[]'::jsonb)
                                                      from jsonb_array_elements(pendings) p),
                              pendings = '[]'
                            where status = 'pending' and coalesce(instance, '') = ?""")
                    .params(ABANDONED, instance).update();
        }
        return failed;
    }

    TaxiiStatus open(Caller caller, UUID collection, List<TaxiiStatus.Detail> pending) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        jdbc.sql("""
                        insert into taxii_status (id, user_id, collection_id, request_timestamp, status, total_count, pending_count, pendings,
                                                  instance)
                        values (?, ?, ?, ?, 'pending', ?, ?, ?::jsonb, ?)""")
                .params(id, caller.user().value(), collection, Timestamp.from(now), pending.size(), pending.size(),
                        JSON.writeValueAsString(pending), cluster.instance())
                .update();
        return new TaxiiStatus(id, "pending", now, pending.size(), 0, 0, pending.size(), List.of(), List.of(), pending);
    }

    void complete(UUID id, List<TaxiiStatus.Detail> successes, List<TaxiiStatus.Detail> failures) {
        jdbc.sql("""
                        update taxii_status set status = 'complete', success_count = ?, failure_count = ?, pending_count = 0,
                          successes = ?::jsonb, failures = ?::jsonb, pendings = '[]' where id = ? and status = 'pending'""")
                .params(successes.size(), failures.size(), JSON.writeValueAsString(successes),
                        JSON.writeValueAsString(failures), id)
                .update();
    }

    /** A status of the caller's own; others' do not exist for them. */
    public Optional<TaxiiStatus> find(Caller caller, String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select id, status, request_timestamp, total_count, success_count, failure_count, pending_count,
                               successes::text, failures::text, pendings::text
                        from taxii_status where id = ? and user_id = ?""")
                .params(uuid, caller.user().value())
                .query((rs, n) -> new TaxiiStatus(rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getTimestamp(3).toInstant(), rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getInt(7),
                        JSON.readValue(rs.getString(8), DETAILS), JSON.readValue(rs.getString(9), DETAILS),
                        JSON.readValue(rs.getString(10), DETAILS)))
                .optional();
    }
}
