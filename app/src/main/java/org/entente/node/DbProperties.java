package org.entente.node;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Database settings for running several instances (docs/OPERATIONS.md, Scale-out), under {@code entente.db}.
 *
 * @param readUrl      JDBC URL of a read replica for queries that may lag (search, counts, TAXII pages);
 *                     empty: they go to the primary
 * @param readUser     user for the replica; default the primary's
 * @param readPassword password for the replica; default the primary's
 * @param sessionUrl   JDBC URL for the two connections per instance that need a session of their own
 *                     (LISTEN and session advisory locks): set it to the primary directly (or a PgBouncer
 *                     in session mode) when {@code entente.db-url} goes through transaction pooling;
 *                     empty: the same URL as the pool
 */
@ConfigurationProperties("entente.db")
public record DbProperties(String readUrl, String readUser, String readPassword, String sessionUrl) {

    public boolean replica() {
        return readUrl != null && !readUrl.isBlank();
    }
}
