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
