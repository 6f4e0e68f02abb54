package org.entente.stix;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A STIX timestamp (section 2.16): RFC 3339, always UTC with a literal {@code Z}, with any number of
 * sub-second digits. The original text is kept so that precision survives a round trip
 * ({@code ...:00.000Z} stays {@code ...:00.000Z}); comparisons use the instant.
 */
public record StixTimestamp(Instant instant, String text) implements Comparable<StixTimestamp> {

    private static final Pattern FORM = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?Z");

    private static final DateTimeFormatter VERSION_KEY =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    public StixTimestamp {
        if (instant == null || text == null) {
            throw new IllegalArgumentException("instant and text are required");
        }
    }

    public static StixTimestamp parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(
                "timestamp must be RFC 3339 in UTC ending in 'Z', e.g. 2016-05-12T08:17:27.000Z: " + text));
    }

    public static Optional<StixTimestamp> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            String fraction = m.group(7) == null ? "" : m.group(7);
            // Any number of digits is allowed (section 2.16.1: "[.s+]"); the instant keeps nanoseconds, the text all.
            int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
            int second = Integer.parseInt(m.group(6));
            // RFC 3339 allows a leap second (:60); Java time does not, so it is folded into :59.999999999.
            boolean leap = second == 60;
            LocalDateTime ldt = LocalDateTime.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), leap ? 59 : second,
                    leap ? 999_999_999 : nanos);
            return Optional.of(new StixTimestamp(ldt.toInstant(ZoneOffset.UTC), text));
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A new timestamp with millisecond precision, as STIX producers are asked to emit. */
    public static StixTimestamp of(Instant instant) {
        Instant millis = Instant.ofEpochMilli(instant.toEpochMilli());
        return new StixTimestamp(millis, DateTimeFormatter.ISO_INSTANT.format(millis).replaceFirst(
                "(:\\d{2})Z$", "$1.000Z"));
    }

    /**
     * Fixed-width text that sorts like the instant: used as the version part of a store key, so two
     * versions differing below the microsecond (which PostgreSQL timestamps cannot hold) stay distinct.
     */
    public String versionKey() {
        return VERSION_KEY.format(instant);
    }

    public boolean isBefore(StixTimestamp other) {
        return instant.isBefore(other.instant);
    }

    @Override
    public int compareTo(StixTimestamp other) {
        return instant.compareTo(other.instant);
    }

    @Override
    public String toString() {
        return text;
    }
}
