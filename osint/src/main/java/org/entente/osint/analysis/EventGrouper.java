package org.entente.osint.analysis;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Groups articles that report the same event. Two articles are about the same event when
 * <ol>
 *   <li>they are near-duplicates (one article, two copies), or</li>
 *   <li>their dates are close: when both have dates (publication date, and the full dates the text prints), the
 *   closest pair is at most {@value #MAX_DAYS_APART} days apart. Outlets write a meeting up days or weeks later
 *   (the seeds' Capital Cities piece appeared 19 days after the meeting). The closest pair, not the first date,
 *   because scraped text carries the scrape date and the dates of related posts (seed 000 prints "January 13,
 *   2026" twelve times) next to the real one; and</li>
 *   <li>their salient entities overlap: the weighted Jaccard similarity of their entity weights is at least
 *   {@value #MIN_OVERLAP}, and each article's most salient organisation, place or person is named by the other
 *   (the thing the article is about, not a country named in passing: a report on the NATO summit that mentions
 *   the SCO meeting held the next day is not about that meeting).</li>
 * </ol>
 * An entity's weight in an article is its kind's weight (organisations, places and people 1.0; countries 0.4,
 * since nearly every security article names several) times log2(1 + mentions), see {@link #weights}. The seeds
 * (five reports of the Qingdao meeting, one a generic piece on SCO defence summits with no date, one with the
 * scraped page's related posts) score 0.18-0.55 with each other; what keeps other events apart is mostly the
 * date and the topic rule, the overlap floor only drops articles that merely share a few countries.
 * <p>Groups join articles that are the same event, strongest links first, never two groups whose dates are far
 * apart (see {@link #group}, {@link #compatible}).
 */
public final class EventGrouper {

    public static final int MAX_DAYS_APART = 30;
    public static final double MIN_OVERLAP = 0.15;
    public static final int MAX_DATES = 32;

    private EventGrouper() {
    }

    /**
     * Salience per entity key: kind weight times log2(1 + mentions), where a mention on a short line (under
     * {@value #SHORT_LINE} words: navigation, related-post headlines, tags, table cells) counts a quarter. Scraped
     * pages keep such lines; they name other stories' places ("Lima", "Monterrey" in seed 000) many times.
     */
    public static Map<String, Double> weights(ArticleEntities entities, String text) {
        Map<String, Entity.Kind> kinds = new HashMap<>();
        Map<String, Double> mentions = new LinkedHashMap<>();
        for (Mention m : entities.mentions()) {
            kinds.put(m.entity().key(), m.entity().kind());
            mentions.merge(m.entity().key(), shortLine(text, m.start()) ? 0.25 : 1.0, Double::sum);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        mentions.forEach((key, count) -> out.put(key, kindWeight(kinds.get(key)) * Math.log1p(count) / Math.log(2)));
        return out;
    }

    static final int SHORT_LINE = 15;

    private static boolean shortLine(String text, int at) {
        int from = text.lastIndexOf('\n', at) + 1;
        int to = text.indexOf('\n', at);
        if (to < 0) {
            to = text.length();
        }
        int words = 0;
        boolean inWord = false;
        for (int i = from; i < to && words < SHORT_LINE; i++) {
            boolean letter = Character.isLetterOrDigit(text.charAt(i));
            if (letter && !inWord) {
                words++;
            }
            inWord = letter;
        }
        return words < SHORT_LINE;
    }

    private static double kindWeight(Entity.Kind kind) {
        return kind == Entity.Kind.COUNTRY ? 0.4 : 1.0;
    }

    /** The publication date (when known) and the distinct full dates the text prints, at most {@link #MAX_DATES}. */
    public static List<LocalDate> dates(Optional<LocalDate> published, ArticleEntities entities) {
        java.util.LinkedHashSet<LocalDate> out = new java.util.LinkedHashSet<>();
        published.ifPresent(out::add);
        entities.dates().stream().map(DateMention::date).flatMap(Optional::stream)
                .takeWhile(d -> out.size() < MAX_DATES).forEach(out::add);
        return List.copyOf(out);
    }

    /** Days between the closest pair of dates of two articles; empty when either has none. */
    static java.util.OptionalLong closestDays(ArticleProfile a, ArticleProfile b) {
        long best = Long.MAX_VALUE;
        for (LocalDate x : a.dates()) {
            for (LocalDate y : b.dates()) {
                best = Math.min(best, Math.abs(ChronoUnit.DAYS.between(x, y)));
            }
        }
        return best == Long.MAX_VALUE ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(best);
    }

    /** How alike two articles' entities are: weighted Jaccard of their weights, 0 to 1. */
    public static double overlap(ArticleProfile a, ArticleProfile b) {
        double min = 0;
        double max = 0;
        for (Map.Entry<String, Double> e : a.weights().entrySet()) {
            double other = b.weights().getOrDefault(e.getKey(), 0.0);
            min += Math.min(e.getValue(), other);
            max += Math.max(e.getValue(), other);
        }
        for (Map.Entry<String, Double> e : b.weights().entrySet()) {
            if (!a.weights().containsKey(e.getKey())) {
                max += e.getValue();
            }
        }
        return max == 0 ? 0 : min / max;
    }

    public static boolean sameEvent(ArticleProfile a, ArticleProfile b) {
        if (NearDuplicates.compare(a.fingerprint(), b.fingerprint()).duplicate()) {
            return true;
        }
        java.util.OptionalLong days = closestDays(a, b);
        if (days.isPresent() && days.getAsLong() > MAX_DAYS_APART) {
            return false;
        }
        if (overlap(a, b) < MIN_OVERLAP) {
            return false;
        }
        return top(a).map(b.weights()::containsKey).orElse(false) && top(b).map(a.weights()::containsKey).orElse(false);
    }

    /** The most salient organisation, place or person of an article (countries are context, not topic). */
    public static Optional<String> top(ArticleProfile p) {
        return p.weights().entrySet().stream()
                .filter(e -> !e.getKey().startsWith("country:"))
                .max(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey);
    }

    /**
     * Whether two groups may be one event: every dated article of one is within {@value #MAX_DAYS_APART} days of
     * every dated article of the other. Without it, undated articles would chain two events together (an undated
     * piece on SCO defence summits matches both the Qingdao meeting and a Tianjin summit months later).
     */
    public static boolean compatible(List<ArticleProfile> a, List<ArticleProfile> b) {
        for (ArticleProfile x : a) {
            for (ArticleProfile y : b) {
                java.util.OptionalLong days = closestDays(x, y);
                if (days.isPresent() && days.getAsLong() > MAX_DAYS_APART
                        && !NearDuplicates.compare(x.fingerprint(), y.fingerprint()).duplicate()) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The events among {@code articles}: groups of indexes into the list, each in input order, ordered by their
     * first member. Pairs that are {@link #sameEvent} are joined strongest first (duplicates, then by overlap), and
     * two groups are joined only when {@link #compatible}.
     */
    public static List<List<Integer>> group(List<ArticleProfile> articles) {
        int n = articles.size();
        record Link(int i, int j, double strength) {
        }
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                ArticleProfile a = articles.get(i);
                ArticleProfile b = articles.get(j);
                if (sameEvent(a, b)) {
                    boolean dup = NearDuplicates.compare(a.fingerprint(), b.fingerprint()).duplicate();
                    links.add(new Link(i, j, dup ? 2 : overlap(a, b)));
                }
            }
        }
        links.sort(java.util.Comparator.comparingDouble(Link::strength).reversed());
        List<List<Integer>> members = new ArrayList<>();
        int[] groupOf = new int[n];
        for (int i = 0; i < n; i++) {
            members.add(new ArrayList<>(List.of(i)));
            groupOf[i] = i;
        }
        for (Link link : links) {
            int gi = groupOf[link.i()];
            int gj = groupOf[link.j()];
            if (gi == gj || !compatible(profiles(articles, members.get(gi)), profiles(articles, members.get(gj)))) {
                continue;
            }
            for (int k : members.get(gj)) {
                groupOf[k] = gi;
            }
            members.get(gi).addAll(members.get(gj));
            members.get(gj).clear();
        }
        return members.stream().filter(m -> !m.isEmpty()).map(m -> m.stream().sorted().toList())
                .sorted(java.util.Comparator.comparingInt(List::getFirst)).toList();
    }

    private static List<ArticleProfile> profiles(List<ArticleProfile> all, List<Integer> indexes) {
        return indexes.stream().map(all::get).toList();
    }
}
