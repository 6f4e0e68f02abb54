package org.entente.osint.extract;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The headline from the {@code <title>}: sites append or prepend their name with a separator ("Story | Site"),
 * which is cut off unless what remains is too short to be a headline; a title that is only a site name defers to
 * the page's single {@code <h1>}.
 */
final class Titles {

    private static final Pattern SEPARATORS = Pattern.compile(" [|\\-\\u2013\\u2014\\\\/>\\u00bb] ");
    private static final Pattern HIERARCHICAL = Pattern.compile(" [\\\\/>\\u00bb] ");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private Titles() {
    }

    static String fromTitleElement(Document document) {
        Element titleElement = document.selectFirst("title");
        String original = titleElement == null ? "" : normalise(titleElement.text());
        String title = original;
        boolean hadSeparators = false;
        var separator = SEPARATORS.matcher(title);
        if (separator.find()) {
            hadSeparators = HIERARCHICAL.matcher(title).find();
            int last = -1;
            separator.reset();
            while (separator.find()) {
                last = separator.start();
            }
            title = original.substring(0, last);
            if (wordCount(title) < 3) {
                var first = SEPARATORS.matcher(original);
                first.find();
                title = original.substring(first.end());
            }
        } else if (title.contains(": ")) {
            boolean headingMatches = false;
            for (Element h : document.select("h1, h2")) {
                if (normalise(h.text()).equals(title)) {
                    headingMatches = true;
                    break;
                }
            }
            if (!headingMatches) {
                String after = title.substring(title.lastIndexOf(": ") + 2);
                if (wordCount(after) < 3) {
                    after = title.substring(title.indexOf(": ") + 2);
                } else if (wordCount(title.substring(0, title.indexOf(": "))) > 5) {
                    after = title;
                }
                title = after;
            }
        } else if (title.length() > 150 || title.length() < 15) {
            var h1s = document.select("h1");
            if (h1s.size() == 1) {
                title = normalise(h1s.first().text());
            }
        }
        int words = wordCount(title);
        if (words <= 4 && (!hadSeparators || words != wordCount(original.replaceAll("[|\\-\\u2013\\u2014\\\\/>\\u00bb]+", "")) - 1)) {
            title = original;
        }
        return title.strip();
    }

    static String normalise(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }

    /** JSON-LD and meta values are sometimes HTML-escaped twice; what a reader sees is the unescaped text. */
    static String normaliseEntities(String s) {
        return s.indexOf('&') >= 0 ? org.jsoup.parser.Parser.unescapeEntities(s, false) : s;
    }

    private static int wordCount(String s) {
        String t = s.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    /** How much of b is also in a, by the length of b's words not found in a (1 = all found). */
    static boolean similar(String b, String a) {
        List<String> tokensA = tokens(a);
        List<String> tokensB = tokens(b);
        if (tokensA.isEmpty() || tokensB.isEmpty()) {
            return false;
        }
        Set<String> inA = new HashSet<>(tokensA);
        List<String> unique = new ArrayList<>();
        for (String t : tokensB) {
            if (!inA.contains(t)) {
                unique.add(t);
            }
        }
        double distance = (double) String.join(" ", unique).length() / String.join(" ", tokensB).length();
        return 1 - distance > 0.75;
    }

    private static List<String> tokens(String s) {
        return Arrays.stream(NON_WORD.split(s.toLowerCase(Locale.ROOT))).filter(t -> !t.isEmpty()).toList();
    }
}
