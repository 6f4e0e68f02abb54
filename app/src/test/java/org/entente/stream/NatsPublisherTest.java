package org.entente.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.entente.stix.Tlp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StreamInfo;

/**
 * NATS JetStream, against the NATS server on 127.0.0.1:4222 when there is one (skipped otherwise):
 * each organisation that may see a notification gets it once on its own subject; others never do.
 * Read as the organisations' systems read it: through a JetStream consumer of the stream (so a message
 * re-sent after a late acknowledgement counts once, as JetStream stores it once), bound before anything
 * is published, to the stream the publisher made sure of when it connected.
 */
class NatsPublisherTest extends StreamTestSupport {

    @Autowired
    NatsPublisher publisher;
    @Autowired
    ConfigurableApplicationContext context;

    private Connection nats;
    private final List<Message> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    void connect() throws Exception {
        Assumptions.assumeTrue(natsReachable(), "no NATS server on 127.0.0.1:4222");
        nats = Nats.connect(NATS_URL);
        // The publisher makes sure of the stream as soon as it is connected, before any notification.
        StreamInfo stream = awaitStream();
        assertThat(stream.getConfiguration().getSubjects()).contains("entente.>");
        // Bounded as configured (the defaults here), also when the stream was made earlier without limits.
        assertThat(stream.getConfiguration().getMaxAge()).isEqualTo(NatsProperties.DEFAULT_MAX_AGE);
        assertThat(stream.getConfiguration().getMaxBytes()).isEqualTo(NatsProperties.DEFAULT_MAX_BYTES.toBytes());
        assertThat(stream.getConfiguration().getDiscardPolicy()).isEqualTo(DiscardPolicy.Old);
        Dispatcher d = nats.createDispatcher();
        nats.jetStream().subscribe("entente.>", d, received::add, true, PushSubscribeOptions.builder()
                .stream("ENTENTE").ordered(true)
                .configuration(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.New).build())
                .build());
        nats.flush(Duration.ofSeconds(10));
    }

    private StreamInfo awaitStream() throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                if (publisher.ready()) {
                    return nats.jetStreamManagement().getStreamInfo("ENTENTE");
                }
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != 10059) { // 10059: no such stream (yet)
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the publisher did not connect and make sure of the stream within " + PATIENCE);
            }
            Thread.sleep(50);
        }
    }

    @AfterAll
    void disconnect() throws InterruptedException {
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    void eachOrganisationInTheAudienceGetsItOnItsSubjectAndNoOtherOrganisationDoes() throws Exception {
        String alert = publish("alert", "sighting", taskForceLabel(counterTerrorism, Tlp.AMBER));
        String marker = publish("sighting", "sighting", everyone());

        Message toRu = await("entente." + ru.value() + "." + ruMod.value() + ".alert", alert);
        assertThat(new String(toRu.getData(), StandardCharsets.UTF_8)).contains("\"id\":\"" + alert + "\"");
        assertThat(toRu.getHeaders().getFirst("Nats-Msg-Id")).endsWith("." + ruMod.value());
        assertThat(toRu.getHeaders().getFirst("Entente-Event")).isEqualTo("alert");
        await("entente." + kz.value() + "." + kzCert.value() + ".alert", alert); // the owner's organisation

        await("entente." + mn.value() + "." + mnIntel.value() + ".sighting", marker); // published after the alert
        assertThat(received).noneMatch(m -> m.getSubject().contains("." + mnIntel.value() + ".")
                && new String(m.getData(), StandardCharsets.UTF_8).contains(alert));
        assertThat(received.stream().filter(m -> new String(m.getData(), StandardCharsets.UTF_8).contains(alert)))
                .as("once per organisation that may see it").hasSize(2);

        StreamInfo stream = nats.jetStreamManagement().getStreamInfo("ENTENTE");
        assertThat(stream.getConfiguration().getSubjects()).contains("entente.>");
        assertThat(stream.getStreamState().getMsgCount()).isPositive();
    }

    @Test
    void removingAParticipantFromTheTaskForceStopsPublicationToItsOrganisations() throws Exception {
        var tf = taskForce("Border security", kz, ru);
        String before = publish("alert", "sighting", taskForceLabel(tf, Tlp.AMBER));
        await("entente." + ru.value() + "." + ruMod.value() + ".alert", before);

        leave(tf, ru);
        String after = publish("alert", "sighting", taskForceLabel(tf, Tlp.AMBER));
        String marker = publish("sighting", "sighting", everyone());
        await("entente." + kz.value() + "." + kzCert.value() + ".alert", after);
        await("entente." + ru.value() + "." + ruMod.value() + ".sighting", marker);
        assertThat(received).noneMatch(m -> m.getSubject().contains("." + ruMod.value() + ".")
                && new String(m.getData(), StandardCharsets.UTF_8).contains(after));
    }

    @Test
    void aNotificationRaisedWhileTheContextIsPausedIsPublishedAfterTheRestart() throws Exception {
        // What the TestContext framework does to an idle cached context (Spring Framework 7), and what a
        // stop and start of the node's lifecycle do: the publisher is stopped, then started again.
        context.pause();
        String whilePaused;
        try {
            assertThat(publisher.isRunning()).isFalse();
            whilePaused = publish("alert", "sighting", taskForceLabel(counterTerrorism, Tlp.AMBER));
            assertThat(publisher.queued()).as("kept for the next start, not dropped").isPositive();
        } finally {
            context.restart();
        }
        assertThat(publisher.isRunning()).isTrue();
        await("entente." + ru.value() + "." + ruMod.value() + ".alert", whilePaused);
        await("entente." + kz.value() + "." + kzCert.value() + ".alert", whilePaused);

        // A second cycle, with a notification raised after the restart: the new connection publishes it.
        context.pause();
        context.restart();
        String afterRestart = publish("alert", "sighting", taskForceLabel(counterTerrorism, Tlp.AMBER));
        await("entente." + kz.value() + "." + kzCert.value() + ".alert", afterRestart);
        assertThat(received.stream().filter(m -> new String(m.getData(), StandardCharsets.UTF_8).contains(whilePaused)))
                .as("once per organisation that may see it, restarts or not").hasSize(2);
    }

    Message await(String subject, String subjectId) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            for (Message m : received) {
                if (m.getSubject().equals(subject) && new String(m.getData(), StandardCharsets.UTF_8).contains(subjectId)) {
                    return m;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("nothing about " + subjectId + " on " + subject + " within " + PATIENCE + "; "
                + received.size() + " messages; publisher running " + publisher.isRunning() + ", ready " + publisher.ready()
                + ", " + publisher.queued() + " queued");
    }
}
