package org.entente.taxii;


import java.util.UUID;

import org.entente.EntenteNode;
import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Tier;
import org.entente.support.RunningNode;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** Another node in the same JVM: its own home, embedded PostgreSQL and HTTP port; closed by the test. */
final class SecondNode implements AutoCloseable {

    final ConfigurableApplicationContext context;
    final String adminToken = "second-node-admin-" + UUID.randomUUID();
    final int port;

    SecondNode() {
        context = SpringApplication.run(EntenteNode.class, "--server.port=0", "--entente.home=" + RunningNode.freshHome(),
                "--entente.admin-token=" + adminToken);
        port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    Community community() {
        return context.getBean(Community.class);
    }

    JdbcTemplate jdbc() {
        return context.getBean(JdbcTemplate.class);
    }

    /** A user with one role in a fresh organisation (of a fresh member participant) of this node. */
    TaxiiTestSupport.User freshOrganisationUser(String role) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        var participant = community().addParticipant("Second node participant " + run, Tier.MEMBER);
        OrganisationId org = community().addOrganisation(participant, "Second node organisation " + run);
        return TaxiiTestSupport.user(community(), jdbc(), org, role);
    }

    @Override
    public void close() {
        context.close();
    }

}
