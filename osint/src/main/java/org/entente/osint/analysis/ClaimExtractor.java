package org.entente.osint.analysis;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the claims an article makes about organisations (see {@link Claim}):
 * <ul>
 *   <li><b>member count</b>: a number (digits or words) before "members", "member states/countries/nations" or
 *   "-member" ("eight members", "8 member states", "a 10-member bloc"). When the phrase is followed by a colon or
 *   a dash and a list ("eight members—China, Russia, ..."), the countries listed up to the end of the sentence are
 *   counted as a second, {@code ENUMERATED} claim, and each listed country's standing is "member";</li>
 *   <li><b>standing</b> of a country: listed after "members, including" or "members such as" (member), or after
 *   "observer states", "observers" or "dialogue partners" (not a member);</li>
 *   <li><b>founding year</b>: "founded in 2001", "established in 2001", "created in 2001".</li>
 * </ul>
 * The organisation a claim is about is the nearest one named before it in the same sentence, else the nearest
 * after it in the sentence, else the last one named in the two sentences before ("It currently boasts eight
 * members" after a sentence about the SCO). A claim without an organisation in reach is not made up: it is dropped.
 */
public final class ClaimExtractor {

    private static final Set<String> MEMBER_NOUNS = Set.of("states", "countries", "nations", "state", "country");
    private static final Set<String> DASHES = Set.of(":", "—", "–", "-", "(");
    private static final Set<String> PARTIAL = Set.of("including", "includes", "include", "like", "such");

    /** The claims of one article, whose entities were extracted already. */
    public List<Claim> extract(String source, String text, ArticleEntities entities) {
        List<Tokens.Token> tokens = Tokens.of(text);
        List<int[]> sentences = sentences(text);
        List<Mention> orgs = entities.mentions().stream().filter(m -> m.entity().kind() == Entity.Kind.ORGANISATION).toList();
        List<Mention> countries = entities.mentions().stream().filter(m -> m.entity().kind() == Entity.Kind.COUNTRY).toList();
        List<Claim> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Tokens.Token t = tokens.get(i);
            String lower = t.lower();
            // --- member count: N members / N member states / N-member
            Optional<BigDecimal> n = Numbers.value(t.text());
            if (n.isPresent() && !t.text().endsWith("%") && n.get().scale() <= 0 && n.get().signum() > 0
                    && n.get().compareTo(BigDecimal.valueOf(500)) < 0) {
                int k = i + 1;
                if (k < tokens.size() && tokens.get(k).text().equals("-")) {
                    k++;
                }
                if (k < tokens.size() && (tokens.get(k).lower().equals("members") || tokens.get(k).lower().equals("member"))) {
                    boolean bare = tokens.get(k).lower().equals("members");
                    int after = k + 1;
                    if (!bare && after < tokens.size() && MEMBER_NOUNS.contains(tokens.get(after).lower())) {
                        after++;
                    } else if (!bare && !(k > i + 1)) {
                        // "eight member" followed by something else ("eight member-led ...") is not a count.
                        continue;
                    }
                    int[] sentence = sentenceOf(sentences, t.start());
                    Optional<Mention> org = subject(orgs, sentences, sentence, t.start());
                    if (org.isEmpty()) {
                        continue;
                    }
                    Entity o = org.get().entity();
                    out.add(claim(o.key(), o.key().substring(o.key().indexOf(':') + 1), Claim.MEMBER_COUNT,
                            n.get().toPlainString(), Claim.Basis.STATED, source, text, sentence, t.start(), tokens.get(after - 1).end()));
                    if (after < tokens.size() && DASHES.contains(tokens.get(after).text())
                            && !(after + 1 < tokens.size() && PARTIAL.contains(tokens.get(after + 1).lower()))) {
                        List<Mention> listed = countriesIn(countries, tokens.get(after).end(), sentence[1]);
                        if (listed.size() >= 2) {
                            Set<String> distinct = new LinkedHashSet<>();
                            listed.forEach(m -> distinct.add(m.entity().key()));
                            out.add(claim(o.key(), o.key().substring(o.key().indexOf(':') + 1), Claim.MEMBER_COUNT,
                                    String.valueOf(distinct.size()), Claim.Basis.ENUMERATED, source, text, sentence,
                                    listed.getFirst().start(), listed.getLast().end()));
                            standing(out, o, listed, "member", source, text, sentence);
                        }
                    }
                    i = after - 1;
                    continue;
                }
            }
            // --- standing: "<org> members, including A, B" / "observer states ..., such as A, B" / "dialogue partners"
            boolean members = lower.equals("members") || (lower.equals("member") && i + 1 < tokens.size()
                    && MEMBER_NOUNS.contains(tokens.get(i + 1).lower()));
            boolean observers = lower.equals("observer") || lower.equals("observers")
                    || (lower.equals("dialogue") && i + 1 < tokens.size() && tokens.get(i + 1).lower().startsWith("partner"));
            if (members || observers) {
                int[] sentence = sentenceOf(sentences, t.start());
                // The list is introduced within a few words: "members—including", "observer states and dialogue partners, such as".
                int k = i + 1;
                int limit = Math.min(tokens.size(), i + 8);
                boolean dialogue = lower.equals("dialogue");
                while (k < limit && !PARTIAL.contains(tokens.get(k).lower()) && tokens.get(k).start() < sentence[1]) {
                    dialogue |= tokens.get(k).lower().equals("dialogue");
                    k++;
                }
                if (k >= limit || tokens.get(k).start() >= sentence[1]) {
                    continue;
                }
                int listFrom = tokens.get(k).lower().equals("such") && k + 1 < tokens.size() ? tokens.get(k + 1).end() : tokens.get(k).end();
                List<Mention> listed = countriesIn(countries, listFrom, sentence[1]);
                Optional<Mention> org = subject(orgs, sentences, sentence, t.start());
                if (listed.isEmpty() || org.isEmpty()) {
                    continue;
                }
                String standing = members ? "member" : (dialogue && (lower.startsWith("observer") || hasWord(tokens, i, k, "observer"))
                        ? "observer or dialogue partner" : dialogue ? "dialogue partner" : "observer");
                standing(out, org.get().entity(), listed, standing, source, text, sentence);
                i = k;
                continue;
            }
            // --- founding year
            if ((lower.equals("founded") || lower.equals("established") || lower.equals("created"))) {
                int k = i + 1;
                if (k < tokens.size() && tokens.get(k).lower().equals("in")) {
                    k++;
                }
                if (k < tokens.size() && tokens.get(k).text().matches("(19|20)\\d\\d")) {
                    int[] sentence = sentenceOf(sentences, t.start());
                    Optional<Mention> org = subject(orgs, sentences, sentence, t.start());
                    if (org.isPresent()) {
                        Entity o = org.get().entity();
                        out.add(claim(o.key(), o.key().substring(o.key().indexOf(':') + 1), Claim.FOUNDED,
                                tokens.get(k).text(), Claim.Basis.STATED, source, text, sentence, t.start(), tokens.get(k).end()));
                    }
                }
            }
        }
        return out;
    }

    private static boolean hasWord(List<Tokens.Token> tokens, int from, int to, String word) {
        for (int k = from; k < to; k++) {
            if (tokens.get(k).lower().startsWith(word)) {
                return true;
            }
        }
        return false;
    }

    private static void standing(List<Claim> out, Entity org, List<Mention> listed, String standing, String source,
                                 String text, int[] sentence) {
        Set<String> seen = new java.util.HashSet<>();
        String orgName = org.key().substring(org.key().indexOf(':') + 1);
        for (Mention m : listed) {
            if (seen.add(m.entity().key())) {
                out.add(claim(org.key() + "/" + m.entity().key(), m.entity().name() + " in the " + orgName, Claim.STANDING,
                        standing, Claim.Basis.STATED, source, text, sentence, m.start(), m.end()));
            }
        }
    }

    private static Claim claim(String subject, String subjectName, String predicate, String value, Claim.Basis basis,
                               String source, String text, int[] sentence, int start, int end) {
        String quote = text.substring(sentence[0], sentence[1]).strip().replaceAll("\\s+", " ");
        if (quote.length() > 400) {
            int from = Math.max(0, start - sentence[0] - 150);
            quote = "…" + quote.substring(Math.min(from, quote.length()), Math.min(quote.length(), from + 400)) + "…";
        }
        return new Claim(subject, subjectName, predicate, value, basis, source, quote, start, end);
    }

    private static List<Mention> countriesIn(List<Mention> countries, int from, int to) {
        return countries.stream().filter(m -> m.start() >= from && m.end() <= to).toList();
    }

    /** The organisation a claim at {@code at} is about (see the class comment). */
    private static Optional<Mention> subject(List<Mention> orgs, List<int[]> sentences, int[] sentence, int at) {
        Mention before = null;
        Mention after = null;
        for (Mention m : orgs) {
            if (m.start() >= sentence[0] && m.end() <= at) {
                before = m;
            } else if (after == null && m.start() >= at && m.end() <= sentence[1]) {
                after = m;
            }
        }
        if (before != null) {
            return Optional.of(before);
        }
        if (after != null) {
            return Optional.of(after);
        }
        int index = sentences.indexOf(sentence);
        int reach = index >= 2 ? sentences.get(index - 2)[0] : 0;
        Mention last = null;
        for (Mention m : orgs) {
            if (m.start() >= reach && m.end() <= sentence[0]) {
                last = m;
            }
        }
        return Optional.ofNullable(last);
    }

    /**
     * Sentence spans: a sentence ends at . ! or ? followed by white space and an upper-case letter, a digit or a
     * quote, or at a line break (headings, list items and table rows are sentences of their own).
     */
    static List<int[]> sentences(String text) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean end = c == '\n';
            if ((c == '.' || c == '!' || c == '?') && i + 2 < n && Character.isWhitespace(text.charAt(i + 1))) {
                int j = i + 1;
                while (j < n && text.charAt(j) == ' ') {
                    j++;
                }
                end = j < n && (Character.isUpperCase(text.charAt(j)) || Character.isDigit(text.charAt(j))
                        || text.charAt(j) == '"' || text.charAt(j) == '“' || text.charAt(j) == '\n');
            }
            if (end) {
                if (i + 1 > start && !text.substring(start, i + 1).isBlank()) {
                    out.add(new int[]{start, i + 1});
                }
                start = i + 1;
            }
        }
        if (start < n && !text.substring(start).isBlank()) {
            out.add(new int[]{start, n});
        }
        return out;
    }

    private static int[] sentenceOf(List<int[]> sentences, int offset) {
        // Binary search: sentences are in order and do not overlap.
        int lo = 0;
        int hi = sentences.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int[] s = sentences.get(mid);
            if (offset < s[0]) {
                hi = mid - 1;
            } else if (offset >= s[1]) {
                lo = mid + 1;
            } else {
                return s;
            }
        }
        return new int[]{offset, offset};
    }
}
