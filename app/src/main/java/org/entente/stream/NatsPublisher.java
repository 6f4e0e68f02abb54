package org.entente.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.sharing.SharingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
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
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;

/**
 * Publishes notifications to NATS JetStream, once per organisation that may see them, when
 * {@code entente.nats.url} is set. NATS subscribers are organisations' systems, not users, so the
 * recipients are decided per organisation: an organisation receives a notification when a reader of
 * that organisation (its participant's tier and task forces, holding intel.read) may see it, exactly as
 * {@link SharingPolicy#recipients} decides for the share preview, with the community as it is at
 * publication. It goes to subject {@code entente.<participant id>.<organisation id>.<kind>} of the stream
 * {@code ENTENTE} (created over {@code entente.>} when missing, bounded in age and size as
 * {@link NatsProperties} says, the oldest messages going first; an existing stream gets the same limits),
 * with {@code Nats-Msg-Id} {@code <notification uuid>.<organisation id>} so a re-sent message is stored once. Which NATS users
 * may subscribe to which organisation's subjects is NATS's own configuration (accounts, permissions on
 * {@code entente.*.<organisation id>.>}).
 *
 * <p>NATS being down never stops the node: notifications wait in a bounded queue (10,000; the oldest
 * beyond that are dropped, said once in the log) while the client reconnects, and are published when it
 * is back. The outage is logged once, and the recovery once. The stream is made sure of as soon as the
 * connection is up, so consumers can be bound to it before the first notification.
 *
 * <p>Stopping and starting again (as Spring does when it pauses and restarts a context) loses nothing:
 * notifications raised while stopped, and the one being published when the stop came, wait in the queue
 * and are published after the start, on a new connection (the same message ids, so nothing is stored
 * twice). What is still queued when the application closes is said in the log.
 */
@Component
class NatsPublisher implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(NatsPublisher.class);
    static final int QUEUE = 10_000;
    /** How long a refused notification waits before the next try, doubled after each refusal. */
    private static final Duration REFUSAL_BACKOFF = Duration.ofMillis(500);
    private static final int REFUSALS = 4;
    /** The subjects of a stream the publisher creates. */
    static final String SUBJECTS = "entente.>";
    private static final int STREAM_NOT_FOUND = 10059;

    private final NatsProperties properties;
    private final SharingPolicy policy;
    private final Community community;
    private final BlockingDeque<Pending> queue = new LinkedBlockingDeque<>(QUEUE);
    private final AtomicBoolean outageLogged = new AtomicBoolean();
    private final AtomicBoolean dropLogged = new AtomicBoolean();
    /** The current run (null while stopped); each start has its own, so a late old worker never takes part in a new one. */
    private volatile Run current;

    /** A notification waiting to be published, with the id its messages carry. */
    record Pending(String id, Notification notification) {
    }

    /** One start-to-stop period: its worker thread and its own connection. */
    private static final class Run {
        volatile boolean active = true;
        volatile Connection connection;
        volatile boolean streamReady;
        Thread worker;
    }

    NatsPublisher(NatsProperties properties, SharingPolicy policy, Community community) {
        this.properties = properties;
        this.policy = policy;
        this.community = community;
    }

    /**
     * Queues a notification, running or not: one raised while the publisher is stopped (a paused
     * context, the moments of a restart) is published after the next start.
     */
    @TransactionalEventListener(fallbackExecution = true)
    void on(Notification n) {
        if (!properties.enabled() || !DeliveryFilter.deliverable(n)) {
            return;
        }
        Pending p = new Pending(UUID.randomUUID().toString(), n);
        while (!queue.offerLast(p)) {
            queue.pollFirst();
            if (dropLogged.compareAndSet(false, true)) {
                log.warn("NATS publishing is {} notifications behind; the oldest are dropped (webhooks and streams are not affected)", QUEUE);
            }
        }
    }

    private void run(Run run) {
        Connection c = null;
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
                    .connectionListener((conn, event) -> connectionEvent(run, event))
                    .build();
            Thread.ofVirtual().name("nats-connect-watch").start(() -> {
                try {
                    Thread.sleep(6000);
                } catch (InterruptedException e) {
                    return;
                }
                if (run.active && run.connection == null && outageLogged.compareAndSet(false, true)) {
                    log.warn("NATS at {} is unavailable; notifications wait (up to {}) and are published when it is back",
                            properties.url(), QUEUE);
                }
            });
            c = Nats.connectReconnectOnConnect(options);
            run.connection = c;
            while (run.active) {
                if (!run.streamReady && c.getStatus() == Connection.Status.CONNECTED) {
                    prepareStream(run, c);
                }
                Pending p = queue.pollFirst(1, TimeUnit.SECONDS);
                if (p != null && !publishUntilDone(run, c, p)) {
                    requeue(p);
                }
            }
        } catch (InterruptedException e) {
            // stopping
        } catch (IOException | RuntimeException e) {
            log.error("NATS publisher for {} stopped: {}", properties.url(), e.toString());
        } finally {
            // The worker closes its own connection, also when stop() gave up waiting for it.
            if (c != null) {
                try {
                    c.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    log.debug("NATS: closing: {}", e.toString());
                }
            }
        }
    }

    /** Puts a notification that a stop interrupted back at the head of the queue, for the next start. */
    private void requeue(Pending p) {
        if (!queue.offerFirst(p) && dropLogged.compareAndSet(false, true)) {
            log.warn("NATS publishing is {} notifications behind; the oldest are dropped (webhooks and streams are not affected)", QUEUE);
        }
    }

    /** Makes sure of the stream as soon as the connection is up; a failure here is retried before each publish. */
    private void prepareStream(Run run, Connection c) {
        try {
            ensureStream(run, c);
        } catch (IOException | JetStreamApiException e) {
            log.debug("NATS: stream {} not ready yet: {}", properties.stream(), e.toString());
        }
    }

    private void connectionEvent(Run run, ConnectionListener.Events event) {
        switch (event) {
            case CONNECTED, RECONNECTED -> {
                if (outageLogged.compareAndSet(true, false)) {
                    log.info("NATS at {} is reachable again; publishing resumes", properties.url());
                } else if (event == ConnectionListener.Events.CONNECTED) {
                    log.info("publishing notifications to NATS at {}, stream {}", properties.url(), properties.stream());
                }
            }
            case DISCONNECTED -> {
                run.streamReady = false; // the server we reconnect to may be another one, without the stream
                if (run.active && outageLogged.compareAndSet(false, true)) {
                    log.warn("NATS at {} is unavailable; notifications wait (up to {}) and are published when it is back",
                            properties.url(), QUEUE);
                }
            }
            default -> {
            }
        }
    }

    /**
     * Publishes until every recipient has it, waiting out outages; gives up on a notification only after
     * repeated refusals, spaced out (JetStream refuses for a while when it is starting or overloaded).
     * Returns false when the run ended first: the notification was not (or not surely) published.
     */
    private boolean publishUntilDone(Run run, Connection c, Pending p) {
        int refusals = 0;
        try {
            while (run.active) {
                if (c.getStatus() != Connection.Status.CONNECTED) {
                    if (outageLogged.compareAndSet(false, true)) {
                        log.warn("NATS at {} is unavailable; notifications wait (up to {}) and are published when it is back",
                                properties.url(), QUEUE);
                    }
                    Thread.sleep(500);
                    continue;
                }
                try {
                    publish(run, c, p);
                    return true;
                } catch (IOException e) {
                    // Most likely disconnected meanwhile, or the acknowledgement was late: try again, with
                    // the same message ids, so a message JetStream already has is not stored twice.
                    Thread.sleep(500);
                } catch (JetStreamApiException e) {
                    run.streamReady = false;
                    if (++refusals >= REFUSALS) {
                        log.warn("NATS refused notification {} ({}): {}", p.id(), p.notification().kind(), e.getMessage());
                        return true;
                    }
                    Thread.sleep(REFUSAL_BACKOFF.toMillis() << (refusals - 1));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping: the run loop ends
        }
        return false;
    }

    /** Publishes one notification to each organisation that may see it, per the policy as of now. */
    private void publish(Run run, Connection c, Pending p) throws IOException, JetStreamApiException {
        ensureStream(run, c);
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

    private void ensureStream(Run run, Connection c) throws IOException, JetStreamApiException {
        if (run.streamReady) {
            return;
        }
        makeSureOfStream(c.jetStreamManagement(), properties, SUBJECTS);
        run.streamReady = true;
    }

    /**
     * Makes sure the stream exists with the configured limits. A missing one is created over {@code subjects}.
     * One that exists with other limits (made by an older version, which set none, or changed by hand: the
     * node's settings win) has its limits updated, and only them: its subjects and messages are kept, but
     * for those the new limits leave out, which NATS removes at once, oldest first. The stream is never
     * deleted. An update NATS refuses (a NATS user without the right to, an account limit) is logged and
     * the stream is used as it is: publishing matters more than its bounds.
     */
    static void makeSureOfStream(JetStreamManagement jsm, NatsProperties properties, String subjects)
            throws IOException, JetStreamApiException {
        String name = properties.stream();
        StreamInfo info;
        try {
            info = jsm.getStreamInfo(name);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            try {
                jsm.addStream(withLimits(StreamConfiguration.builder().name(name).subjects(subjects)
                        .storageType(StorageType.File), properties).build());
                log.info("created the NATS JetStream stream {} over {}, keeping messages for {} and up to {} (the oldest go first)",
                        name, subjects, age(properties.maxAge()), bytes(properties.maxBytes().toBytes()));
                return;
            } catch (JetStreamApiException refused) {
                try {
                    info = jsm.getStreamInfo(name); // created by another node meanwhile: its limits are seen to below
                } catch (JetStreamApiException stillMissing) {
                    throw refused; // the creation itself was refused: that is the reason to tell
                }
            }
        }
        StreamConfiguration current = info.getConfiguration();
        List<String> changes = limitChanges(current, properties);
        if (changes.isEmpty()) {
            return;
        }
        StreamConfiguration.Builder updated = withLimits(StreamConfiguration.builder(current), properties);
        // NATS refuses a deduplication window longer than the age limit; a new stream gets one that fits.
        Duration window = current.getDuplicateWindow();
        if (window != null && window.compareTo(properties.maxAge()) > 0) {
            updated.duplicateWindow(properties.maxAge());
        }
        try {
            jsm.updateStream(updated.build());
            log.info("updated the limits of the NATS JetStream stream {}, keeping its subjects {} and messages: {}",
                    name, current.getSubjects(), String.join(", ", changes));
        } catch (JetStreamApiException e) {
            log.warn("NATS refused to update the limits of the JetStream stream {} ({}), which is used as it is: {}",
                    name, String.join(", ", changes), e.getMessage());
        }
    }

    private static StreamConfiguration.Builder withLimits(StreamConfiguration.Builder b, NatsProperties properties) {
        return b.maxAge(properties.maxAge()).maxBytes(properties.maxBytes().toBytes()).discardPolicy(DiscardPolicy.Old);
    }

    /** How the stream's limits differ from the configured ones, as the log says it; empty when they do not. */
    static List<String> limitChanges(StreamConfiguration current, NatsProperties properties) {
        List<String> changes = new ArrayList<>();
        Duration age = current.getMaxAge() == null ? Duration.ZERO : current.getMaxAge();
        if (!age.equals(properties.maxAge())) {
            changes.add("max-age " + age(age) + " -> " + age(properties.maxAge()));
        }
        if (current.getMaxBytes() != properties.maxBytes().toBytes()) {
            changes.add("max-bytes " + bytes(current.getMaxBytes()) + " -> " + bytes(properties.maxBytes().toBytes()));
        }
        if (current.getDiscardPolicy() != DiscardPolicy.Old) {
            changes.add("discard " + current.getDiscardPolicy() + " -> " + DiscardPolicy.Old);
        }
        return changes;
    }

    private static String age(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return "unlimited";
        }
        if (d.getNano() != 0) {
            return d.toString();
        }
        long s = d.getSeconds();
        return s % 86_400 == 0 ? s / 86_400 + "d" : s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private static String bytes(long n) {
        return n <= 0 ? "unlimited" : n + " bytes";
    }

    /** Whether the current run is connected to NATS and has made sure of the stream. */
    boolean ready() {
        Run run = current;
        Connection c = run == null ? null : run.connection;
        return c != null && c.getStatus() == Connection.Status.CONNECTED && run.streamReady;
    }

    /** Notifications waiting to be published. */
    int queued() {
        return queue.size();
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled() || current != null) {
            return;
        }
        Run run = new Run();
        run.worker = Thread.ofVirtual().name("nats-publisher").unstarted(() -> run(run));
        current = run;
        run.worker.start();
    }

    @Override
    public synchronized void stop() {
        Run run = current;
        if (run == null) {
            return;
        }
        current = null;
        run.active = false;
        run.worker.interrupt();
        try {
            if (!run.worker.join(Duration.ofSeconds(5))) {
                log.debug("NATS publisher still finishing; it closes its connection when done");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return current != null;
    }

    /** At the application's end, says what was never published (a stop only pauses: the queue is kept for the next start). */
    @Override
    public void destroy() {
        stop();
        int left = queue.size();
        if (left > 0) {
            log.warn("{} notifications were not published to NATS at {}: the node stopped before they could be", left, properties.url());
            queue.clear();
        }
    }
}
