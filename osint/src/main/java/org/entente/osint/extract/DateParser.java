package org.entente.osint.extract;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Publication dates as pages write them: ISO 8601 (with or without offset or time), RFC 1123, and English
 * "July 15, 2025" / "15 July 2025" bylines. Without an offset the date is taken as UTC.
 */
final class DateParser {

    private static final Pattern ISO = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.\\d+)?)?\\s*(Z|[+-]\\d{2}:?\\d{2})?)?");
    private static final String MONTHS = "(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
            + "|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?";
    private static final Pattern MONTH_DAY_YEAR = Pattern.compile(MONTHS + "\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DAY_MONTH_YEAR = Pattern.compile("(\\d{1,2})(?:st|nd|rd|th)?\\.?\\s+" + MONTHS + ",?\\s+(\\d{4})",
            Pattern.CASE_INSENSITIVE);
    private static final List<String> MONTH_PREFIXES = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
            "sep", "oct", "nov", "dec");
    private static final DateTimeFormatter RFC_1123 = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("EEE, d MMM yyyy HH:mm[:ss] [Z][zzz]").toFormatter(Locale.ROOT);

    private DateParser() {
    }

    static Optional<OffsetDateTime> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String text = raw.strip();
        if (text.isEmpty() || text.length() > 200) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text));
        } catch (DateTimeParseException ignored) {
            // fall through to the looser forms
        }
        try {
            return Optional.of(ZonedDateTime.parse(text, RFC_1123).toOffsetDateTime());
        } catch (DateTimeParseException ignored) {
            // fall through
        }
        Matcher iso = ISO.matcher(text);
        if (iso.find()) {
            return iso(iso);
        }
        Matcher mdy = MONTH_DAY_YEAR.matcher(text);
        if (mdy.find()) {
            return date(mdy.group(3), mdy.group(1), mdy.group(2));
        }
        Matcher dmy = DAY_MONTH_YEAR.matcher(text);
        if (dmy.find()) {
            return date(dmy.group(3), dmy.group(2), dmy.group(1));
        }
        return Optional.empty();
    }

    private static Optional<OffsetDateTime> iso(Matcher m) {
        try {
            int year = Integer.parseInt(m.group(1));
            int month = Integer.parseInt(m.group(2));
            int day = Integer.parseInt(m.group(3));
            if (m.group(4) == null) {
                return Optional.of(LocalDate.of(year, month, day).atStartOfDay().atOffset(ZoneOffset.UTC));
            }
            LocalDateTime local = LocalDateTime.of(year, month, day, Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(5)), m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
            String zone = m.group(7);
            ZoneOffset offset = zone == null || zone.equals("Z") ? ZoneOffset.UTC
                    : ZoneOffset.of(zone.length() == 5 ? zone.substring(0, 3) + ":" + zone.substring(3) : zone);
            return Optional.of(local.atOffset(offset));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<OffsetDateTime> date(String year, String monthName, String day) {
        int month = MONTH_PREFIXES.indexOf(monthName.substring(0, 3).toLowerCase(Locale.ROOT)) + 1;
        try {
            return Optional.of(LocalDate.of(Integer.parseInt(year), month, Integer.parseInt(day))
                    .atStartOfDay().atOffset(ZoneOffset.UTC));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
