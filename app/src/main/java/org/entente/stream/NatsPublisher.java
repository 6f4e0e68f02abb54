package org.entente.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.sharing.SharingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;

/**
 * Publishes notifications to NATS JetStream, once per organisation that may see them, when
 * {@code entente.nats.url} is set. NATS subscribers are organisations' systems, not users, so the
 * recipients are decided per organisation: an organisation receives a notification when a reader of
 * that organisation (its participant's tier and task forces, holding intel.read) may see it, exactly as
 * {@link SharingPolicy#recipients} decides for the share preview, with the community as it is at
 * publication. It goes to subject {@code entente.<participant id>.<organisation id>.<kind>} of the stream
 * {@code ENTENTE} (created over {@code entente.>} when missing), with {@code Nats-Msg-Id}
 * {@code <notification uuid>.<organisation id>} so a re-sent message is stored once. Which NATS users
 * may subscribe to which organisation's subjects is NATS's own configuration (accounts, permissions on
 * {@code entente.*.<organisation id>.>}).
 *
 * <p>NATS being down never stops the node: notifications wait in a bounded queue (10,000; the oldest
 * beyond that are dropped, said once in the log) while the client reconnects, and are published when it
 * is back. The outage is logged once, and the recovery once.
 */
@Component
class NatsPublisher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NatsPublisher.class);
    static final int QUEUE = 10_000;

    private final NatsProperties properties;
    private final SharingPolicy policy;
    private final Community community;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(QUEUE);
    private final AtomicBoolean outageLogged = new AtomicBoolean();
    private final AtomicBoolean dropLogged = new AtomicBoolean();
    private volatile Connection connection;
    private volatile boolean streamReady;
    private volatile boolean running;
    private Thread worker;

    /** A notification waiting to be published, with the id its messages carry. */
    record Pending(String id, Notification notification) {
    }

    NatsPublisher(NatsProperties properties, SharingPolicy policy, Community community) {
        this.properties = properties;
        this.policy = policy;
        this.community = community;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(Notification n) {
        if (!running || !DeliveryFilter.deliverable(n)) {
            return;
        }
        Pending p = new Pending(UUID.randomUUID().toString(), n);
        while (!queue.offer(p)) {
            queue.poll();
            if (dropLogged.compareAndSet(false, true)) {
                log.warn("NATS publishing is {} notifications behind; the oldest are dropped (webhooks and streams are not affected)", QUEUE);
            }
        }
    }

    private void run() {
        try {
            Options options = Options.builder()
                    .server(properties.url())
                    .connectionName("entente-node")
                    .maxReconnects(-1)
                    .reconnectWait(Duration.ofSeconds(2))
                    .connectionTimeout(Duration.ofSeconds(5))
                    .errorListener(new ErrorListener() {
                        @Override
                        public void errorOccurred(Connection conn, String error) {
                            log.debug("NATS: {}", error);
                        }

                        @Override
                        public void exceptionOccurred(Connection conn, Exception exp) {
                            log.debug("NATS: {}", exp.toString());
                        }
                    })
                    .connectionListener(this::connectionEvent)
                    .build();
            Thread.ofVirtual().name("nats-connect-watch").start(() -> {
                try {
                    Thread.sleep(6000);
                } catch (InterruptedException e) {
                    return;
                }
                if (running && connection == null && outageLogged.compareAndSet(false, true)) {
                    log.warn("NATS at {} is unavailable; notifications wait (up to {}) and are published when it is back",
                            properties.url(), QUEUE);
                }
            });
            connection = Nats.connectReconnectOnConnect(options);
            while (running) {
                Pending p = queue.poll(1, TimeUnit.SECONDS);
                if (p != null) {
                    publishUntilDone(p);
                }
            }
        } catch (InterruptedException e) {
            // stopping
        } catch (IOException | RuntimeException e) {
            log.error("NATS publisher for {} stopped: {}", properties.url(), e.toString());
        }
    }

    private void connectionEvent(Connection conn, ConnectionListener.Events event) {
        switch (event) {
            case CONNECTED, RECONNECTED -> {
                if (outageLogged.compareAndSet(true, false)) {
                    log.info("NATS at {} is reachable again; publishing resumes", properties.url());
                } else if (event == ConnectionListener.Events.CONNECTED) {
                    log.info("publishing notifications to NATS at {}, stream {}", properties.url(), properties.stream());
                }
            }
            case DISCONNECTED -> {
                streamReady = false;
                if (running && outageLogged.compareAndSet(false, true)) {
                    log.warn("NATS at {} is unavailable; notifications wait (up to {}) and are published when it is back",
                            properties.url(), QUEUE);
                }
            }
            default -> {
            }
        }
    }

    /** Publishes until every recipient has it, waiting out outages; gives up on a notification only after repeated refusals. */
    private void publishUntilDone(Pending p) throws InterruptedException {
        int refusals = 0;
        while (running) {
            Connection c = connection;
            if (c == null || c.getStatus() != Connection.Status.CONNECTED) {
                if (outageLogged.compareAndSet(false, true)) {
                    log.warn("NATS at {} is unavailable; notifications wait (up to {}) and are published when it is back",
                            properties.url(), QUEUE);
                }
                Thread.sleep(500);
                continue;
            }
            try {
                publish(c, p);
                return;
            } catch (IOException e) {
                Thread.sleep(500); // most likely disconnected meanwhile: wait and try again, same message ids
            } catch (JetStreamApiException e) {
                streamReady = false;
                if (++refusals >= 3) {
                    log.warn("NATS refused notification {} ({}): {}", p.id(), p.notification().kind(), e.getMessage());
                    return;
                }
            }
        }
    }

    /** Publishes one notification to each organisation that may see it, per the policy as of now. */
    void publish(Connection c, Pending p) throws IOException, JetStreamApiException {
        ensureStream(c);
        Notification n = p.notification();
        Set<OrganisationId> recipients = policy.recipients(n.label());
        if (recipients.isEmpty()) {
            return;
        }
        Map<OrganisationId, ParticipantId> participantOf = community.organisations().stream()
                .collect(Collectors.toMap(Community.Organisation::id, Community.Organisation::participant));
        JetStream js = c.jetStream();
        byte[] body = n.payloadJson().getBytes(StandardCharsets.UTF_8);
        for (OrganisationId org : recipients) {
            ParticipantId participant = participantOf.get(org);
            if (participant == null) {
                continue;
            }
            Headers headers = new Headers();
            headers.add("Entente-Event", n.kind());
            headers.add("Entente-Subject", n.subjectId());
            js.publish(subject(participant, org, n.kind()), headers, body, PublishOptions.builder()
                    .messageId(p.id() + "." + org.value())
                    .expectedStream(properties.stream())
                    .build());
        }
    }

    static String subject(ParticipantId participant, OrganisationId organisation, String kind) {
        return "entente." + participant.value() + "." + organisation.value() + "." + kind;
    }

    private void ensureStream(Connection c) throws IOException, JetStreamApiException {
        if (streamReady) {
            return;
        }
        JetStreamManagement jsm = c.jetStreamManagement();
        try {
            jsm.getStreamInfo(properties.stream());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != 10059) { // 10059: stream not found
                throw e;
            }
            try {
                jsm.addStream(StreamConfiguration.builder().name(properties.stream()).subjects("entente.>")
                        .storageType(StorageType.File).build());
                log.info("created the NATS JetStream stream {} over entente.>", properties.stream());
            } catch (JetStreamApiException raced) {
                jsm.getStreamInfo(properties.stream()); // created by another node meanwhile: fine
            }
        }
        streamReady = true;
    }

    boolean connected() {
        Connection c = connection;
        return c != null && c.getStatus() == Connection.Status.CONNECTED;
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            return;
        }
        running = true;
        worker = Thread.ofVirtual().name("nats-publisher").start(this::run);
    }

    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        worker.interrupt();
        try {
            worker.join(5000);
            Connection c = connection;
            if (c != null) {
                c.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
