package org.entente.node;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of one node.
 *
 * @param home       folder holding the node's own state (embedded database, keys); default {@code ./var}
 * @param dbUrl      JDBC URL of an external PostgreSQL; empty means the embedded one under {@code home}
 * @param dbUser     user for the external database
 * @param dbPassword password for the external database
 * @param adminToken API token to give the administrator on first start; generated when empty
 * @param participant  name of the participant operating this node (first start)
 * @param tier         that participant's tier: member, observer or dialogue-partner (first start)
 * @param organisation name of the operator organisation the administrator belongs to (first start)
 */
@ConfigurationProperties("entente")
public record NodeProperties(Path home, String dbUrl, String dbUser, String dbPassword, String adminToken,
                             String participant, String tier, String organisation) {

    public NodeProperties {
        home = home == null ? Path.of("var") : home;
        participant = participant == null || participant.isBlank() ? "This node" : participant;
        tier = tier == null || tier.isBlank() ? "member" : tier;
        organisation = organisation == null || organisation.isBlank() ? "Node operator" : organisation;
    }

    public boolean embeddedDatabase() {
        return dbUrl == null || dbUrl.isBlank();
    }
}
