package org.entente.node;


import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The one DataSource: an external PostgreSQL when a URL is configured, else the embedded one. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({NodeProperties.class, DbProperties.class})
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedDatabaseHolder embeddedDatabase(NodeProperties node) {
        return new EmbeddedDatabaseHolder(node.embeddedDatabase() ? EmbeddedDatabase.start(node.home()) : null);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(NodeProperties node, EmbeddedDatabaseHolder embedded) {
        HikariConfig config = new HikariConfig();
        if (embedded.database() != null) {
            config.setJdbcUrl(embedded.database().jdbcUrl());
        } else {
            config.setJdbcUrl(node.dbUrl());
            config.setUsername(node.dbUser());
            config.setPassword(node.dbPassword());
        }
        config.setPoolName("entente");
        config.setMaximumPoolSize(20);
        // Server-side prepared statements from the first use: the store runs the same few queries.
        config.addDataSourceProperty("prepareThreshold", "1");
        // ...but planned for their actual parameters every time: a generic plan cached while a table
        // was empty (a sequential scan) would otherwise stay in use as the table grows, turning the
        // import's per-batch existence check quadratic. Planning these queries costs well under 1 ms.
        config.setConnectionInitSql("set plan_cache_mode = force_custom_plan");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new HikariDataSource(config);
    }

    /**
     * Queries that may lag (search, TAXII pages) go to the read replica when one is configured: a
     * second, read-only pool. Without one they share the primary's pool.
     */
    @Bean(destroyMethod = "")
    QueryDatabase queryDatabase(HikariDataSource primary, DbProperties replica, NodeProperties node) {
        if (!replica.replica()) {
            return new QueryDatabase(primary, false);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(replica.readUrl());
        config.setUsername(replica.readUser() != null ? replica.readUser() : node.dbUser());
        config.setPassword(replica.readPassword() != null ? replica.readPassword() : node.dbPassword());
        config.setPoolName("entente-read");
        config.addDataSourceProperty("ApplicationName", "entente-read"); // tells its sessions apart in pg_stat_activity
        config.setMaximumPoolSize(20);
        config.setReadOnly(true); // a write sent here by mistake fails at once, on a replica or not
        config.addDataSourceProperty("prepareThreshold", "1");
        config.setConnectionInitSql("set plan_cache_mode = force_custom_plan");
        return new QueryDatabase(new HikariDataSource(config), true);
    }

    @Bean
    ReplicaPool replicaPool(QueryDatabase queries) {
        return new ReplicaPool(queries);
    }

    /** Closes the replica's pool (not the primary's: that one is its own bean). */
    record ReplicaPool(QueryDatabase queries) implements AutoCloseable {
        @Override
        public void close() {
            if (queries.replica() && queries.dataSource() instanceof HikariDataSource h) {
                h.close();
            }
        }
    }

    /** Holds the embedded server (or nothing) so it is stopped after the pool that uses it. */
    record EmbeddedDatabaseHolder(EmbeddedDatabase database) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (database != null) {
                database.close();
            }
        }
    }

}
