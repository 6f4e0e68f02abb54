package org.entente.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invalid patterns are rejected with the position of the actual fault and a message naming what was
 * expected and found (syntax) or which rule is broken (semantics). The cases are in
 * {@code pattern/invalid-patterns.txt}: each states the pattern, the line and column of the fault, and
 * the exact message.
 */
class PatternInvalidTest {

    record Case(String pattern, int line, int column, String reason) {
        @Override
        public String toString() {
            return pattern.replace("\n", "⏎").replace("\t", "⇥");
        }
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = PatternInvalidTest.class.getResourceAsStream("/pattern/invalid-patterns.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(" \\| ", 4);
                cases.add(new Case(f[0].replace("⏎", "\n").replace("⇥", "\t"), Integer.parseInt(f[1]),
                        Integer.parseInt(f[2]), f[3]));
            }
        }
        return cases;
    }

    static Stream<Arguments> invalid() throws IOException {
        return cases().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void isRejectedAtTheFaultWithAMessageSayingWhy(Case c) {
        InvalidPatternException e = catchThrowableOfType(InvalidPatternException.class, () -> PatternParser.parse(c.pattern()));
        assertThat(e).as("rejected").isNotNull();
        assertThat(e.reason()).isEqualTo(c.reason());
        assertThat(e.line()).as("line").isEqualTo(c.line());
        assertThat(e.column()).as("column").isEqualTo(c.column());
        assertThat(e.getMessage()).isEqualTo("line " + c.line() + ", column " + c.column() + ": " + c.reason());
        assertThat(e).isInstanceOf(IllegalArgumentException.class);
        // offset is the UTF-16 index of the same place: the column counted back from the line's start.
        String[] lines = c.pattern().split("\n", -1);
        int lineStart = 0;
        for (int i = 0; i < c.line() - 1; i++) {
            lineStart += lines[i].length() + 1;
        }
        assertThat(e.offset()).isEqualTo(c.pattern().offsetByCodePoints(lineStart, c.column() - 1));
    }

    @Test
    void thereAreAtLeastSixtyDistinctInvalidPatterns() throws IOException {
        List<Case> cases = cases();
        Set<String> distinct = new HashSet<>();
        cases.forEach(c -> distinct.add(c.pattern()));
        assertThat(distinct).hasSize(cases.size()).hasSizeGreaterThanOrEqualTo(60);
    }

    @Test
    void columnsCountCodePointsAndOffsetsCountUtf16Units() {
        InvalidPatternException e = catchThrowableOfType(InvalidPatternException.class,
                () -> PatternParser.parse("[file:name = '😀😀' AND file:size = b'!!']"));
        assertThat(e.column()).isEqualTo(35);
        assertThat(e.offset()).isEqualTo(36);
        assertThat("[file:name = '😀😀' AND file:size = b'!!']".substring(e.offset())).startsWith("b'!!'");
    }

    @Test
    void nothingIsPrintedToStandardErrorOrOut() throws IOException {
        PrintStream err = System.err;
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            System.setOut(capture);
            for (Case c : cases()) {
                catchThrowableOfType(InvalidPatternException.class, () -> PatternParser.parse(c.pattern()));
            }
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void parsingIsThreadSafe() throws Exception {
        List<Case> cases = cases();
        String valid = "([file:hashes.'SHA-256' = 'aa' OR file:size IN (1, 2)] AND [ipv4-addr:value ISSUBSET '10.0.0.0/8'])"
                + " WITHIN 30 SECONDS FOLLOWEDBY [process:name MATCHES '^a.+$'] REPEATS 2 TIMES";
        Pattern expected = PatternParser.parse(valid);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        if (!PatternParser.parse(valid).equals(expected)) {
                            return false;
                        }
                        Case c = cases.get(i % cases.size());
                        InvalidPatternException e = catchThrowableOfType(InvalidPatternException.class,
                                () -> PatternParser.parse(c.pattern()));
                        if (e == null || e.column() != c.column() || !e.reason().equals(c.reason())) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }
}
