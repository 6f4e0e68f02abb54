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

    private final JdbcClient jdbc;

    TaxiiStatuses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    TaxiiStatus open(Caller caller, UUID collection, List<TaxiiStatus.Detail> pending) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        jdbc.sql("""
                        insert into taxii_status (id, user_id, collection_id, request_timestamp, status, total_count, pending_count, pendings)
                        values (?, ?, ?, ?, 'pending', ?, ?, ?::jsonb)""")
                .params(id, caller.user().value(), collection, Timestamp.from(now), pending.size(), pending.size(),
                        JSON.writeValueAsString(pending))
                .update();
        return new TaxiiStatus(id, "pending", now, pending.size(), 0, 0, pending.size(), List.of(), List.of(), pending);
    }

    void complete(UUID id, List<TaxiiStatus.Detail> successes, List<TaxiiStatus.Detail> failures) {
        jdbc.sql("""
                        update taxii_status set status = 'complete', success_count = ?, failure_count = ?, pending_count = 0,
                          successes = ?::jsonb, failures = ?::jsonb, pendings = '[]' where id = ?""")
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
