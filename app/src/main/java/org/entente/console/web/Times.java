package org.entente.console.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/** Times as the console prints them (UTC, to the minute or second); templates call it as {@code @times}. */
@Component("times")
public class Times {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    public String minute(Instant t) {
        return t == null ? "" : MINUTE.format(t);
    }

    /** The UTC day, as the search's date filters take it. */
    public String day(Instant t) {
        return t == null ? "" : t.atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    public String second(Instant t) {
        return t == null ? "" : SECOND.format(t);
    }
}
