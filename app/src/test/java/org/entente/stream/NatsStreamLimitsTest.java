package org.entente.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;

/**
 * The JetStream stream is bounded (7 days, 1 GiB, oldest first by default), so a node left running does
 * not fill the NATS server's disk; a stream made without limits (by an older version) gets them when
 * the node connects, keeping its subjects and messages. Against the NATS server on 127.0.0.1:4222 when
 * there is one (those tests are skipped otherwise), each on a stream of its own, named and with subjects
 * of its own, so the real {@code ENTENTE} stream ({@code entente.>}) is neither touched nor overlapped;
 * the settings' validation needs no server.
 */
class NatsStreamLimitsTest {

    /** As StreamTestSupport's: generous for a loaded machine, and costs nothing when it is quick. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> created = new ArrayList<>();
    private Connection nats;

    private JetStreamManagement jsm() throws Exception {
        Assumptions.assumeTrue(StreamTestSupport.natsReachable(), "no NATS server on 127.0.0.1:4222");
        if (nats == null) {
            nats = Nats.connect(StreamTestSupport.NATS_URL);
        }
        return nats.jetStreamManagement();
    }

    /** A stream name and subjects no other test (and not the real ENTENTE stream) uses. */
    private String streamName(String what) {
        String name = "ENTENTE_TEST_" + what + "_" + run;
        created.add(name);
        return name;
    }

    private static String subjects(String stream) {
        return stream.toLowerCase() + ".>";
    }

    @AfterEach
    void removeStreams() throws Exception {
        if (nats == null) {
            return;
        }
        try {
            for (String name : created) {
                try {
                    nats.jetStreamManagement().deleteStream(name);
                } catch (JetStreamApiException e) {
                    if (e.getApiErrorCode() != 10059) { // already gone (or never made) is fine
                        throw e;
                    }
                }
            }
        } finally {
            nats.close();
        }
    }

    @Test
    void aFreshStreamIsCreatedWithTheDefaultLimitsOldestFirst() throws Exception {
        JetStreamManagement jsm = jsm();
        String name = streamName("FRESH");
        NatsProperties properties = new NatsProperties(StreamTestSupport.NATS_URL, name, null, null);

        NatsPublisher.makeSureOfStream(jsm, properties, subjects(name));

        StreamConfiguration c = jsm.getStreamInfo(name).getConfiguration();
        assertThat(c.getMaxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(c.getMaxBytes()).isEqualTo(1L << 30);
        assertThat(c.getDiscardPolicy()).isEqualTo(DiscardPolicy.Old);
        assertThat(c.getSubjects()).containsExactly(subjects(name));
        assertThat(c.getStorageType()).isEqualTo(StorageType.File);
    }

    @Test
    void aFreshStreamGetsTheConfiguredLimitsEvenAnAgeShorterThanTheDeduplicationWindow() throws Exception {
        JetStreamManagement jsm = jsm();
        String name = streamName("CONFIGURED");
        NatsProperties properties = new NatsProperties(StreamTestSupport.NATS_URL, name, Duration.ofSeconds(30),
                DataSize.ofMegabytes(10));

        NatsPublisher.makeSureOfStream(jsm, properties, subjects(name));

        StreamConfiguration c = jsm.getStreamInfo(name).getConfiguration();
        assertThat(c.getMaxAge()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.getMaxBytes()).isEqualTo(10L << 20);
        assertThat(c.getDiscardPolicy()).isEqualTo(DiscardPolicy.Old);
        assertThat(NatsPublisher.limitChanges(c, properties)).as("nothing left to change").isEmpty();
    }

    @Test
    void aStreamMadeWithoutLimitsGetsThemWhenThePublisherConnectsAndKeepsItsSubjectsAndMessages() throws Exception {
        JetStreamManagement jsm = jsm();
        String name = streamName("OLD");
        // As an older version made it: no limits at all, refusing nothing, other subjects than a new one's.
        jsm.addStream(StreamConfiguration.builder().name(name).subjects(subjects(name), "elsewhere-" + run)
                .storageType(StorageType.File).discardPolicy(DiscardPolicy.New).build());
        for (int i = 0; i < 3; i++) {
            nats.jetStream().publish(name.toLowerCase() + ".kept." + i, ("message " + i).getBytes(StandardCharsets.UTF_8));
        }
        StreamConfiguration before = jsm.getStreamInfo(name).getConfiguration();
        assertThat(before.getMaxAge()).isEqualTo(Duration.ZERO);
        assertThat(before.getMaxBytes()).isEqualTo(-1);

        // The node's publisher as it runs, connecting with this stream configured; it publishes nothing.
        NatsPublisher publisher = new NatsPublisher(
                new NatsProperties(StreamTestSupport.NATS_URL, name, Duration.ofDays(3), DataSize.ofMegabytes(64)), null, null);
        publisher.start();
        try {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!publisher.ready()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the publisher did not connect and make sure of the stream within " + PATIENCE);
                }
                Thread.sleep(50);
            }
        } finally {
            publisher.stop();
        }

        StreamInfo after = jsm.getStreamInfo(name);
        StreamConfiguration c = after.getConfiguration();
        assertThat(c.getMaxAge()).isEqualTo(Duration.ofDays(3));
        assertThat(c.getMaxBytes()).isEqualTo(64L << 20);
        assertThat(c.getDiscardPolicy()).isEqualTo(DiscardPolicy.Old);
        assertThat(c.getSubjects()).as("its own subjects, not entente.>").containsExactly(subjects(name), "elsewhere-" + run);
        assertThat(after.getStreamState().getMsgCount()).as("not deleted nor purged").isEqualTo(3);
        assertThat(new String(jsm.getMessage(name, 1).getData(), StandardCharsets.UTF_8)).isEqualTo("message 0");
    }

    @Test
    void anExistingStreamWithADeduplicationWindowLongerThanTheNewAgeIsUpdatedAndThenLeftAlone() throws Exception {
        JetStreamManagement jsm = jsm();
        String name = streamName("WINDOW");
        jsm.addStream(StreamConfiguration.builder().name(name).subjects(subjects(name)).storageType(StorageType.File)
                .maxAge(Duration.ofDays(30)).duplicateWindow(Duration.ofMinutes(10)).build());
        NatsProperties properties = new NatsProperties(StreamTestSupport.NATS_URL, name, Duration.ofMinutes(1), null);

        NatsPublisher.makeSureOfStream(jsm, properties, subjects(name));

        StreamConfiguration c = jsm.getStreamInfo(name).getConfiguration();
        assertThat(c.getMaxAge()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.getDuplicateWindow()).isLessThanOrEqualTo(Duration.ofMinutes(1));
        assertThat(c.getMaxBytes()).isEqualTo(1L << 30);
        assertThat(NatsPublisher.limitChanges(c, properties)).isEmpty();
        // Connecting again changes nothing (no update, nothing logged).
        NatsPublisher.makeSureOfStream(jsm, properties, subjects(name));
        assertThat(jsm.getStreamInfo(name).getConfiguration().getMaxAge()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theDefaultsAreSevenDaysAndOneGibibyte() {
        NatsProperties p = new NatsProperties(null, null, null, null);
        assertThat(p.maxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(p.maxBytes().toBytes()).isEqualTo(1_073_741_824L);
        assertThat(p.stream()).isEqualTo("ENTENTE");
    }

    /** Binds the settings as the node does at startup. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(NatsProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner startup = new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void settingsAreReadFromTheNatsPrefix() {
        startup.withPropertyValues("entente.nats.max-age=36h", "entente.nats.max-bytes=512MB").run(context -> {
            NatsProperties p = context.getBean(NatsProperties.class);
            assertThat(p.maxAge()).isEqualTo(Duration.ofHours(36));
            assertThat(p.maxBytes().toBytes()).isEqualTo(512L << 20);
        });
        startup.withPropertyValues("entente.nats.max-bytes=1048576").run(context ->
                assertThat(context.getBean(NatsProperties.class).maxBytes().toBytes()).as("plain bytes").isEqualTo(1L << 20));
    }

    @Test
    void invalidLimitsStopTheStartWithTheSettingNamed() {
        assertStartRefused("entente.nats.max-age=0s", "entente.nats.max-age");
        assertStartRefused("entente.nats.max-age=-7d", "entente.nats.max-age");
        assertStartRefused("entente.nats.max-age=500ms", "entente.nats.max-age");
        assertStartRefused("entente.nats.max-age=" + Long.MAX_VALUE + "s", "entente.nats.max-age");
        assertStartRefused("entente.nats.max-bytes=0", "entente.nats.max-bytes");
        assertStartRefused("entente.nats.max-bytes=-1", "entente.nats.max-bytes");
        assertStartRefused("entente.nats.max-bytes=-1GB", "entente.nats.max-bytes");
        assertThatThrownBy(() -> new NatsProperties(null, null, Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entente.nats.max-age");
    }

    private void assertStartRefused(String setting, String named) {
        startup.withPropertyValues(setting).run(context -> {
            assertThat(context).as(setting).hasFailed();
            assertThat(context.getStartupFailure()).as(setting).rootCause().hasMessageContaining(named);
        });
    }
}
