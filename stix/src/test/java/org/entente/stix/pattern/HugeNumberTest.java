package org.entente.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Numbers beyond what a decimal or a double holds are refused with a position, never a crash (found by fuzzing). */
class HugeNumberTest {

    @Test
    void aWithinWithAnExponentBeyondAnIntIsRefusedAtTheNumber() {
        String pattern = "[file:size <= 1024] WITHIN 1e10000000301 SECONDS";
        assertThatThrownBy(() -> PatternParser.parse(pattern)).isInstanceOf(InvalidPatternException.class)
                .hasMessageContaining("out of range").hasMessageContaining("column 28");
    }

    @Test
    void floatConstantsBeyondADoubleAreRefusedAndOrdinaryOnesStillParse() {
        assertThatThrownBy(() -> PatternParser.parse("[x-a:b = 1e99999999999]")).isInstanceOf(InvalidPatternException.class);
        assertThatThrownBy(() -> PatternParser.parse("[x-a:b = 1e400]")).isInstanceOf(InvalidPatternException.class);
        assertThat(PatternPrinter.print(PatternParser.parse("[x-a:b = 1.5e3] WITHIN 2.5e1 SECONDS"))).contains("WITHIN");
    }
}
