package org.entente.osint.analysis;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words, numbers and punctuation of a text with their character offsets, so every finding can quote the
 * exact span it came from. Apostrophes are folded to ASCII and a possessive {@code 's} is split off
 * ("China's" is the word "China" then "'s"), so gazetteer names match however the outlet typed them.
 */
public final class Tokens {

    /** One token: its text as printed (apostrophes folded), and where it is in the original text. */
    public record Token(String text, int start, int end) {

        public boolean isWord() {
            return Character.isLetter(text.codePointAt(0));
        }

        public boolean isNumber() {
            return Character.isDigit(text.codePointAt(0));
        }

        /** First letter upper case and at least one lower-case letter: "Qingdao", not "SCO" nor "the". */
        public boolean isTitleCase() {
            return Character.isUpperCase(text.codePointAt(0)) && text.chars().anyMatch(Character::isLowerCase);
        }

        public String lower() {
            return text.toLowerCase(Locale.ROOT);
        }
    }

    // A number (digits with decimal or thousands separators, an optional ordinal suffix or percent sign), a word
    // (letters with inner apostrophes or hyphens: "Guinea-Bissau", "d'Ivoire"; "10-member" is a number, "-" and
    // "member"), or any other single character.
    private static final Pattern TOKEN = Pattern.compile(
            "\\p{N}+(?:[.,]\\p{N}+)*(?:st|nd|rd|th)?%?"
                    + "|[\\p{L}\\p{M}][\\p{L}\\p{M}\\p{N}]*(?:['’‘-][\\p{L}\\p{M}\\p{N}]+)*"
                    + "|\\S");

    private Tokens() {
    }

    public static List<Token> of(String text) {
        List<Token> out = new ArrayList<>(Math.max(16, text.length() / 5));
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            String t = m.group().replace('’', '\'').replace('‘', '\'');
            int start = m.start();
            // Split a trailing possessive 's from the word it follows: "China's" -> "China", "'s".
            if (t.length() > 2 && (t.endsWith("'s") || t.endsWith("'S")) && Character.isLetter(t.charAt(0))) {
                out.add(new Token(t.substring(0, t.length() - 2), start, m.end() - 2));
                out.add(new Token("'s", m.end() - 2, m.end()));
                continue;
            }
            out.add(new Token(t, start, m.end()));
        }
        return out;
    }

    /**
     * The words of a text for comparison: Unicode-compatible forms, accents removed, lower case, punctuation
     * dropped. Two scrapes of the same article differing in quotes, dashes or bullets give the same words.
     */
    public static List<String> normalisedWords(String text) {
        String folded = fold(text);
        List<String> words = new ArrayList<>(folded.length() / 6);
        int i = 0;
        int n = folded.length();
        while (i < n) {
            while (i < n && !Character.isLetterOrDigit(folded.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && Character.isLetterOrDigit(folded.charAt(i))) {
                i++;
            }
            if (i > start) {
                words.add(folded.substring(start, i));
            }
        }
        return words;
    }

    /** NFKD, combining marks removed, lower case: "Côte" and "Cote" are one key. */
    public static String fold(String text) {
        String d = Normalizer.normalize(text, Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (Character.getType(c) != Character.NON_SPACING_MARK) {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
