package org.entente.osint.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DateParserTest {

    @Test
    void readsTheFormsPagesUse() {
        OffsetDateTime midnight = OffsetDateTime.of(2025, 7, 15, 0, 0, 0, 0, ZoneOffset.UTC);
        assertThat(DateParser.parse("2025-07-15T09:30:00+08:00"))
                .contains(OffsetDateTime.of(2025, 7, 15, 9, 30, 0, 0, ZoneOffset.ofHours(8)));
        assertThat(DateParser.parse("2025-07-15T09:30:00.123+0800"))
                .contains(OffsetDateTime.of(2025, 7, 15, 9, 30, 0, 0, ZoneOffset.ofHours(8)));
        assertThat(DateParser.parse("2025-07-15 09:30")).contains(OffsetDateTime.of(2025, 7, 15, 9, 30, 0, 0, ZoneOffset.UTC));
        assertThat(DateParser.parse("2025-07-15")).contains(midnight);
        assertThat(DateParser.parse("Tue, 15 Jul 2025 09:30:00 GMT"))
                .contains(OffsetDateTime.of(2025, 7, 15, 9, 30, 0, 0, ZoneOffset.UTC));
        assertThat(DateParser.parse("July 15, 2025")).contains(midnight);
        assertThat(DateParser.parse("Published 15th July 2025 in World")).contains(midnight);
        assertThat(DateParser.parse("Sept. 3, 2024")).contains(OffsetDateTime.of(2024, 9, 3, 0, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void refusesWhatIsNotADate() {
        assertThat(DateParser.parse(null)).isEmpty();
        assertThat(DateParser.parse("")).isEmpty();
        assertThat(DateParser.parse("in World")).isEmpty();
        assertThat(DateParser.parse("2025-13-45")).isEmpty();
        assertThat(DateParser.parse("February 30, 2025")).isEmpty();
        assertThat(DateParser.parse("x".repeat(500) + " 2025-07-15")).isEmpty();
    }
}
