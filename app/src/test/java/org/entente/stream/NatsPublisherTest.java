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

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.StreamInfo;

/**
 * NATS JetStream, against the NATS server on 127.0.0.1:4222 when there is one (skipped otherwise):
 * each organisation that may see a notification gets it once on its own subject; others never do.
 */
class NatsPublisherTest extends StreamTestSupport {

    private Connection nats;
    private final List<Message> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    void connect() throws Exception {
        Assumptions.assumeTrue(natsReachable(), "no NATS server on 127.0.0.1:4222");
        nats = Nats.connect(NATS_URL);
        Dispatcher d = nats.createDispatcher(received::add);
        d.subscribe("entente.>");
        nats.flush(Duration.ofSeconds(2));
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

    Message await(String subject, String subjectId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            for (Message m : received) {
                if (m.getSubject().equals(subject) && new String(m.getData(), StandardCharsets.UTF_8).contains(subjectId)) {
                    return m;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("nothing about " + subjectId + " on " + subject + "; " + received.size() + " messages");
    }
}
