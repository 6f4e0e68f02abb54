package org.entente.osint.analysis;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What event grouping needs of an article, small enough to keep for every stored article: how much weight each
 * entity carries in it, its reference date, and its fingerprint.
 *
 * @param source   the article
 * @param weights  salience per entity key (see {@link EventGrouper#weights})
 * @param dates    its publication date (when known) and the full dates its text prints, distinct, at most
 *                 {@link EventGrouper#MAX_DATES}
 * @param fingerprint its near-duplicate fingerprint
 */
public record ArticleProfile(String source, Map<String, Double> weights, List<LocalDate> dates, Fingerprint fingerprint) {

    public ArticleProfile {
        Objects.requireNonNull(source, "source");
        weights = Map.copyOf(weights);
        dates = List.copyOf(dates);
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
