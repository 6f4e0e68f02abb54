package org.entente.osint.analysis;

import java.math.BigDecimal;

/** A number an article prints, in digits or in words ("eight", "10", "3.5%"), with its span. */
public record NumberMention(BigDecimal value, boolean percent, boolean word, String surface, int start, int end) {
}
