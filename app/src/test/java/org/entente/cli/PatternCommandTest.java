package org.entente.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.entente.stix.StixJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/** {@code entente pattern check|match} through {@link Cli#run}, without a node: exit codes and output. */
class PatternCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    private static final String BUNDLE = """
            {"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects": [
              {"type": "observed-data", "spec_version": "2.1", "id": "observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf",
               "created": "2016-04-06T19:58:16.000Z", "modified": "2016-04-06T19:58:16.000Z",
               "first_observed": "2015-12-21T19:00:00Z", "last_observed": "2015-12-21T19:00:00Z", "number_observed": 1,
               "object_refs": ["file--364fe3e5-b1f4-5ba3-b951-ee5983b3538d"]},
              {"type": "file", "spec_version": "2.1", "id": "file--364fe3e5-b1f4-5ba3-b951-ee5983b3538d", "name": "foo.dll",
               "hashes": {"SHA-256": "aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f"}},
              {"type": "observed-data", "spec_version": "2.1", "id": "observed-data--c1a2b3c4-02ac-498a-92f9-32f845f448cf",
               "created": "2016-04-06T19:58:16.000Z", "modified": "2016-04-06T19:58:16.000Z",
               "first_observed": "2015-12-21T19:02:00Z", "last_observed": "2015-12-21T19:02:00Z", "number_observed": 1,
               "objects": {"0": {"type": "windows-registry-key", "key": "HKEY_LOCAL_MACHINE\\\\foo\\\\bar"}}}
            ]}""";

    private Path file(String content) throws Exception {
        Path f = dir.resolve("observed.json");
        Files.writeString(f, content);
        return f;
    }

    @Test
    void checkPrintsValidAndTheCanonicalForm() {
        int code = Cli.run(new String[] {"pattern", "check", "( [file:name='foo.dll'  AND file:size>=10] )  WITHIN 300 SECONDS"});
        assertThat(code).isZero();
        assertThat(out()).isEqualTo("valid\n[file:name = 'foo.dll' AND file:size >= 10] WITHIN 300 SECONDS\n".replace("\n", System.lineSeparator()));
        assertThat(err()).isEmpty();
    }

    @Test
    void checkOfAnInvalidPatternExitsOneWithThePositionAndACaret() {
        int code = Cli.run(new String[] {"pattern", "check", "[file:name ]"});
        assertThat(code).isEqualTo(1);
        assertThat(out()).isEmpty();
        assertThat(err().lines().toList()).containsExactly(
                "line 1, column 12: expected a comparison operator (or NOT and an operator) after 'file:name' but found ']'",
                "  [file:name ]",
                "             ^");
    }

    @Test
    void theCaretIsUnderTheFaultOnItsOwnLineOfAMultiLinePattern() {
        int code = Cli.run(new String[] {"pattern", "check", "[file:name = 'a']\nFOLLOWEDBY\n[file:size = h'0']"});
        assertThat(code).isEqualTo(1);
        assertThat(err().lines().toList()).containsExactly(
                "line 3, column 14: hex constant h'0' has an odd number of digits (1): every byte needs two",
                "  [file:size = h'0']",
                "               ^");
    }

    @Test
    void matchPrintsTheMatchingObservationsAsJson() throws Exception {
        Path f = file(BUNDLE);
        int code = Cli.run(new String[] {"pattern", "match",
                "([file:name = 'foo.dll'] FOLLOWEDBY [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) WITHIN 300 SECONDS",
                f.toString()});
        assertThat(code).as(err()).isZero();
        JsonNode printed = StixJson.MAPPER.readTree(out());
        assertThat(printed.isArray()).isTrue();
        assertThat(printed).hasSize(2);
        assertThat(printed.get(0).path("id").asString()).isEqualTo("observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf");
        assertThat(printed.get(0).path("objects").path("file--364fe3e5-b1f4-5ba3-b951-ee5983b3538d").path("name").asString())
                .isEqualTo("foo.dll");
        assertThat(printed.get(1).path("first_observed").asString()).isEqualTo("2015-12-21T19:02:00Z");
        assertThat(printed.get(1).path("number_observed").asInt()).isEqualTo(1);
    }

    @Test
    void matchExitsOneWhenNothingMatches() throws Exception {
        Path f = file(BUNDLE);
        int code = Cli.run(new String[] {"pattern", "match",
                "([file:name = 'foo.dll'] FOLLOWEDBY [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) WITHIN 60 SECONDS",
                f.toString()});
        assertThat(code).isEqualTo(1);
        assertThat(out()).isEmpty();
        assertThat(err()).contains("no match among 2 observations");
    }

    @Test
    void bareScosAreObservedAtTheGivenTime() throws Exception {
        Path f = file("""
                [{"type": "ipv4-addr", "id": "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd", "value": "198.51.100.3"}]""");
        String[] args = {"pattern", "match", "[ipv4-addr:value ISSUBSET '198.51.100.0/24'] START t'2024-01-01T00:00:00Z' "
                + "STOP t'2024-02-01T00:00:00Z'", f.toString(), "--at", "2024-01-15T00:00:00Z"};
        assertThat(Cli.run(args)).isZero();
        assertThat(StixJson.MAPPER.readTree(out()).get(0).path("id").asString()).isEqualTo("ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd");
        args[5] = "2024-03-01T00:00:00Z";
        assertThat(Cli.run(args)).isEqualTo(1);
    }

    @Test
    void matchExitsTwoOnBadInput() throws Exception {
        Path good = file(BUNDLE);
        assertThat(Cli.run(new String[] {"pattern", "match", "[file:name = ]", good.toString()})).isEqualTo(2);
        assertThat(err()).contains("line 1, column 14: expected a constant").contains("             ^");

        stderr.reset();
        assertThat(Cli.run(new String[] {"pattern", "match", "[file:name = 'a']", dir.resolve("missing.json").toString()})).isEqualTo(2);
        assertThat(err()).contains("missing.json: no such file");

        stderr.reset();
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"type\": \"bundle\", \"objects\": [");
        assertThat(Cli.run(new String[] {"pattern", "match", "[file:name = 'a']", broken.toString()})).isEqualTo(2);
        assertThat(err()).contains("broken.json: not JSON");

        stderr.reset();
        Path bad = Files.writeString(dir.resolve("bad.json"), BUNDLE.replaceFirst("\"number_observed\": 1", "\"number_observed\": -1"));
        assertThat(Cli.run(new String[] {"pattern", "match", "[file:name = 'a']", bad.toString()})).isEqualTo(2);
        assertThat(err()).contains("/objects/0/number_observed (observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf): must be an integer");
        assertThat(out()).isEmpty();
    }

    @Test
    void wrongUsageIsAUsageError() {
        assertThatThrownBy(() -> Cli.run(new String[] {"pattern"})).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> Cli.run(new String[] {"pattern", "lint", "[a:b = 1]"})).isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown pattern subcommand 'lint'");
        assertThatThrownBy(() -> Cli.run(new String[] {"pattern", "check"})).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> Cli.run(new String[] {"pattern", "match", "[file:name = 'a']"})).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> Cli.run(new String[] {"pattern", "match", "[file:name = 'a']", "x.json", "--at", "tomorrow"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("--at");
    }

    @Test
    void usageListsThePatternCommands() {
        assertThat(Cli.run(new String[] {"help"})).isZero();
        assertThat(out()).contains("pattern check PATTERN").contains("pattern match PATTERN FILE");
    }
}
