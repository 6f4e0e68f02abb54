package org.entente.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.stix.pattern.PatternMatcherTest.at;
import static org.entente.stix.pattern.PatternMatcherTest.matches;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * LIKE is matched without regular expressions: a pattern is written by whoever made the indicator, and
 * {@code %a%a%a…%b} as a backtracking expression stalled the matcher on a long value of {@code a}s (found by
 * fuzzing StixFuzzTest#patternParserPrinterAndMatcher).
 */
class LikeMatchingTest {

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void manyPercentSignsAgainstALongCraftedValueAnswerAtOnce() {
        String pattern = "%a".repeat(30) + "%b";
        Observation crafted = at("c", 0, "{`0`: {`type`: `process`, `command_line`: `" + "a".repeat(20_000) + "`}}");
        assertThat(matches("[process:command_line LIKE '" + pattern + "']", crafted)).isFalse();
        Observation hit = at("h", 0, "{`0`: {`type`: `process`, `command_line`: `" + "a".repeat(20_000) + "b`}}");
        assertThat(matches("[process:command_line LIKE '" + pattern + "']", hit)).isTrue();
    }

    @Test
    void percentIsAnyRunUnderscoreIsOneCharacterAndTheRestIsLiteral() {
        assertThat(like("evil.example.com", "%.example.com")).isTrue();
        assertThat(like("example.com", "%.example.com")).isFalse();
        assertThat(like("abc", "a_c")).isTrue();
        assertThat(like("ac", "a_c")).isFalse();
        assertThat(like("a.c", "a.c")).isTrue();
        assertThat(like("abc", "a.c")).as("a dot is a dot, not a regular expression").isFalse();
        assertThat(like("", "%")).isTrue();
        assertThat(like("", "")).isTrue();
        assertThat(like("x", "")).isFalse();
        assertThat(like("\uD83D\uDE00!", "_!")).as("one character is one code point").isTrue();
        assertThat(like("a\nb", "a_b")).as("any character, line breaks too").isTrue();
    }

    @Test
    void pastItsBudgetAComparisonIsFalseNotSlow() {
        int[] value = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab".codePoints().toArray();
        int[] pattern = "%a%a%a%a%b".codePoints().toArray();
        assertThat(PatternMatcher.likeMatches(value, pattern, 1_000_000)).isTrue();
        assertThat(PatternMatcher.likeMatches(value, pattern, 10)).isFalse();
    }

    /** The meaning LIKE had as a regular expression (% as .*, _ as ., the rest quoted, DOTALL), on small inputs. */
    @Property(tries = 2000)
    void agreesWithTheRegularExpressionItReplaces(@ForAll("texts") String value, @ForAll("patterns") String pattern) {
        StringBuilder regex = new StringBuilder();
        pattern.codePoints().forEach(cp -> regex.append(cp == '%' ? ".*" : cp == '_' ? "."
                : java.util.regex.Pattern.quote(new String(Character.toChars(cp)))));
        boolean expected = java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.DOTALL).matcher(value).matches();
        assertThat(like(value, pattern)).as("'%s' LIKE '%s'", value, pattern).isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("ab.\n\u00e9").ofMaxLength(12);
    }

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.strings().withChars("ab.%_\u00e9").ofMaxLength(8);
    }

    private static boolean like(String value, String pattern) {
        return PatternMatcher.likeMatches(value.codePoints().toArray(), pattern.codePoints().toArray(), Long.MAX_VALUE);
    }
}
