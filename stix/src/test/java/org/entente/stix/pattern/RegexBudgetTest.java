package org.entente.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.stix.pattern.PatternMatcherTest.at;
import static org.entente.stix.pattern.PatternMatcherTest.matches;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A MATCHES expression is written by whoever made the indicator: a catastrophically backtracking one
 * must not stall the matcher on a crafted value (found while fuzzing the pattern matcher).
 */
class RegexBudgetTest {

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aBacktrackingExpressionOnACraftedValueGivesUpInsteadOfHanging() {
        // (a+)+$ against "aaa…a!" takes 2^n steps in java.util.regex: n = 40 would run for hours.
        Observation crafted = at("c", 0, "{`0`: {`type`: `process`, `command_line`: `" + "a".repeat(40) + "!`}}");
        long t0 = System.nanoTime();
        assertThat(matches("[process:command_line MATCHES '^(a+)+$']", crafted)).isFalse();
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
    }

    @Test
    void ordinaryExpressionsStillMatchLongValues() {
        Observation ok = at("o", 0, "{`0`: {`type`: `process`, `command_line`: `" + "x".repeat(100_000) + "evil.exe`}}");
        assertThat(matches("[process:command_line MATCHES 'evil\\\\.exe$']", ok)).isTrue();
        assertThat(matches("[process:command_line MATCHES '^(a+)+$']", at("s", 0,
                "{`0`: {`type`: `process`, `command_line`: `aaaa`}}"))).as("a benign value of the same expression").isTrue();
    }
}
