package org.entente.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Says, once the node serves requests, where it is and where its data lives. */
@Component
class ReadyAnnouncement {

    private static final Logger log = LoggerFactory.getLogger(ReadyAnnouncement.class);

    private final NodeProperties node;

    ReadyAnnouncement(NodeProperties node) {
        this.node = node;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port", "?");
        log.info("Entente node ready at http://localhost:{} (home {}, {}). Ctrl-C stops it.", port,
                node.home().toAbsolutePath().normalize(),
                node.embeddedDatabase() ? "embedded PostgreSQL" : "external PostgreSQL");
    }
}
