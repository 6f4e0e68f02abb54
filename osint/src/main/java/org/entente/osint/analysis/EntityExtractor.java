package org.entente.osint.analysis;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds countries, organisations, places, people with their roles, dates and numbers in an article's text.
 *
 * <ul>
 *   <li><b>Gazetteer names</b> (countries by name, other name, demonym or adjective; organisations by acronym or
 *   name; places) match case-sensitively on whole tokens, longest first: "South Sudan" is not "Sudan", "the
 *   Shanghai Cooperation Organization (SCO)" is one organisation mentioned twice.</li>
 *   <li><b>People</b> are found only where a role introduces them, which keeps capitalised phrases ("Key
 *   Commitment", "Strategic Partnerships") from becoming people: a role phrase followed by a name ("Chinese
 *   Defence Minister Dong Jun", "China's defense minister, Dong Jun", "US President Donald Trump"), or a name
 *   followed by a role ("Dong Jun, the Chinese defence minister"). A name is two to four capitalised words that are
 *   not gazetteer names, months or common sentence openers. The country is the one named just before the role
 *   (adjective, name or possessive) or inside the trailing role phrase. Once an article has introduced a person,
 *   their family or given name alone ("Dong said") is a mention of them too.</li>
 *   <li><b>Canonical people</b>: the key is the folded name with common transliteration variants unified (a final
 *   "-ei" is "-ey", "-yy" and "-iy" are "-y"), so "Andrei Belousov" (one outlet) and "Andrey Belousov" (another)
 *   are one person.</li>
 * </ul>
 */
public final class EntityExtractor {

    private final Gazetteer gazetteer;

    public EntityExtractor(Gazetteer gazetteer) {
        this.gazetteer = gazetteer;
    }

    public EntityExtractor() {
        this(Gazetteer.standard());
    }

    // Role phrases (lower case, as tokens) and the canonical role each one means. Misspellings seen in real
    // reporting ("defense minster") are listed on purpose.
    private static final Map<List<String>, String> ROLES = new HashMap<>();
    private static final Set<String> ROLE_FIRST_WORDS = new java.util.HashSet<>();
    private static int longestRole;

    private static void role(String canonical, String... phrases) {
        for (String p : phrases) {
            List<String> tokens = Tokens.of(p).stream().map(Tokens.Token::text).toList();
            ROLES.put(tokens, canonical);
            ROLE_FIRST_WORDS.add(tokens.getFirst());
            longestRole = Math.max(longestRole, tokens.size());
        }
    }

    static {
        role("defence minister", "defence minister", "defense minister", "defence minster", "defense minster",
                "minister of defence", "minister of defense", "minister of national defence", "minister of national defense",
                "defence secretary", "defense secretary", "secretary of defense", "secretary of defence");
        role("foreign minister", "foreign minister", "minister of foreign affairs", "foreign secretary");
        role("secretary of state", "secretary of state");
        role("interior minister", "interior minister", "minister of interior", "minister of the interior", "home secretary");
        role("prime minister", "prime minister", "premier");
        role("president", "president");
        role("vice president", "vice president", "vice-president");
        role("chancellor", "chancellor");
        role("minister", "minister");
        role("secretary-general", "secretary-general", "secretary general");
        role("chief of general staff", "chief of general staff", "chief of the general staff", "chief of staff");
        role("national security adviser", "national security adviser", "national security advisor");
        role("ambassador", "ambassador");
        role("general", "general", "gen");
        role("admiral", "admiral", "adm");
        role("spokesperson", "spokesperson", "spokesman", "spokeswoman");
        role("king", "king");
        role("emir", "emir");
        role("crown prince", "crown prince");
    }

    private static final Set<String> NOT_NAMES = Set.of(
            "The", "A", "An", "In", "On", "At", "As", "By", "For", "From", "With", "And", "But", "Or", "Of", "To", "It",
            "He", "She", "They", "We", "This", "That", "These", "Those", "His", "Her", "Their", "Its", "Our", "Both",
            "Meanwhile", "However", "While", "Despite", "After", "Before", "During", "Mr", "Mrs", "Ms", "Dr", "Said",
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
            "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Minister", "President",
            "Defence", "Defense", "Foreign", "Ministry", "Ministers", "Summit", "Meeting", "Organization", "Organisation",
            "Council", "Union", "Republic", "General", "Secretary", "Cooperation", "Security", "Chinese", "Russian");

    private static final Map<String, Integer> MONTHS = new HashMap<>();

    static {
        String[] full = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december"};
        for (int i = 0; i < full.length; i++) {
            MONTHS.put(full[i], i + 1);
            MONTHS.put(full[i].substring(0, 3), i + 1);
        }
        MONTHS.put("sept", 9);
    }

    public ArticleEntities extract(String text) {
        List<Tokens.Token> tokens = Tokens.of(text);
        // Which entity (if any) each token belongs to, so people are never made of gazetteer names.
        Mention[] at = new Mention[tokens.size()];
        List<Mention> mentions = new ArrayList<>();
        for (int i = 0; i < tokens.size(); ) {
            Optional<Gazetteer.Form> form = gazetteer.longestAt(tokens, i);
            if (form.isPresent()) {
                int end = i + form.get().tokens().size();
                Mention m = new Mention(form.get().entity(), tokens.get(i).start(), tokens.get(end - 1).end(),
                        text.substring(tokens.get(i).start(), tokens.get(end - 1).end()));
                for (int k = i; k < end; k++) {
                    at[k] = m;
                }
                mentions.add(m);
                i = end;
            } else {
                i++;
            }
        }
        mentions.addAll(people(text, tokens, at));
        mentions.sort(java.util.Comparator.comparingInt(Mention::start));
        return new ArticleEntities(mentions, dates(text, tokens), numbers(text, tokens));
    }

    // --- people --------------------------------------------------------------------------------------------

    private record Role(String canonical, int start, int end) {
    }

    /** The role phrase starting at token i (case-insensitive), longest first. */
    private static Optional<Role> roleAt(List<Tokens.Token> tokens, int i) {
        if (!ROLE_FIRST_WORDS.contains(tokens.get(i).lower())) {
            return Optional.empty(); // most tokens: one lookup, no list built
        }
        for (int len = Math.min(longestRole, tokens.size() - i); len >= 1; len--) {
            List<String> words = new ArrayList<>(len);
            for (int k = 0; k < len; k++) {
                words.add(tokens.get(i + k).lower());
            }
            String canonical = ROLES.get(words);
            if (canonical != null) {
                return Optional.of(new Role(canonical, i, i + len));
            }
        }
        return Optional.empty();
    }

    /** A name of 2-4 capitalised tokens starting at i, not gazetteer names; its end (exclusive), or -1. */
    private static int nameAt(List<Tokens.Token> tokens, Mention[] at, int i) {
        int k = i;
        while (k < tokens.size() && k - i < 4) {
            Tokens.Token t = tokens.get(k);
            if (!t.isWord() || !t.isTitleCase() || at[k] != null || NOT_NAMES.contains(t.text())
                    || roleAt(tokens, k).isPresent()) {
                break;
            }
            k++;
        }
        return k - i >= 2 ? k : -1;
    }

    /** The country named just before token i ("Chinese", "China", "China 's", "US"), if any. */
    private static Optional<String> countryBefore(List<Tokens.Token> tokens, Mention[] at, int i) {
        int k = i - 1;
        if (k >= 0 && tokens.get(k).text().equals("'s")) {
            k--;
        }
        if (k >= 0 && at[k] != null && at[k].entity().kind() == Entity.Kind.COUNTRY) {
            return at[k].entity().country();
        }
        return Optional.empty();
    }

    private List<Mention> people(String text, List<Tokens.Token> tokens, Mention[] at) {
        Map<String, Entity> people = new java.util.LinkedHashMap<>();
        List<Mention> out = new ArrayList<>();
        boolean[] taken = new boolean[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            Optional<Role> role = roleAt(tokens, i);
            if (role.isEmpty() || at[i] != null) {
                continue;
            }
            Role r = role.get();
            // Role then name: "Defence Minister Dong Jun", "defense minister, Dong Jun".
            int n = r.end() < tokens.size() && tokens.get(r.end()).text().equals(",") ? r.end() + 1 : r.end();
            int nameEnd = n < tokens.size() ? nameAt(tokens, at, n) : -1;
            if (nameEnd > 0 && !taken[n]) {
                Optional<String> country = countryBefore(tokens, at, r.start());
                out.add(person(text, tokens, n, nameEnd, r.canonical(), country, people));
                for (int k = n; k < nameEnd; k++) {
                    taken[k] = true;
                }
                i = nameEnd - 1;
                continue;
            }
            // Name then role: "Dong Jun, the Chinese defence minister" / "Dong Jun, China's defence minister".
            int back = r.start() - 1;
            Optional<String> country = Optional.empty();
            if (back >= 0 && at[back] != null && at[back].entity().kind() == Entity.Kind.COUNTRY) {
                country = at[back].entity().country();
                back--;
            } else if (back >= 1 && tokens.get(back).text().equals("'s") && at[back - 1] != null
                    && at[back - 1].entity().kind() == Entity.Kind.COUNTRY) {
                country = at[back - 1].entity().country();
                back -= 2;
            }
            if (back >= 0 && (tokens.get(back).lower().equals("the") || tokens.get(back).lower().equals("a"))) {
                back--;
            }
            if (back >= 0 && tokens.get(back).text().equals(",")) {
                int end = back;
                int start = end;
                while (start - 1 >= 0 && end - start < 4 && tokens.get(start - 1).isWord() && tokens.get(start - 1).isTitleCase()
                        && at[start - 1] == null && !NOT_NAMES.contains(tokens.get(start - 1).text())) {
                    start--;
                }
                if (end - start >= 2 && !taken[start]) {
                    out.add(person(text, tokens, start, end, r.canonical(), country, people));
                    for (int k = start; k < end; k++) {
                        taken[k] = true;
                    }
                }
            }
        }
        // A person introduced once is then named by one of their names alone ("Dong said", "Belousov").
        Map<String, Entity> byPart = new HashMap<>();
        Set<String> ambiguous = new java.util.HashSet<>();
        for (Entity p : people.values()) {
            for (String part : p.name().split(" ")) {
                if (part.length() > 1 && byPart.putIfAbsent(part, p) != null && !byPart.get(part).key().equals(p.key())) {
                    ambiguous.add(part);
                }
            }
        }
        for (int i = 0; i < tokens.size(); i++) {
            Tokens.Token t = tokens.get(i);
            Entity p = byPart.get(t.text());
            if (p == null || taken[i] || at[i] != null || ambiguous.contains(t.text())) {
                continue;
            }
            boolean partOfLongerName = (i > 0 && tokens.get(i - 1).isTitleCase() && !taken[i - 1] && at[i - 1] == null
                    && !NOT_NAMES.contains(tokens.get(i - 1).text()) && tokens.get(i - 1).end() + 1 == t.start())
                    || (i + 1 < tokens.size() && tokens.get(i + 1).isTitleCase() && !taken[i + 1] && at[i + 1] == null
                    && t.end() + 1 == tokens.get(i + 1).start());
            if (!partOfLongerName) {
                out.add(new Mention(people.get(p.key()), t.start(), t.end(), t.text()));
            }
        }
        // Every mention carries the person as the whole article describes them (role and country from any mention).
        List<Mention> merged = new ArrayList<>(out.size());
        for (Mention m : out) {
            merged.add(new Mention(people.get(m.entity().key()), m.start(), m.end(), m.surface()));
        }
        return merged;
    }

    private static Mention person(String text, List<Tokens.Token> tokens, int start, int end, String role,
                                  Optional<String> country, Map<String, Entity> people) {
        String name = text.substring(tokens.get(start).start(), tokens.get(end - 1).end()).replaceAll("\\s+", " ");
        Entity e = new Entity(Entity.Kind.PERSON, "person:" + personKey(name), name, country, Optional.of(role));
        people.merge(e.key(), e, Entity::mergedWith);
        return new Mention(e, tokens.get(start).start(), tokens.get(end - 1).end(),
                text.substring(tokens.get(start).start(), tokens.get(end - 1).end()));
    }

    /** The folded name with common transliteration variants unified: "Andrei" = "Andrey", "Zelenskyy" = "Zelensky". */
    public static String personKey(String name) {
        StringBuilder key = new StringBuilder();
        for (String part : Tokens.normalisedWords(name)) {
            String p = part;
            if (p.endsWith("yy") || p.endsWith("iy")) {
                p = p.substring(0, p.length() - 2) + "y";
            } else if (p.endsWith("ei") && p.length() > 3) {
                p = p.substring(0, p.length() - 2) + "ey";
            }
            key.append(key.isEmpty() ? "" : " ").append(p);
        }
        return key.toString();
    }

    // --- dates and numbers ---------------------------------------------------------------------------------

    private static List<DateMention> dates(String text, List<Tokens.Token> tokens) {
        List<DateMention> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Tokens.Token t = tokens.get(i);
            Integer month = t.isWord() ? MONTHS.get(t.lower()) : null;
            // "May" alone is too often the verb; it counts only with a day next to it.
            if (month != null && t.isTitleCase()) {
                int k = i + 1;
                if (k < tokens.size() && tokens.get(k).text().equals(".")) {
                    k++;
                }
                Optional<Integer> day = dayAt(tokens, k);
                if (day.isPresent()) {
                    // Month Day[, Year]
                    int end = k + 1;
                    Optional<Integer> year = Optional.empty();
                    int y = end < tokens.size() && tokens.get(end).text().equals(",") ? end + 1 : end;
                    if (y < tokens.size() && isYear(tokens.get(y).text())) {
                        year = Optional.of(Integer.parseInt(tokens.get(y).text()));
                        end = y + 1;
                    }
                    out.add(date(text, tokens, i, end, year, month, day.get()));
                    i = end - 1;
                    continue;
                }
                if (k < tokens.size() && isYear(tokens.get(k).text())) {
                    // Month Year: "July 2025".
                    out.add(new DateMention(Optional.of(Integer.parseInt(tokens.get(k).text())), Optional.of(month),
                            Optional.empty(), text.substring(t.start(), tokens.get(k).end()), t.start(), tokens.get(k).end()));
                    i = k;
                    continue;
                }
            }
            Optional<Integer> day = dayAt(tokens, i);
            if (day.isPresent() && i + 1 < tokens.size()) {
                Integer m = MONTHS.get(tokens.get(i + 1).lower());
                if (m != null && tokens.get(i + 1).isTitleCase()) {
                    // Day Month [Year]: "26 June 2025".
                    int end = i + 2;
                    Optional<Integer> year = Optional.empty();
                    if (end < tokens.size() && isYear(tokens.get(end).text())) {
                        year = Optional.of(Integer.parseInt(tokens.get(end).text()));
                        end++;
                    }
                    out.add(date(text, tokens, i, end, year, m, day.get()));
                    i = end - 1;
                    continue;
                }
            }
            if (isYear(t.text())) {
                // ISO date 2025-06-26, else a year alone.
                if (i + 4 < tokens.size() && tokens.get(i + 1).text().equals("-") && tokens.get(i + 3).text().equals("-")
                        && digits(tokens.get(i + 2).text(), 2, 2) && digits(tokens.get(i + 4).text(), 2, 2)) {
                    out.add(date(text, tokens, i, i + 5, Optional.of(Integer.parseInt(t.text())),
                            Integer.parseInt(tokens.get(i + 2).text()), Integer.parseInt(tokens.get(i + 4).text())));
                    i += 4;
                    continue;
                }
                out.add(new DateMention(Optional.of(Integer.parseInt(t.text())), Optional.empty(), Optional.empty(),
                        t.text(), t.start(), t.end()));
            }
        }
        return out;
    }

    private static DateMention date(String text, List<Tokens.Token> tokens, int from, int to, Optional<Integer> year,
                                    int month, int day) {
        int start = tokens.get(from).start();
        int end = tokens.get(to - 1).end();
        return new DateMention(year, Optional.of(month), Optional.of(day), text.substring(start, end), start, end);
    }

    private static Optional<Integer> dayAt(List<Tokens.Token> tokens, int i) {
        if (i >= tokens.size()) {
            return Optional.empty();
        }
        String t = tokens.get(i).text();
        if (t.length() > 2 && (t.endsWith("st") || t.endsWith("nd") || t.endsWith("rd") || t.endsWith("th"))) {
            t = t.substring(0, t.length() - 2);
        }
        if (digits(t, 1, 2)) {
            int d = Integer.parseInt(t);
            return d >= 1 && d <= 31 ? Optional.of(d) : Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean isYear(String t) {
        if (!digits(t, 4, 4)) {
            return false;
        }
        int y = Integer.parseInt(t);
        return y >= 1900 && y <= 2100;
    }

    private static boolean digits(String t, int min, int max) {
        if (t.length() < min || t.length() > max) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static List<NumberMention> numbers(String text, List<Tokens.Token> tokens) {
        List<NumberMention> out = new ArrayList<>();
        for (Tokens.Token t : tokens) {
            Optional<BigDecimal> v = Numbers.value(t.text());
            if (v.isPresent()) {
                out.add(new NumberMention(v.get(), t.text().endsWith("%"), !t.isNumber(), t.text(), t.start(), t.end()));
            }
        }
        return out;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
