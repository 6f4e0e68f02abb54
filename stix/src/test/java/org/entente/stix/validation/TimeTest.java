package org.entente.stix.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The validator's own timestamp parser (section 2.16) agrees with java.time and rejects what STIX does. */
class TimeTest {

    @Property
    void agreesWithJavaTimeOnEveryInstantOfYears0000To9999(
            @ForAll @LongRange(min = -62_167_219_200L, max = 253_402_300_799L) long epochSecond,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nano) {
        Instant instant = Instant.ofEpochSecond(epochSecond, nano);
        String text = DateTimeFormatter.ISO_INSTANT.format(instant);

        Time t = Time.parse(text);

        assertThat(t).isNotNull();
        assertThat(t.epochSecond()).isEqualTo(epochSecond);
        assertThat(t.nano()).isEqualTo(nano);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2016-02-29T00:00:00Z", "2000-02-29T23:59:59.999Z", "2016-12-31T23:59:60Z",
            "2016-05-12T08:17:27.1234567891234Z", "0000-01-01T00:00:00Z"})
    void acceptsValidTimestamps(String text) {
        assertThat(Time.parse(text)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2015-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2016-04-31T00:00:00Z",
            "2016-05-12T24:00:00Z", "2016-05-12T08:60:00Z", "2016-05-12T08:17:61Z", "2016-05-12T08:17:27.Z",
            "2016-05-12T08:17:27", "2016-05-12T08:17:27+00:00", "2016-05-12t08:17:27z", "2016-05-12 08:17:27Z",
            "2016-5-12T08:17:27Z", "16-05-12T08:17:27Z", "2016-05-12T08:17:27.12a4Z", ""})
    void rejectsWhatIsNotAStixTimestamp(String text) {
        assertThat(Time.parse(text)).isNull();
    }

    @Property
    void moreSubSecondDigitsOrderAsTheirValues(@ForAll @IntRange(min = 0, max = 998) int millis) {
        Time a = Time.parse(String.format("2016-05-12T08:17:27.%03dZ", millis));
        Time b = Time.parse(String.format("2016-05-12T08:17:27.%03d000001Z", millis));

        assertThat(a).isLessThan(b);
        assertThat(a.fractionDigits()).isEqualTo(3);
    }
}
