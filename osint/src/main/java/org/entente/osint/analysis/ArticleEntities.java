package org.entente.osint.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one article names: every mention of a canonical entity (in text order), and the dates and numbers it
 * prints. {@link #entities()} merges the mentions per key (a person's role and country, wherever the article
 * gave them).
 */
public record ArticleEntities(List<Mention> mentions, List<DateMention> dates, List<NumberMention> numbers) {

    public ArticleEntities {
        mentions = List.copyOf(mentions);
        dates = List.copyOf(dates);
        numbers = List.copyOf(numbers);
    }

    /** Distinct entities, in order of first mention. */
    public List<Entity> entities() {
        Map<String, Entity> out = new LinkedHashMap<>();
        for (Mention m : mentions) {
            out.merge(m.entity().key(), m.entity(), Entity::mergedWith);
        }
        return List.copyOf(out.values());
    }

    /** How many times each entity is mentioned, by key. */
    public Map<String, Integer> counts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Mention m : mentions) {
            out.merge(m.entity().key(), 1, Integer::sum);
        }
        return out;
    }
}
