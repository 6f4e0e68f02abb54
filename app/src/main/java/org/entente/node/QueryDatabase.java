package org.entente.node;

import javax.sql.DataSource;

/**
 * Where read-only queries that may lag go (search, counts, TAXII pages): a read replica when
 * {@code entente.db.read-url} is set, else the primary's pool. A replica answers what the primary had
 * committed some milliseconds ago (its replay lag), so a client that has just written may not read its
 * write there yet: paths that must see their own writes (imports' checks, statuses, the caches'
 * loaders, anything in a transaction) use the primary. Not a DataSource itself, so nothing picks it up
 * by accident.
 */
public final class QueryDatabase {

    private final DataSource dataSource;
    private final boolean replica;

    QueryDatabase(DataSource dataSource, boolean replica) {
        this.dataSource = dataSource;
        this.replica = replica;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Whether queries go to a separate server (a replica) rather than the primary's pool. */
    public boolean replica() {
        return replica;
    }
}
