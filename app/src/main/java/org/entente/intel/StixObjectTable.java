package org.entente.intel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.stereotype.Component;

/**
 * All SQL of the STIX store. Writes go through COPY into a per-connection staging table and one
 * INSERT ... ON CONFLICT DO NOTHING, inside one transaction per batch: a batch is stored entirely or
 * not at all, and re-sending it changes nothing.
 */
@Component
class StixObjectTable {

    /** Serialises writers while they take date_added values (see store_clock in V1). */
    private static final long CLOCK_LOCK = 0x656e74656e7465L; // "entente"

    private final DataSource dataSource;

    StixObjectTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Outcome of one batch: how many rows were new, and which were refused by the store's own rules. */
    record BatchResult(int inserted, List<Rejection> rejected) {
    }

    BatchResult write(CopyBatch batch) throws SQLException {
        if (batch.size() == 0) {
            return new BatchResult(0, List.of());
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                BatchResult result = write(c, batch);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private BatchResult write(Connection c, CopyBatch batch) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("""
                    create temp table if not exists stix_incoming (
                        ord int not null, id text not null, version text not null, type text not null,
                        modified timestamptz, created timestamptz, created_by_ref text, marking_refs text[],
                        revoked boolean not null, source_ref text, target_ref text, body jsonb not null
                    ) on commit delete rows""");
        }
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("copy stix_incoming (" + CopyBatch.COLUMNS + ") from stdin");
        try {
            copy.writeToCopy(batch.buffer(), 0, batch.bytes());
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        List<Rejection> rejected = refuseVersionsAfterRevocation(c, batch);
        try (Statement s = c.createStatement()) {
            s.execute("select pg_advisory_xact_lock(" + CLOCK_LOCK + ")");
            int inserted = s.executeUpdate("""
                    with clock as (
                        select greatest(clock_timestamp(), last + interval '1 microsecond') as base from store_clock
                    )
                    insert into stix_object (id, version, type, modified, created, created_by_ref, marking_refs,
                                             revoked, source_ref, target_ref, date_added, body)
                    select i.id, i.version, i.type, i.modified, i.created, i.created_by_ref, i.marking_refs,
                           i.revoked, i.source_ref, i.target_ref, clock.base + i.ord * interval '1 microsecond', i.body
                    from stix_incoming i, clock
                    order by i.ord
                    on conflict (id, version) do nothing""");
            s.executeUpdate("update store_clock set last = greatest(clock_timestamp(), last + interval '1 microsecond')"
                    + " + " + batch.size() + " * interval '1 microsecond'");
            return new BatchResult(inserted, rejected);
        }
    }

    /**
     * A revoked object is final (STIX 2.1 section 3.6.2): a newer version of an object whose stored or
     * incoming version is revoked is refused.
     */
    private List<Rejection> refuseVersionsAfterRevocation(Connection c, CopyBatch batch) throws SQLException {
        List<Rejection> out = new ArrayList<>();
        // Against the store: one primary-key probe per incoming row.
        collect(c, batch, out, """
                delete from stix_incoming i
                where exists (select 1 from stix_object o where o.id = i.id and o.revoked and o.version < i.version)
                returning i.ord, i.id""");
        if (batch.hasRevocation()) {
            // Within the batch: aggregate first, so the temp table (which has no statistics) is never
            // joined to itself row by row.
            collect(c, batch, out, """
                    delete from stix_incoming i
                    using (select id, min(version) as version from stix_incoming where revoked group by id) r
                    where r.id = i.id and r.version < i.version
                    returning i.ord, i.id""");
        }
        return out;
    }

    private static void collect(Connection c, CopyBatch batch, List<Rejection> out, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                int index = batch.inputIndex(rs.getInt(1));
                out.add(new Rejection(index, rs.getString(2), List.of(new Rejection.Reason("revoked-is-final",
                        "/objects/" + index + "/modified", "a revoked object cannot receive newer versions"))));
            }
        }
    }

    Optional<StoredObject> latest(String id) {
        return queryOne("where id = ? order by version desc limit 1", id);
    }

    Optional<StoredObject> version(String id, String versionKey) {
        return queryOne("where id = ? and version = ?", id, versionKey);
    }

    List<StoredObject> versions(String id) {
        return query("where id = ? order by version", List.of(id));
    }

    /** Latest versions matching type and text, by name. */
    List<StoredObject> search(List<String> types, String text, int limit, int offset) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder("where true");
        if (!types.isEmpty()) {
            where.append(" and type = any (?)");
            args.add(types.toArray(String[]::new));
        }
        if (text != null && !text.isBlank()) {
            where.append(" and (body->>'name' ilike ? or body->>'description' ilike ?)");
            String like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            args.add(like);
            args.add(like);
        }
        String sql = "select id, version, type, date_added, body::text from ("
                + "select distinct on (id) * from stix_object " + where + " order by id, version desc) latest"
                + " order by body->>'name' nulls last, id limit ? offset ?";
        args.add(limit);
        args.add(offset);
        return run(sql, args);
    }

    long count() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from stix_object")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreUnavailableException(e);
        }
    }

    /**
     * Streams every stored version matching the filters in date_added order, with a server-side cursor,
     * so an export of any size holds one fetch of rows at a time.
     */
    void export(List<String> types, Instant addedSince, Consumer<String> sink) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select body::text from stix_object where true");
        if (!types.isEmpty()) {
            sql.append(" and type = any (?)");
            args.add(types.toArray(String[]::new));
        }
        if (addedSince != null) {
            sql.append(" and date_added >= ?");
            args.add(Timestamp.from(addedSince));
        }
        sql.append(" order by date_added");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (PreparedStatement ps = prepare(c, sql.toString(), args)) {
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(rs.getString(1));
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException(e);
        }
    }

    private Optional<StoredObject> queryOne(String where, Object... args) {
        List<StoredObject> rows = query(where, List.of(args));
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    private List<StoredObject> query(String where, List<Object> args) {
        return run("select id, version, type, date_added, body::text from stix_object " + where, args);
    }

    private List<StoredObject> run(String sql, List<Object> args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql, args);
             ResultSet rs = ps.executeQuery()) {
            List<StoredObject> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new StoredObject(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getString(5)));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreUnavailableException(e);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, List<Object> args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof String[] array) {
                ps.setArray(i + 1, c.createArrayOf("text", array));
            } else {
                ps.setObject(i + 1, a);
            }
        }
        return ps;
    }
}
