package org.entente.console.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.springframework.stereotype.Component;

/**
 * Times the coordination module hands over as ISO-8601 text, printed like every console time
 * ({@link Times}); templates call it as {@code @isoTimes}. Text that is not a time is shown as it is.
 */
@Component("isoTimes")
public class IsoTimes {

    private final Times times;

    IsoTimes(Times times) {
        this.times = times;
    }

    public String minute(Object iso) {
        if (iso == null) {
            return "";
        }
        try {
            return times.minute(Instant.parse(String.valueOf(iso)));
        } catch (DateTimeParseException e) {
            return String.valueOf(iso);
        }
    }
}
