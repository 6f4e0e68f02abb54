package org.entente.bench;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.entente.community.Caller;
import org.entente.intel.StixStore;
import org.entente.intel.TaxiiQuery;
import org.entente.sharing.SharingPolicy;
import org.entente.sharing.SqlFilter;

/**
 * Same-run peers of the TAXII load, run with the same clients over the same pages, to show where a
 * request's cost goes: the store alone ({@link StixStore#taxiiPage} in-process: sharing-policy SQL and
 * row decoding, no HTTP, no Spring MVC, no authentication), and PostgreSQL alone (the plainest page
 * query, {@code body::text} by {@code date_added}, through the node's pool). Also a diagnostic
 * ({@code -Dexplain=true}): the page query as {@code StixObjectTable.taxiiPage} builds it, explained
 * and timed against variants without parts of it.
 */
final class TaxiiPeers {

    private TaxiiPeers() {
    }

    /** The server's cursor format (TaxiiController.next): base64url of date_added in microseconds since the epoch. */
    static Instant decode(String cursor) {
        return Instant.EPOCH.plus(ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor)).getLong(), ChronoUnit.MICROS);
    }

    static String encode(Instant dateAdded) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, dateAdded);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(8).putLong(micros).array());
    }

    static TaxiiQuery page(Instant after, int limit) {
        return new TaxiiQuery(new TaxiiQuery.Scope.Everything(), null, after, List.of(), List.of(),
                TaxiiQuery.VersionMatch.LAST, List.of(), limit);
    }

    static TaxiiLoad.Step store(StixStore store, Caller caller, int limit) {
        return (client, cursor) -> {
            TaxiiQuery.Page p = store.taxiiPage(caller, page(cursor == null ? null : decode(cursor), limit));
            if (p.items().isEmpty()) {
                throw new IllegalStateException("empty page");
            }
            return p.more() ? encode(p.items().getLast().dateAdded()) : null;
        };
    }

    static final String PLAIN = "select date_added, body::text from stix_object where date_added > ? order by date_added limit ?";

    static TaxiiLoad.Step postgres(DataSource dataSource, int limit) {
        return (client, cursor) -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PLAIN)) {
                ps.setTimestamp(1, Timestamp.from(cursor == null ? Instant.EPOCH : decode(cursor)));
                ps.setInt(2, limit + 1);
                Instant last = null;
                int n = 0;
                long chars = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        n++;
                        if (n <= limit) {
                            last = rs.getTimestamp(1).toInstant();
                            chars += rs.getString(2).length();
                        }
                    }
                }
                if (chars == 0) {
                    throw new IllegalStateException("empty page");
                }
                return n > limit ? encode(last) : null;
            }
        };
    }

    /** The page query exactly as StixObjectTable.taxiiPage builds it for the Everything collection and match[version]=last. */
    record Query(String sql, List<Object> args) {
    }

    static Query serverQuery(SharingPolicy policy, Caller caller, Instant after, int limit, boolean extracts, boolean notExists) {
        SqlFilter visible = policy.filter(caller, "o.");
        SqlFilter visibleOther = policy.filter(caller, "n.");
        List<Object> args = new ArrayList<>(visible.params());
        StringBuilder sql = new StringBuilder("select o.id, o.version, o.date_added, o.body::text"
                + (extracts ? ", coalesce(o.body->>'spec_version', '2.1'), o.body->>'modified'" : "")
                + " from stix_object o where ").append(visible.sql());
        if (after != null) {
            sql.append(" and o.date_added > ?");
            args.add(Timestamp.from(after));
        }
        if (notExists) {
            sql.append(" and (not exists (select 1 from stix_object n where n.id = o.id and n.version > o.version and ")
                    .append(visibleOther.sql()).append("))");
            args.addAll(visibleOther.params());
        }
        sql.append(" order by o.date_added limit ?");
        args.add(limit + 1);
        return new Query(sql.toString(), args);
    }

    private static PreparedStatement prepare(Connection c, String sql, List<Object> args) throws Exception {
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

    /** Database statements (transactions, all autocommit) a TAXII page request causes, from pg_stat_database. */
    static void statementsPerRequest(DataSource dataSource, TaxiiLoad.Step overHttp, int requests) throws Exception {
        String sql = "select xact_commit + xact_rollback from pg_stat_database where datname = current_database()";
        org.springframework.jdbc.core.JdbcTemplate jdbc = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
        Thread.sleep(1500); // statistics reach pg_stat_database within a second of the transaction
        long before = jdbc.queryForObject(sql, Long.class);
        String cursor = null;
        for (int i = 0; i < requests; i++) {
            cursor = overHttp.fetch(0, cursor);
        }
        Thread.sleep(1500);
        long after = jdbc.queryForObject(sql, Long.class);
        System.out.printf(Locale.ROOT, "database transactions per TAXII GET objects/ request: %.2f (%d over %d requests)%n",
                (after - before - 1.0) / requests, after - before - 1, requests);
    }

    /** Prints the plan of the server's page query (first and a middle page), then times variants walking every page. */
    static void explain(DataSource dataSource, SharingPolicy policy, Caller caller, List<String> cursors, int limit) throws Exception {
        Instant middle = decode(cursors.get(cursors.size() / 2));
        try (Connection c = dataSource.getConnection()) {
            for (Instant after : new Instant[] {null, middle}) {
                Query q = serverQuery(policy, caller, after, limit, true, true);
                System.out.println("EXPLAIN (ANALYZE, BUFFERS, SERIALIZE) of the TAXII page query, limit " + limit + (after == null ? ", first page:" : ", middle page:"));
                System.out.println("  " + q.sql());
                try (PreparedStatement ps = prepare(c, "explain (analyze, buffers, serialize text) " + q.sql(), q.args()); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        System.out.println("    " + rs.getString(1));
                    }
                }
            }
            String[] names = {"server query", "without the body->> extracts", "without the not-exists",
                "policy filter only", "plain body::text by date_added"};
            boolean[][] variants = {{true, true}, {false, true}, {true, false}, {false, false}};
            List<List<Double>> times = new ArrayList<>();
            for (int v = 0; v < names.length; v++) {
                times.add(new ArrayList<>());
            }
            for (int rep = 0; rep < 5; rep++) {
                for (int v = 0; v < names.length; v++) {
                    long t0 = System.nanoTime();
                    for (String cursor : cursors) {
                        Instant after = cursor == null ? null : decode(cursor);
                        Query q = v < variants.length ? serverQuery(policy, caller, after, limit, variants[v][0], variants[v][1])
                                : new Query(PLAIN, List.of(Timestamp.from(after == null ? Instant.EPOCH : after), limit + 1));
                        try (PreparedStatement ps = prepare(c, q.sql(), q.args()); ResultSet rs = ps.executeQuery()) {
                            int body = v < variants.length ? 4 : 2;
                            while (rs.next()) {
                                rs.getString(body);
                            }
                        }
                    }
                    times.get(v).add((System.nanoTime() - t0) / 1e9);
                }
            }
            // What a design keeping each body's text as well would cost: the same plain walk over a text copy.
            try (var st = c.createStatement()) {
                st.execute("create temp table stix_text as select date_added, body::text as body from stix_object");
                st.execute("create index on stix_text (date_added)");
                st.execute("analyze stix_text");
            }
            List<Double> textTimes = new ArrayList<>();
            for (int rep = 0; rep < 5; rep++) {
                long t0 = System.nanoTime();
                for (String cursor : cursors) {
                    try (PreparedStatement ps = c.prepareStatement(PLAIN.replace("body::text", "body").replace("stix_object", "stix_text"))) {
                        ps.setTimestamp(1, Timestamp.from(cursor == null ? Instant.EPOCH : decode(cursor)));
                        ps.setInt(2, limit + 1);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                rs.getString(2);
                            }
                        }
                    }
                }
                textTimes.add((System.nanoTime() - t0) / 1e9);
            }
            System.out.println("walk of all " + cursors.size() + " pages (limit " + limit + ") on one connection, JDBC included, median of 5:");
            for (int v = 0; v < names.length; v++) {
                double m = ImportBenchmark.median(times.get(v));
                System.out.printf(Locale.ROOT, "  %-32s %.3f s = %.2f ms a page (runs %s)%n", names[v], m, 1000 * m / cursors.size(),
                        times.get(v).stream().map(t -> String.format(Locale.ROOT, "%.3f", t)).toList());
            }
            double m = ImportBenchmark.median(textTimes);
            System.out.printf(Locale.ROOT, "  %-32s %.3f s = %.2f ms a page (runs %s)%n", "plain, over a text copy (no jsonb)", m,
                    1000 * m / cursors.size(), textTimes.stream().map(t -> String.format(Locale.ROOT, "%.3f", t)).toList());
        }
    }
}
