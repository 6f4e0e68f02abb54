package org.entente.osint.analysis;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A date an article prints: a full date ("June 26, 2025", "26 June 2025", "2025-06-26"), a day without its year
 * ("Jun 26", kept with an empty year), or a year alone ("in 2001").
 *
 * @param year  the year, when printed
 * @param month 1-12, when printed
 * @param day   1-31, when printed
 */
public record DateMention(Optional<Integer> year, Optional<Integer> month, Optional<Integer> day,
                          String surface, int start, int end) {

    /** The calendar date, when year, month and day are all printed and valid. */
    public Optional<LocalDate> date() {
        if (year.isEmpty() || month.isEmpty() || day.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.of(year.get(), month.get(), day.get()));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    /** ISO 8601 as far as printed: {@code 2025-06-26}, {@code --06-26} (no year), {@code 2025}. */
    public String value() {
        if (month.isEmpty()) {
            return year.map(String::valueOf).orElse("");
        }
        String md = String.format("%02d-%02d", month.get(), day.orElse(1));
        return year.map(y -> y + "-" + md).orElse("--" + md);
    }
}
