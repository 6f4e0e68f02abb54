package org.entente.intel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.entente.sharing.SqlFilter;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.stereotype.Component;

/**
 * All SQL of the STIX store. Writes are one transaction per batch, streamed with COPY: a batch is
 * stored entirely or not at all, and re-sending it changes nothing.
 */
@Component
class StixObjectTable {

    /** Serialises writers while they take date_added values (see store_clock in V1). */
    private static final long CLOCK_LOCK = 0x656e74656e7465L; // "entente"

    private final DataSource dataSource;
    /**
     * Search, counts and TAXII pages: the read replica when one is configured (they may lag the primary
     * by its replay delay; see QueryDatabase), else the same pool.
     */
    private final DataSource queries;

    /**
     * Moves after every committed change to stix_object made here (a stored batch, a relabel, a delete):
     * caches of filtered reads (the TAXII page cache) are current only while it reads as when they
     * loaded. Other instances learn of the change from the V59 trigger's NOTIFY (see StixStore).
     */
    private final org.entente.community.Generation changes = new org.entente.community.Generation();

    StixObjectTable(DataSource dataSource, org.entente.node.QueryDatabase queries) {
        this.dataSource = dataSource;
        this.queries = queries.dataSource();
    }

    org.entente.community.Generation changes() {
        return changes;
    }

    /** Outcome of one batch: how many rows were new, and which were refused by the store's own rules. */
    record BatchResult(int inserted, List<Rejection> rejected, List<StoredVersion> stored) {
    }

    BatchResult write(CopyBatch batch) throws SQLException {
        if (batch.size() == 0) {
            return new BatchResult(0, List.of(), List.of());
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                BatchResult result = write(c, batch);
                c.commit();
                if (result.inserted() > 0) {
                    changes.advance(); // after the commit: a page loaded before it is stamped with the old value
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Under the store lock: learn which of the batch's objects the store already holds (and which
     * are revoked), keep only new versions, give each a date_added after every earlier one, and COPY
     * them straight into the table. Holding the lock for the whole batch makes the existence check
     * exact (no other writer can insert in between), so no staging table or ON CONFLICT is needed.
     */
    private BatchResult write(Connection c, CopyBatch batch) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("select pg_advisory_xact_lock(" + CLOCK_LOCK + ")");
        }
        Map<String, StoredVersions> stored = storedVersions(c, batch);
        List<Rejection> rejected = new ArrayList<>();
        int[] keep = new int[batch.size()];
        int kept = 0;
        for (int ord = 0; ord < batch.size(); ord++) {
            StoredVersions known = stored.computeIfAbsent(batch.id(ord), k -> new StoredVersions());
            String version = batch.version(ord);
            if (known.versions.contains(version)) {
                continue; // already present: same id and version
            }
            if (known.firstRevoked != null && known.firstRevoked.compareTo(version) < 0
                    || batch.revokedEarlierInBatch(ord)) {
                int index = batch.inputIndex(ord);
                rejected.add(new Rejection(index, batch.id(ord), List.of(new Rejection.Reason("revoked-is-final",
                        "/objects/" + index + "/modified", "a revoked object cannot receive newer versions"))));
                continue;
            }
            known.versions.add(version);
            keep[kept++] = ord;
        }
        if (kept == 0) {
            return new BatchResult(0, rejected, List.of());
        }
        Instant base;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select greatest(clock_timestamp(), last + interval '1 microsecond') from store_clock")) {
            rs.next();
            base = rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
        }
        byte[] rows = batch.rowsWithDateAdded(keep, kept, base);
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("copy stix_object (" + CopyBatch.COLUMNS + ") from stdin");
        try {
            copy.writeToCopy(rows, 0, rows.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("update store_clock set last = ?")) {
            ps.setObject(1, java.time.OffsetDateTime.ofInstant(base.plusNanos(1_000L * (kept - 1)), java.time.ZoneOffset.UTC));
            ps.executeUpdate();
        }
        return new BatchResult(kept, rejected, batch.described(keep, kept));
    }

    /** What the store holds for one id: its versions and the earliest revoked one. */
    private static final class StoredVersions {
        final Set<String> versions = new HashSet<>(2);
        String firstRevoked;
    }

    private static Map<String, StoredVersions> storedVersions(Connection c, CopyBatch batch) throws SQLException {
        String[] ids = new String[batch.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = batch.id(i);
        }
        Map<String, StoredVersions> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select id, version, revoked from stix_object where id = any (?)")) {
            ps.setArray(1, c.createArrayOf("text", ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StoredVersions v = out.computeIfAbsent(rs.getString(1), k -> new StoredVersions());
                    String version = rs.getString(2);
                    v.versions.add(version);
                    if (rs.getBoolean(3) && (v.firstRevoked == null || version.compareTo(v.firstRevoked) < 0)) {
                        v.firstRevoked = version;
                    }
                }
            }
        }
        return out;
    }

    Optional<StoredObject> latest(String id, SqlFilter visible) {
        return queryOne("where id = ? and " + visible.sql() + " order by version desc limit 1", visible, id);
    }

    Optional<StoredObject> version(String id, String versionKey, SqlFilter visible) {
        return queryOne("where id = ? and version = ? and " + visible.sql(), visible, id, versionKey);
    }

    List<StoredObject> versions(String id, SqlFilter visible) {
        return query("where id = ? and " + visible.sql() + " order by version", visible, id);
    }

    /** Latest visible versions matching type and text, by name. */
    List<StoredObject> search(List<String> types, String text, int limit, int offset, SqlFilter visible) {
        List<Object> args = new ArrayList<>();
        String where = searchWhere(types, text, visible, args);
        String sql = "select id, version, type, date_added, body::text from ("
                + "select distinct on (id) * from stix_object " + where + " order by id, version desc) latest"
                + " order by body->>'name' nulls last, id limit ? offset ?";
        args.add(limit);
        args.add(offset);
        return run(queries, sql, args);
    }

    /**
     * The latest visible version of each object, then the filters on that version (so an object whose
     * newest visible version no longer matches is not found through an older one).
     */
    List<StoredObject> find(StixStore.Query q, int limit, int offset, SqlFilter visible) {
        List<Object> args = new ArrayList<>();
        String sql = "select id, version, type, date_added, body::text from " + findFrom(q, visible, args)
                + (q.newestFirst() ? " order by date_added desc" : " order by body->>'name' nulls last, id")
                + " limit ? offset ?";
        args.add(limit);
        args.add(offset);
        return run(sql, args);
    }

    long countFound(StixStore.Query q, SqlFilter visible) {
        List<Object> args = new ArrayList<>();
        String sql = "select count(*) from " + findFrom(q, visible, args);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql, args);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreUnavailableException(e);
        }
    }

    private static String findFrom(StixStore.Query q, SqlFilter visible, List<Object> args) {
        StringBuilder sql = new StringBuilder("(select distinct on (id) * from stix_object where ").append(visible.sql());
        args.addAll(visible.params());
        if (!q.types().isEmpty()) {
            sql.append(" and type = any (?)");
            args.add(q.types().toArray(String[]::new));
        }
        sql.append(" order by id, version desc) latest where true");
        if (q.text() != null && !q.text().isBlank()) {
            sql.append(" and (body->>'name' ilike ? or body->>'description' ilike ? or id = ?)");
            String like = "%" + q.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            args.add(like);
            args.add(like);
            args.add(q.text().strip());
        }
        if (!q.tlps().isEmpty()) {
            sql.append(" and tlp = any (?)");
            args.add(q.tlps().stream().map(t -> (long) t.ordinal()).toArray(Long[]::new));
        }
        if (q.ownerParticipant() != null) {
            sql.append(" and owner_participant = ?");
            args.add(q.ownerParticipant());
        }
        if (q.addedFrom() != null) {
            sql.append(" and date_added >= ?");
            args.add(java.sql.Timestamp.from(q.addedFrom()));
        }
        if (q.addedTo() != null) {
            sql.append(" and date_added < ?");
            args.add(java.sql.Timestamp.from(q.addedTo()));
        }
        return sql.toString();
    }

    /** The label of one exact version, if {@code visible} lets the caller see that version. */
    Optional<org.entente.sharing.SharingLabel> labelOfVersion(String id, String version, SqlFilter visible) {
        List<Object> args = new ArrayList<>(List.of(id, version));
        args.addAll(visible.params());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, """
                select owner_org, owner_participant, tlp, audience, audience_task_force, audience_participants, audience_orgs
                from stix_object where id = ? and version = ? and """ + visible.sql(), args)) {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Labels.read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException(e);
        }
    }

    /** How many distinct objects the caller can see among those matching; never counts the invisible. */
    long count(List<String> types, String text, SqlFilter visible) {
        List<Object> args = new ArrayList<>();
        String sql = "select count(distinct id) from stix_object " + searchWhere(types, text, visible, args);
        try (Connection c = queries.getConnection(); PreparedStatement ps = prepare(c, sql, args);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreUnavailableException(e);
        }
    }

    private static String searchWhere(List<String> types, String text, SqlFilter visible, List<Object> args) {
        StringBuilder where = new StringBuilder("where ").append(visible.sql());
        args.addAll(visible.params());
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
        return where.toString();
    }

    /**
     * Relationships and sightings touching {@code id}, latest visible version of each, whose other end
     * the caller can also see: an edge to an object outside the caller's audience does not exist for them.
     * A sighting has only the one end (its sighting_of_ref, in target_ref): the visible sighting of a
     * visible object is returned.
     */
    List<StoredObject> relationships(String id, SqlFilter edgeVisible, SqlFilter endVisible) {
        List<Object> args = new ArrayList<>(List.of(id, id));
        args.addAll(edgeVisible.params());
        args.add(id);
        args.addAll(endVisible.params());
        String sql = """
                select id, version, type, date_added, body::text from (
                  select distinct on (r.id) r.* from stix_object r
                  where (r.source_ref = ? or r.target_ref = ?) and %s
                    and (r.type = 'sighting' or exists (select 1 from stix_object o
                                where o.id = case when r.source_ref = ? then r.target_ref else r.source_ref end and %s))
                  order by r.id, r.version desc) edges
                order by date_added""".formatted(edgeVisible.sql(), endVisible.sql());
        return run(sql, args);
    }

    /**
     * A TAXII page: visible versions in the query's scope and filters, in date_added order, one more
     * than the limit to know whether there is more. "Latest"/"first" visible version are anti-joins
     * on the primary key, so a page costs its size, not the collection's.
     */
    TaxiiQuery.Page taxiiPage(TaxiiQuery q, SqlFilter visible, SqlFilter visibleOther, boolean bodies) {
        return taxiiPage(q, visible, visibleOther, bodies, false);
    }

    /** {@code primary}: read from the primary even when a read replica is configured (see StixStore#taxiiPage(Visibility, TaxiiQuery)). */
    TaxiiQuery.Page taxiiPage(TaxiiQuery q, SqlFilter visible, SqlFilter visibleOther, boolean bodies, boolean primary) {
        List<Object> args = new ArrayList<>(visible.params());
        // Bodies (objects) need only body::text; manifests need the version as the object states it,
        // from the JSONB. Neither shape reads the other's column: each costs only what it returns.
        StringBuilder sql = new StringBuilder(bodies
                ? "select o.id, o.version, o.date_added, o.body::text, null, null from stix_object o where "
                : """
                select o.id, o.version, o.date_added, null, coalesce(o.body->>'spec_version', '2.1'),
                       coalesce(o.body->>'modified', o.body->>'created')
                from stix_object o where """).append(visible.sql());
        sql.append(scope(q.scope(), "o.", args));
        if (q.addedAfter() != null) {
            sql.append(" and o.date_added > ?");
            args.add(Timestamp.from(q.addedAfter()));
        }
        if (q.after() != null) {
            sql.append(" and o.date_added > ?");
            args.add(Timestamp.from(q.after()));
        }
        if (!q.ids().isEmpty()) {
            sql.append(" and o.id = any (?)");
            args.add(q.ids().toArray(String[]::new));
        }
        if (!q.types().isEmpty()) {
            sql.append(" and o.type = any (?)");
            args.add(q.types().toArray(String[]::new));
        }
        if (!q.specVersions().isEmpty()) {
            sql.append(" and coalesce(o.body->>'spec_version', '2.1') = any (?)");
            args.add(q.specVersions().toArray(String[]::new));
        }
        TaxiiQuery.VersionMatch v = q.versions();
        if (!v.all()) {
            List<String> alternatives = new ArrayList<>();
            // "first" and "last" are among the versions of this collection the caller may see: a newer
            // version outside the collection (e.g. kept in the owner's organisation) does not hide the
            // collection's own latest version.
            if (v.last()) {
                alternatives.add("not exists (select 1 from stix_object n where n.id = o.id and n.version > o.version and "
                        + visibleOther.sql() + scope(q.scope(), "n.", null) + ")");
                args.addAll(visibleOther.params());
                scope(q.scope(), "n.", args);
            }
            if (v.first()) {
                alternatives.add("not exists (select 1 from stix_object n where n.id = o.id and n.version < o.version and "
                        + visibleOther.sql() + scope(q.scope(), "n.", null) + ")");
                args.addAll(visibleOther.params());
                scope(q.scope(), "n.", args);
            }
            if (!v.exact().isEmpty()) {
                alternatives.add("o.version = any (?)");
                args.add(v.exact().toArray(String[]::new));
            }
            sql.append(" and (").append(alternatives.isEmpty() ? "false" : String.join(" or ", alternatives)).append(')');
        }
        sql.append(" order by o.date_added limit ?");
        args.add(q.limit() + 1);
        try (Connection c = (primary ? dataSource : queries).getConnection(); PreparedStatement ps = prepare(c, sql.toString(), args);
             ResultSet rs = ps.executeQuery()) {
            List<TaxiiQuery.Item> items = new ArrayList<>();
            while (rs.next()) {
                // getBytes of a text column is the server's UTF-8 as received: no decoding into a String
                items.add(new TaxiiQuery.Item(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getBytes(4), rs.getString(5), rs.getString(6)));
            }
            boolean more = items.size() > q.limit();
            return new TaxiiQuery.Page(more ? items.subList(0, q.limit()) : items, more);
        } catch (SQLException e) {
            throw new StoreUnavailableException(e);
        }
    }

    /** The condition (starting with " and") limiting rows of alias {@code a} to a TAXII scope; adds its parameters to {@code args} when given. */
    private static String scope(TaxiiQuery.Scope scope, String a, List<Object> args) {
        return switch (scope) {
            case TaxiiQuery.Scope.Everything e -> "";
            case TaxiiQuery.Scope.SharedWithTaskForce tf -> {
                if (args != null) {
                    args.add(tf.taskForce().value());
                }
                yield " and " + a + "audience = 'task-force' and " + a + "audience_task_force = ?";
            }
            case TaxiiQuery.Scope.OwnedBy owner -> {
                if (args != null) {
                    args.add(owner.organisation().value());
                }
                yield " and " + a + "owner_org = ?";
            }
        };
    }

    /**
     * Deletes the versions of {@code id} owned by {@code owner} (optionally only some versions); returns them.
     * Logged as a label change, an owner's delete as well as the hiding of a received object: peers that
     * received those versions from this node are told.
     */
    IntelDeleted delete(String id, long owner, java.util.Set<String> onlyVersions) {
        String sql = "delete from stix_object where id = ? and owner_org = ?"
                + (onlyVersions.isEmpty() ? "" : " and version = any (?)") + " returning version, type";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            List<String> versions = new ArrayList<>();
            String type = null;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, id);
                ps.setLong(2, owner);
                if (!onlyVersions.isEmpty()) {
                    ps.setArray(3, c.createArrayOf("text", onlyVersions.toArray()));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        versions.add(rs.getString(1));
                        type = rs.getString(2);
                    }
                }
                if (!versions.isEmpty()) {
                    logLabelChange(c, id); // a delete is a change of who may see it: federation peers hide it
                }
                c.commit();
                if (!versions.isEmpty()) {
                    changes.advance();
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            return new IntelDeleted(id, type, versions);
        } catch (SQLException e) {
            throw new StoreUnavailableException(e);
        }
    }

    /** The owner organisation of each version of {@code id}, by version key. */
    Map<String, org.entente.community.Ids.OrganisationId> ownersByVersion(String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select version, owner_org from stix_object where id = ?")) {
            ps.setString(1, id);
            Map<String, org.entente.community.Ids.OrganisationId> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new org.entente.community.Ids.OrganisationId(rs.getLong(2)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreUnavailableException(e);
        }
    }

    /** The current labels of every version of an object (to check ownership before a share). */
    List<Long> ownersOf(String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select distinct owner_org from stix_object where id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                List<Long> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException(e);
        }
    }

    /** What a relabel or a catalog read returns of each version: the indicator properties, no body. */
    private static final String DESCRIBED = "id, version, type, revoked, body->>'name', body->>'pattern', body->>'pattern_type',"
            + " body->>'valid_until', owner_org, owner_participant, tlp, audience, audience_task_force, audience_participants, audience_orgs";

    /** Relabels every version of {@code id} owned by {@code owner}; returns the relabelled versions. */
    List<StoredVersion> relabel(String id, long owner, org.entente.sharing.SharingLabel label) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<StoredVersion> out = relabel(c, id, owner, label);
                if (!out.isEmpty()) {
                    logLabelChange(c, id);
                }
                c.commit();
                if (!out.isEmpty()) {
                    changes.advance();
                }
                return out;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException(e);
        }
    }

    /**
     * Records that who may see {@code id} changed, at the next tick of the store clock (taken under the
     * store lock, like an import's date_added), so feeds ordered by that clock see it after every
     * version stored before it.
     */
    private static void logLabelChange(Connection c, String id) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("select pg_advisory_xact_lock(" + CLOCK_LOCK + ")");
        }
        try (PreparedStatement ps = c.prepareStatement("""
                with t as (update store_clock set last = greatest(clock_timestamp(), last + interval '1 microsecond') returning last)
                insert into stix_label_change (at, id) select last, ? from t""")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    private List<StoredVersion> relabel(Connection c, String id, long owner, org.entente.sharing.SharingLabel label)
            throws SQLException {
        var a = label.audience();
        try (PreparedStatement ps = c.prepareStatement("""
                update stix_object set tlp = ?, audience = ?, audience_task_force = ?, audience_participants = ?, audience_orgs = ?
                where id = ? and owner_org = ?""" + " returning " + DESCRIBED)) {
            ps.setInt(1, label.tlp().ordinal());
            ps.setString(2, a.code());
            ps.setObject(3, a instanceof org.entente.sharing.Audience.TaskForce tf ? tf.taskForce().value() : null);
            ps.setArray(4, c.createArrayOf("bigint", a instanceof org.entente.sharing.Audience.Named n
                    ? n.participants().stream().map(p -> p.value()).toArray() : new Object[0]));
            ps.setArray(5, c.createArrayOf("bigint", a instanceof org.entente.sharing.Audience.Named n
                    ? n.organisations().stream().map(o -> o.value()).toArray() : new Object[0]));
            ps.setString(6, id);
            ps.setLong(7, owner);
            List<StoredVersion> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(described(rs));
                }
            }
            return out;
        }
    }

    private static StoredVersion described(ResultSet rs) throws SQLException {
        // DESCRIBED selects id, version, type; the record is (id, type, version).
        return new StoredVersion(rs.getString(1), rs.getString(3), rs.getString(2), rs.getBoolean(4),
                Optional.ofNullable(rs.getString(5)), Optional.ofNullable(rs.getString(6)), Optional.ofNullable(rs.getString(7)),
                Optional.ofNullable(rs.getString(8)).flatMap(org.entente.stix.StixTimestamp::tryParse)
                        .map(org.entente.stix.StixTimestamp::instant),
                Labels.read(rs, 9), null);
    }

    /**
     * The latest version of every indicator (of {@code onlyId}, when given), with a server-side cursor:
     * a catalog of any size costs one fetch of rows at a time. Not filtered for a caller: for the
     * node's own indexes, which decide visibility per reader before anything is disclosed.
     */
    void latestIndicators(String[] onlyIds, Consumer<StoredVersion> sink) {
        String sql = "select distinct on (id) " + DESCRIBED + " from stix_object where type = 'indicator'"
                + (onlyIds == null ? "" : " and id = any(?)") + " order by id, version desc";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (onlyIds != null) {
                    ps.setArray(1, c.createArrayOf("text", onlyIds));
                }
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(described(rs));
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException(e);
        }
    }

    /**
     * The {@code name} and {@code pattern} of exact indicator versions ({@code ids[i]} at {@code versions[i]}),
     * in one query; versions no longer stored are absent. Not filtered for a caller (see {@link #latestIndicators}).
     */
    void indicatorTexts(String[] ids, String[] versions, Consumer<StixStore.IndicatorText> sink) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select o.id, o.version, o.body->>'name', o.body->>'pattern' from stix_object o
                join unnest(?::text[], ?::text[]) as k(id, version) on o.id = k.id and o.version = k.version""")) {
            ps.setArray(1, c.createArrayOf("text", ids));
            ps.setArray(2, c.createArrayOf("text", versions));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(new StixStore.IndicatorText(rs.getString(1), rs.getString(2),
                            Optional.ofNullable(rs.getString(3)), Optional.ofNullable(rs.getString(4))));
                }
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException(e);
        }
    }

    /** How many distinct indicator ids are stored (what {@link #latestIndicators} will stream). */
    long indicatorIds() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select count(distinct id) from stix_object where type = 'indicator'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreUnavailableException(e);
        }
    }

    static String ownerKey(String id, long owner) {
        return id + "\u0000" + owner;
    }

    /**
     * The distinct labels the versions of these objects carry, per (id, owner organisation)
     * ({@link #ownerKey}): one query for a page of received objects instead of one per object.
     */
    Map<String, Set<org.entente.sharing.SharingLabel>> labelsByOwner(String[] ids) {
        Map<String, Set<org.entente.sharing.SharingLabel>> out = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select distinct id, " + LABEL + " from stix_object where id = any (?)")) {
            ps.setArray(1, c.createArrayOf("text", ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    org.entente.sharing.SharingLabel label = Labels.read(rs, 2);
                    out.computeIfAbsent(ownerKey(rs.getString(1), label.owner().value()), k -> new HashSet<>(2)).add(label);
                }
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException(e);
        }
        return out;
    }

    /** The label of the latest version of {@code id}. */
    Optional<org.entente.sharing.SharingLabel> label(String id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select owner_org, owner_participant, tlp, audience, audience_task_force, audience_participants, audience_orgs
                from stix_object where id = ? order by version desc limit 1""")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(Labels.read(rs));
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException(e);
        }
    }

    /** The last date_added handed out: every version stored at or before it is committed. */
    Instant storeClock() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select last from store_clock")) {
            rs.next();
            var last = rs.getObject(1, java.time.OffsetDateTime.class);
            return last == null ? Instant.EPOCH : last.toInstant();
        } catch (SQLException e) {
            throw new StoreUnavailableException(e);
        }
    }

    /**
     * For every object that received a version in {@code (after, upTo]}: its latest version stored up
     * to {@code upTo}, with its label and body. Not filtered for a caller (see StixStore#addedBetween).
     */
    void addedBetween(Instant after, Instant upTo, Consumer<StixStore.Added> sink) {
        String sql = "select distinct on (id) id, type, version, revoked, date_added, body::text,"
                + " owner_org, owner_participant, tlp, audience, audience_task_force, audience_participants, audience_orgs"
                + " from stix_object where date_added <= ? and id in"
                + " (select id from stix_object where date_added > ? and date_added <= ?)"
                + " order by id, version desc";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setTimestamp(1, Timestamp.from(upTo));
                ps.setTimestamp(2, Timestamp.from(after));
                ps.setTimestamp(3, Timestamp.from(upTo));
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(new StixStore.Added(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                                rs.getTimestamp(5).toInstant(), rs.getString(6), Labels.read(rs, 7)));
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException(e);
        }
    }

    /**
     * Streams every stored version the caller may see, in date_added order, with a server-side cursor,
     * so an export of any size holds one fetch of rows at a time.
     */
    void export(List<String> types, Instant addedSince, SqlFilter visible, Consumer<String> sink) {
        List<Object> args = new ArrayList<>(visible.params());
        StringBuilder sql = new StringBuilder("select body::text from stix_object where ").append(visible.sql());
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

    /** The label columns, for {@link Labels#read}. */
    private static final String LABEL = "owner_org, owner_participant, tlp, audience, audience_task_force, audience_participants, audience_orgs";

    /**
     * The federation feed for one recipient: versions it may see added after {@code after} (not those
     * its own participant owns) and label changes after {@code after}, merged in clock order, at most
     * {@code limit} entries (a label change is never split, so a page may hold a few more). A label
     * change is one entry per current version with that version's own label (one entry with a null
     * label when the object is gone); the caller decides per version what the recipient receives.
     */
    FederationFeed.Page feed(SqlFilter visible, long recipientParticipant, Instant after, int limit,
                             java.util.function.Function<List<String>, Set<String>> receivedAmong) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // one snapshot for both sources
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                List<FederationFeed.Entry> versions = new ArrayList<>();
                List<Object> args = new ArrayList<>();
                args.add(java.sql.Timestamp.from(after));
                args.add(recipientParticipant);
                args.addAll(visible.params());
                args.add(limit + 1);
                try (PreparedStatement ps = prepare(c, "select o.id, o.version, o.date_added, o.body::text, " + LABEL
                        + " from stix_object o where o.date_added > ? and o.owner_participant <> ? and " + visible.sql()
                        + " order by o.date_added limit ?", args); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        versions.add(new FederationFeed.Entry(rs.getTimestamp(3).toInstant(), rs.getString(1), false,
                                Labels.read(rs, 5), List.of(rs.getString(4))));
                    }
                }
                LabelChanges changes = labelChangesFor(c, visible, after, limit, receivedAmong);
                List<FederationFeed.Entry> out = new ArrayList<>();
                int v = 0, l = 0;
                List<Object[]> relevant = changes.relevant();
                // Label changes were read only up to the horizon (when set): no version after it may be taken, or
                // the cursor would pass over changes not read yet.
                Instant horizon = changes.skippedTo();
                boolean cut = false;
                while (v < versions.size() || l < relevant.size()) {
                    if (out.size() >= limit) {
                        cut = true;
                        break;
                    }
                    boolean takeVersion = l >= relevant.size()
                            || v < versions.size() && versions.get(v).at().isBefore((Instant) relevant.get(l)[0]);
                    if (takeVersion) {
                        if (horizon != null && versions.get(v).at().isAfter(horizon)) {
                            break;
                        }
                        out.add(versions.get(v++));
                    } else {
                        Object[] change = relevant.get(l++);
                        out.addAll(labelChange(c, (Instant) change[0], (String) change[1]));
                    }
                }
                Instant next = out.isEmpty() ? after : out.getLast().at();
                if (!cut && horizon != null && horizon.isAfter(next)) {
                    // Everything up to the horizon that concerns the recipient is on this page; the rest up to
                    // there concerns it not at all: it resumes after them.
                    next = horizon;
                }
                c.commit();
                return new FederationFeed.Page(out, v < versions.size() || l < relevant.size() || horizon != null, next);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException(e);
        }
    }

    /** How many label changes that do not concern a recipient one feed page passes over at most. */
    static final int FEED_SCAN = 10_000;

    /**
     * The label changes after {@code after} that may concern the recipient, at most {@code limit + 1}: some current
     * version of the object is visible to it, or it was sent a version ({@code receivedAmong}); it is told nothing of
     * the others, not even by its cursor. {@code skippedTo}: when {@value #FEED_SCAN} rows were read without finding
     * that many, the tick of the last row read (the recipient may resume after it: what lies before is either on
     * the page or not its concern); else null, and rows not read yet are read again by the next page (their cost
     * is bounded by the scan, and moving the cursor over them would tell when the last of them happened).
     */
    private record LabelChanges(List<Object[]> relevant, Instant skippedTo) {
    }

    private static LabelChanges labelChangesFor(Connection c, SqlFilter visible, Instant after, int limit,
                                                java.util.function.Function<List<String>, Set<String>> receivedAmong)
            throws SQLException {
        List<Object[]> relevant = new ArrayList<>();
        Instant from = after;
        int read = 0;
        int chunk = Math.min(FEED_SCAN, Math.max(100, limit + 1));
        while (relevant.size() <= limit) {
            if (read >= FEED_SCAN) {
                return new LabelChanges(relevant, from);
            }
            List<Object> args = new ArrayList<>();
            args.addAll(visible.params());
            args.add(java.sql.Timestamp.from(from));
            args.add(chunk);
            List<Object[]> rows = new ArrayList<>();
            try (PreparedStatement ps = prepare(c, "select lc.at, lc.id, exists (select 1 from stix_object o where o.id = lc.id and "
                    + visible.sql() + ") from stix_label_change lc where lc.at > ? order by lc.at limit ?", args);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getBoolean(3)});
                }
            }
            List<String> unseen = rows.stream().filter(r -> !(Boolean) r[2]).map(r -> (String) r[1]).distinct().toList();
            Set<String> received = unseen.isEmpty() ? Set.of() : receivedAmong.apply(unseen);
            for (Object[] r : rows) {
                read++;
                from = (Instant) r[0];
                if ((Boolean) r[2] || received.contains((String) r[1])) {
                    relevant.add(new Object[] {r[0], r[1]});
                    if (relevant.size() > limit) {
                        break;
                    }
                }
            }
            if (rows.size() < chunk) {
                break; // the end of the log
            }
        }
        return new LabelChanges(relevant, null);
    }

    /**
     * A label change as entries at {@code at}: one per current version, each with that version's own
     * label (the store is keyed by (id, version), so versions of one id may belong to different owners
     * and carry different labels; each is decided and signed on its own), or a single entry with no
     * label and no body when no version is left.
     */
    private static List<FederationFeed.Entry> labelChange(Connection c, Instant at, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select body::text, " + LABEL
                + " from stix_object where id = ? order by version, owner_org")) {
            ps.setString(1, id);
            List<FederationFeed.Entry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new FederationFeed.Entry(at, id, true, Labels.read(rs, 2), List.of(rs.getString(1))));
                }
            }
            if (out.isEmpty()) {
                out.add(new FederationFeed.Entry(at, id, true, null, List.of()));
            }
            return out;
        }
    }

    /** {@code where} has the leading arguments first, then the filter's parameters. */
    private Optional<StoredObject> queryOne(String where, SqlFilter visible, Object... leading) {
        List<StoredObject> rows = query(where, visible, leading);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    private List<StoredObject> query(String where, SqlFilter visible, Object... leading) {
        List<Object> args = new ArrayList<>(List.of(leading));
        args.addAll(visible.params());
        return run("select id, version, type, date_added, body::text from stix_object " + where, args);
    }

    private List<StoredObject> run(String sql, List<Object> args) {
        return run(dataSource, sql, args);
    }

    private List<StoredObject> run(DataSource from, String sql, List<Object> args) {
        try (Connection c = from.getConnection(); PreparedStatement ps = prepare(c, sql, args);
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
            } else if (a instanceof Long[] array) {
                ps.setArray(i + 1, c.createArrayOf("bigint", array));
            } else {
                ps.setObject(i + 1, a);
            }
        }
        return ps;
    }
}
