package org.entente.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.entente.support.RunningNode;
import org.entente.support.Stix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code entente sight FILE} against a running node: values file in, matches and sightings out. */
class SightCommandTest extends RunningNode {

    @TempDir
    Path dir;

    @Test
    void aValuesFileIsCorrelatedAndTheMatchesPrinted() throws Exception {
        String ip = "45.99." + (int) (Math.random() * 255) + "." + (1 + (int) (Math.random() * 250));
        String indicatorId = "indicator--" + UUID.randomUUID();
        assertThat(post("/api/v1/objects", Stix.bundle(List.of("""
                {"type":"indicator","spec_version":"2.1","id":"%s","created":"2025-06-26T08:00:00.000Z",
                 "modified":"2025-06-26T08:00:00.000Z","name":"CLI test","pattern":"[ipv4-addr:value = '%s']",
                 "pattern_type":"stix","valid_from":"2025-01-01T00:00:00Z"}""".formatted(indicatorId, ip)))).statusCode())
                .isEqualTo(200);
        Path file = Files.writeString(dir.resolve("seen.txt"), "# seen at the border\n" + ip + "\nevil-" + UUID.randomUUID() + ".example\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = new SightCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(List.of(file.toString(), "--url", "http://localhost:" + port, "--token", ADMIN_TOKEN, "--tlp", "green"));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed).contains("seen.txt: 2 observations, 1 matches, 1 sightings, 0 suppressed")
                .contains("match       " + indicatorId + " \"CLI test\"").contains("sighting    sighting--");
    }

    @Test
    void aBadValueIsReportedWithItsPointer() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.txt"), "198.51.100.1\nnot a value\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = new SightCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(List.of(file.toString(), "--url", "http://localhost:" + port, "--token", ADMIN_TOKEN));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("/values/1: not an IP, domain, URL, e-mail or hash");
    }
}
