package org.entente.osint.analysis;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/** Numbers as articles print them: digits ("10", "1,000", "3.5"), or English words ("eight", "twenty-one"). */
final class Numbers {

    private static final Map<String, Integer> UNITS = Map.ofEntries(
            Map.entry("zero", 0), Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4),
            Map.entry("five", 5), Map.entry("six", 6), Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9),
            Map.entry("ten", 10), Map.entry("eleven", 11), Map.entry("twelve", 12), Map.entry("thirteen", 13),
            Map.entry("fourteen", 14), Map.entry("fifteen", 15), Map.entry("sixteen", 16), Map.entry("seventeen", 17),
            Map.entry("eighteen", 18), Map.entry("nineteen", 19), Map.entry("dozen", 12));

    private static final Map<String, Integer> TENS = Map.of("twenty", 20, "thirty", 30, "forty", 40, "fifty", 50,
            "sixty", 60, "seventy", 70, "eighty", 80, "ninety", 90);

    private Numbers() {
    }

    /** The value of one token: digits (separators and an ordinal suffix allowed) or a number word up to 99. */
    static Optional<BigDecimal> value(String token) {
        if (token.isEmpty()) {
            return Optional.empty();
        }
        if (Character.isDigit(token.charAt(0))) {
            if (token.length() <= 4 && token.chars().allMatch(Character::isDigit)) {
                return Optional.of(BigDecimal.valueOf(Integer.parseInt(token))); // the common case, without a regex
            }
            String t = token.replaceAll("(st|nd|rd|th|%)$", "");
            // "1,000" groups thousands; "3.5" is a decimal. A comma followed by other than three digits is not a number.
            if (t.matches("\\d{1,3}(,\\d{3})+(\\.\\d+)?")) {
                t = t.replace(",", "");
            }
            try {
                return Optional.of(new BigDecimal(t));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        if (!Character.isLetter(token.charAt(0))) {
            return Optional.empty();
        }
        String w = token.toLowerCase(java.util.Locale.ROOT);
        Integer unit = UNITS.get(w);
        if (unit != null) {
            return Optional.of(BigDecimal.valueOf(unit));
        }
        Integer tens = TENS.get(w);
        if (tens != null) {
            return Optional.of(BigDecimal.valueOf(tens));
        }
        int dash = w.indexOf('-');
        if (dash > 0) {
            Integer t = TENS.get(w.substring(0, dash));
            Integer u = UNITS.get(w.substring(dash + 1));
            if (t != null && u != null && u > 0 && u < 10) {
                return Optional.of(BigDecimal.valueOf(t + u));
            }
        }
        return Optional.empty();
    }
}
