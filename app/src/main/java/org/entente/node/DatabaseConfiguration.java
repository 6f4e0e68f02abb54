package org.entente.node;


import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The one DataSource: an external PostgreSQL when a URL is configured, else the embedded one. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NodeProperties.class)
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
