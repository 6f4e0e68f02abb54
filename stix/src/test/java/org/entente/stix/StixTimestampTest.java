package org.entente.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Timestamps, section 2.16: RFC 3339, UTC, a literal upper-case Z, optional sub-second digits. */
class StixTimestampTest {

    @Test
    void parsesAMillisecondTimestamp() {
        StixTimestamp ts = StixTimestamp.parse("2016-05-12T08:17:27.000Z");

        assertThat(ts.instant()).isEqualTo(Instant.parse("2016-05-12T08:17:27Z"));
        assertThat(ts).hasToString("2016-05-12T08:17:27.000Z");
    }

    @Test
    void acceptsWholeSeconds() {
        assertThat(StixTimestamp.parse("2016-05-12T08:17:27Z").instant())
                .isEqualTo(Instant.parse("2016-05-12T08:17:27Z"));
    }

    @ParameterizedTest
    @CsvSource({
            "2016-05-12T08:17:27.1Z,         100000000",
            "2016-05-12T08:17:27.12Z,        120000000",
            "2016-05-12T08:17:27.123Z,       123000000",
            "2016-05-12T08:17:27.1234Z,      123400000",
            "2016-05-12T08:17:27.12345Z,     123450000",
            "2016-05-12T08:17:27.123456Z,    123456000",
            "2016-05-12T08:17:27.1234567Z,   123456700",
            "2016-05-12T08:17:27.12345678Z,  123456780",
            "2016-05-12T08:17:27.123456789Z, 123456789",
            "2016-05-12T08:17:27.100Z,       100000000",
            "2016-05-12T08:17:27.000000000Z, 0",
    })
    void keepsOneToNineFractionDigitsExactlyAsWritten(String text, int nanos) {
        StixTimestamp ts = StixTimestamp.parse(text);

        assertThat(ts.text()).isEqualTo(text);
        assertThat(ts.toString()).isEqualTo(text);
        assertThat(ts.instant().getNano()).isEqualTo(nanos);
    }

    @Test
    void acceptsMoreThanNineFractionDigitsKeepingTheTextAndNanosecondsOfTheInstant() {
        // Section 2.16.1 allows "1 or more" sub-second digits; the instant cannot hold more than nine.
        StixTimestamp ts = StixTimestamp.parse("2016-05-12T08:17:27.1234567891Z");

        assertThat(ts.text()).isEqualTo("2016-05-12T08:17:27.1234567891Z");
        assertThat(ts.instant().getNano()).isEqualTo(123456789);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2016-05-12T08:17:27+00:00",
            "2016-05-12T08:17:27.000+00:00",
            "2016-05-12T08:17:27.000-05:00",
            "2016-05-12T08:17:27.000+0000",
            "2016-05-12T08:17:27.000Z+01:00",
            "2016-05-12T08:17:27.000",
    })
    void rejectsOffsetsAndMissingZone(String text) {
        assertThat(StixTimestamp.tryParse(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2016-05-12T08:17:27.000z", "2016-05-12t08:17:27.000Z", "2016-05-12 08:17:27.000Z"})
    void rejectsLowerCaseZOrTAndSpaceSeparator(String text) {
        assertThat(StixTimestamp.tryParse(text)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "2016-05-12T08:17:27.Z",      // decimal point without digits
            "2016-05-12T08:17Z",          // no seconds
            "2016-05-12",                 // date only
            "16-05-12T08:17:27Z",         // two-digit year
            "2016-5-12T08:17:27Z",        // unpadded month
            "2016-02-30T08:17:27Z",       // no such day
            "2015-02-29T08:17:27Z",       // not a leap year
            "2016-13-12T08:17:27Z",       // month 13
            "2016-05-12T24:00:00Z",       // hour 24
            "2016-05-12T08:60:00Z",       // minute 60
            "2016-05-12T08:17:61Z",       // second 61
            " 2016-05-12T08:17:27Z",      // leading space
            "2016-05-12T08:17:27Z ",      // trailing space
            "２０１６-05-12T08:17:27Z",    // full-width digits
            "1463041047",                 // epoch seconds
    })
    void rejectsMalformedTimestamps(String text) {
        assertThat(StixTimestamp.tryParse(text)).isEmpty();
    }

    @Test
    void parseExplainsTheExpectedForm() {
        assertThatThrownBy(() -> StixTimestamp.parse("2016-05-12T08:17:27+00:00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Z'")
                .hasMessageContaining("2016-05-12T08:17:27+00:00");
    }

    @Test
    void acceptsALeapSecondKeepingItsTextAndOrderingItWithinItsMinute() {
        StixTimestamp leap = StixTimestamp.parse("2016-12-31T23:59:60Z");

        assertThat(leap.text()).isEqualTo("2016-12-31T23:59:60Z");
        assertThat(leap).isGreaterThan(StixTimestamp.parse("2016-12-31T23:59:59.999Z"));
        assertThat(leap).isLessThan(StixTimestamp.parse("2017-01-01T00:00:00Z"));
    }

    @Test
    void ordersByInstantNotByText() {
        List<StixTimestamp> list = new ArrayList<>(List.of(
                StixTimestamp.parse("2016-05-12T08:17:27.5Z"),
                StixTimestamp.parse("2016-05-12T08:17:27.123456789Z"),
                StixTimestamp.parse("2016-05-12T08:17:27Z"),
                StixTimestamp.parse("2016-05-12T08:17:27.12Z"),
                StixTimestamp.parse("2015-12-31T23:59:59.999Z")));
        Collections.sort(list);

        assertThat(list).extracting(StixTimestamp::text).containsExactly(
                "2015-12-31T23:59:59.999Z",
                "2016-05-12T08:17:27Z",
                "2016-05-12T08:17:27.12Z",
                "2016-05-12T08:17:27.123456789Z",
                "2016-05-12T08:17:27.5Z");
        assertThat(list.get(0).isBefore(list.get(1))).isTrue();
        assertThat(list.get(1).isBefore(list.get(0))).isFalse();
    }

    @Test
    void sameInstantWrittenWithDifferentPrecisionComparesEqualButKeepsItsText() {
        StixTimestamp shortForm = StixTimestamp.parse("2016-05-12T08:17:27.1Z");
        StixTimestamp longForm = StixTimestamp.parse("2016-05-12T08:17:27.100Z");

        assertThat(shortForm.compareTo(longForm)).isZero();
        assertThat(shortForm).isNotEqualTo(longForm); // the text is part of the value
        assertThat(shortForm.versionKey()).isEqualTo(longForm.versionKey());
    }

    @Test
    void versionKeyIsFixedWidthAndSortsLikeTheInstant() {
        List<StixTimestamp> list = new ArrayList<>(List.of(
                StixTimestamp.parse("2016-05-12T08:17:27.000000002Z"),
                StixTimestamp.parse("2016-05-12T08:17:27Z"),
                StixTimestamp.parse("2016-05-12T08:17:27.000000001Z"),
                StixTimestamp.parse("2016-05-12T08:17:27.0000001Z"),
                StixTimestamp.parse("2016-05-12T08:17:26.999999999Z"),
                StixTimestamp.parse("2016-05-12T08:17:27.5Z"),
                StixTimestamp.parse("0001-01-01T00:00:00Z"),
                StixTimestamp.parse("9999-12-31T23:59:59.999999999Z")));

        List<StixTimestamp> byKey = new ArrayList<>(list);
        byKey.sort(Comparator.comparing(StixTimestamp::versionKey));
        Collections.sort(list);

        assertThat(byKey).containsExactlyElementsOf(list);
        assertThat(list).extracting(ts -> ts.versionKey().length()).containsOnly(30);
        assertThat(StixTimestamp.parse("2016-05-12T08:17:27.1Z").versionKey())
                .isEqualTo("2016-05-12T08:17:27.100000000Z");
    }

    @Test
    void versionKeyTellsApartVersionsLessThanAMicrosecondApart() {
        // PostgreSQL timestamps hold microseconds; these two would collide there.
        StixTimestamp a = StixTimestamp.parse("2016-05-12T08:17:27.0000001Z");
        StixTimestamp b = StixTimestamp.parse("2016-05-12T08:17:27.0000002Z");

        assertThat(a.versionKey()).isNotEqualTo(b.versionKey());
        assertThat(a.versionKey()).isLessThan(b.versionKey());
    }

    @Test
    void ofTruncatesToMillisecondsAndAlwaysWritesThreeFractionDigits() {
        assertThat(StixTimestamp.of(Instant.parse("2016-05-12T08:17:27Z")).text())
                .isEqualTo("2016-05-12T08:17:27.000Z");
        assertThat(StixTimestamp.of(Instant.parse("2016-05-12T08:17:27.123456789Z")).text())
                .isEqualTo("2016-05-12T08:17:27.123Z");
        assertThat(StixTimestamp.of(Instant.parse("2016-05-12T08:17:27.1Z")).text())
                .isEqualTo("2016-05-12T08:17:27.100Z");
        StixTimestamp now = StixTimestamp.of(Instant.now());
        assertThat(StixTimestamp.parse(now.text())).isEqualTo(now);
    }
}
