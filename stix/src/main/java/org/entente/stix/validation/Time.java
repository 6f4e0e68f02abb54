package org.entente.stix.validation;

/**
 * A STIX timestamp (section 2.16) as parsed by the validator: {@code YYYY-MM-DDTHH:mm:ss[.s+]Z}, UTC,
 * with any number of sub-second digits. Parsing is hand-written (no regex, no exceptions): the validator
 * parses several timestamps per object and ATT&CK has tens of thousands of objects.
 *
 * @param epochSecond seconds since 1970-01-01T00:00:00Z
 * @param nano sub-second part, truncated to nanoseconds
 * @param fractionDigits how many sub-second digits the text had (0 when there is no fraction)
 */
record Time(long epochSecond, int nano, int fractionDigits) implements Comparable<Time> {

    /** The parsed timestamp, or null when {@code text} is not a valid STIX timestamp. */
    static Time parse(String text) {
        int n = text.length();
        if (n < 20 || text.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        if (year < 0 || text.charAt(4) != '-') {
            return null;
        }
        int month = digits(text, 5, 2);
        if (month < 1 || month > 12 || text.charAt(7) != '-') {
            return null;
        }
        int day = digits(text, 8, 2);
        if (day < 1 || day > daysInMonth(year, month) || text.charAt(10) != 'T') {
            return null;
        }
        int hour = digits(text, 11, 2);
        if (hour < 0 || hour > 23 || text.charAt(13) != ':') {
            return null;
        }
        int minute = digits(text, 14, 2);
        if (minute < 0 || minute > 59 || text.charAt(16) != ':') {
            return null;
        }
        int second = digits(text, 17, 2);
        // RFC 3339 allows a leap second (:60); it is ordered as the last instant of :59.
        if (second < 0 || second > 60) {
            return null;
        }
        int nano = 0;
        int fractionDigits = 0;
        if (n > 20) {
            if (text.charAt(19) != '.' || n == 21) {
                return null;
            }
            for (int i = 20; i < n - 1; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                if (fractionDigits < 9) {
                    nano = nano * 10 + (c - '0');
                }
                fractionDigits++;
            }
            for (int i = fractionDigits; i < 9; i++) {
                nano *= 10;
            }
        }
        if (second == 60) {
            second = 59;
            nano = 999_999_999;
        }
        long days = daysFromCivil(year, month, day);
        return new Time(days * 86_400L + hour * 3_600L + minute * 60L + second, nano, fractionDigits);
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    private static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    @Override
    public int compareTo(Time o) {
        int c = Long.compare(epochSecond, o.epochSecond);
        return c != 0 ? c : Integer.compare(nano, o.nano);
    }

    boolean isBefore(Time o) {
        return compareTo(o) < 0;
    }
}
