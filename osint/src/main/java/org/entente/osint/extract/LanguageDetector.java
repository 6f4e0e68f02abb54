package org.entente.osint.extract;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Guesses the language of a text when the page does not declare it: scripts that belong to one language (kana,
 * hangul, Han, Greek, Hebrew, Thai) decide directly; otherwise the language whose most frequent words make up the
 * largest share of the text wins, if that share is large enough to mean anything.
 */
final class LanguageDetector {

    private static final Pattern WORD = Pattern.compile("[\\p{L}']+");
    private static final int MAX_WORDS = 2000;
    private static final double MIN_SHARE = 0.08;

    private static final Map<String, Set<String>> STOP_WORDS = Map.ofEntries(
            Map.entry("en", Set.of("the", "and", "of", "to", "in", "is", "that", "for", "it", "was", "on", "with", "as",
                    "are", "be", "this", "by", "have", "from", "not", "but", "at", "which", "they", "has", "were", "their")),
            Map.entry("fr", Set.of("le", "la", "les", "de", "des", "et", "est", "un", "une", "du", "que", "qui", "dans",
                    "pour", "pas", "sur", "au", "par", "plus", "ne", "se", "ce", "il", "avec", "sont", "aux")),
            Map.entry("de", Set.of("der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "den", "von", "mit",
                    "sich", "des", "auf", "für", "im", "dem", "auch", "es", "wird", "werden", "sie", "bei", "nach")),
            Map.entry("es", Set.of("el", "la", "los", "las", "de", "del", "que", "y", "en", "un", "una", "por", "con",
                    "para", "es", "se", "su", "al", "lo", "como", "más", "pero", "sus", "fue", "ha")),
            Map.entry("it", Set.of("il", "lo", "la", "gli", "le", "di", "che", "e", "è", "un", "una", "per", "non", "in",
                    "con", "del", "della", "si", "sono", "ma", "dei", "nel", "alla", "anche", "come")),
            Map.entry("pt", Set.of("o", "a", "os", "as", "de", "do", "da", "dos", "das", "que", "e", "em", "um", "uma",
                    "para", "com", "não", "por", "no", "na", "se", "mais", "ao", "foi", "como")),
            Map.entry("nl", Set.of("de", "het", "een", "en", "van", "is", "dat", "niet", "op", "te", "in", "zijn", "voor",
                    "met", "die", "er", "ook", "aan", "maar", "om", "wordt", "bij", "dit", "nog", "werd")),
            Map.entry("ru", Set.of("и", "в", "не", "на", "что", "с", "по", "это", "как", "к", "о", "из", "за", "от", "но",
                    "для", "он", "его", "так", "же", "был", "была", "были", "который", "также")),
            Map.entry("uk", Set.of("і", "в", "у", "не", "на", "що", "з", "та", "до", "це", "як", "за", "від", "але", "для",
                    "його", "був", "була", "які", "який", "також", "й", "із", "ще", "про")),
            Map.entry("pl", Set.of("i", "w", "nie", "na", "się", "z", "że", "do", "to", "jest", "o", "jak", "od", "po",
                    "ale", "są", "dla", "przez", "tak", "czy", "już", "oraz", "jego", "był", "tym")),
            Map.entry("tr", Set.of("ve", "bir", "bu", "da", "de", "için", "ile", "çok", "olarak", "daha", "gibi", "olan",
                    "ne", "en", "ama", "kadar", "sonra", "her", "değil", "ki", "mı", "olduğu", "şey", "var", "diye")),
            Map.entry("sv", Set.of("och", "att", "det", "som", "en", "på", "är", "av", "för", "med", "till", "den", "har",
                    "inte", "om", "ett", "var", "jag", "men", "de", "sig", "från", "vi", "så", "kan")),
            Map.entry("id", Set.of("yang", "dan", "di", "ini", "itu", "dengan", "untuk", "dari", "dalam", "tidak", "akan",
                    "pada", "juga", "ke", "karena", "ada", "oleh", "sebagai", "atau", "mereka", "telah", "bisa", "saat")),
            Map.entry("ar", Set.of("في", "من", "على", "أن", "إلى", "التي", "الذي", "عن", "مع", "هذا", "هذه", "كان",
                    "ما", "لا", "أو", "بين", "وقد", "قد", "كما", "إن", "ذلك", "بعد", "حيث", "عام")),
            Map.entry("fa", Set.of("و", "در", "به", "از", "که", "این", "را", "با", "است", "برای", "آن", "یک", "می",
                    "شود", "بود", "کرد", "هم", "تا", "ها", "شده", "بر", "نیز", "وی", "خود")));

    private LanguageDetector() {
    }

    static Optional<String> detect(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Optional<String> byScript = byScript(text);
        if (byScript.isPresent()) {
            return byScript;
        }
        Map<String, Integer> hits = new HashMap<>();
        int words = 0;
        Matcher m = WORD.matcher(text);
        while (m.find() && words < MAX_WORDS) {
            String w = m.group().toLowerCase(Locale.ROOT);
            words++;
            for (Map.Entry<String, Set<String>> e : STOP_WORDS.entrySet()) {
                if (e.getValue().contains(w)) {
                    hits.merge(e.getKey(), 1, Integer::sum);
                }
            }
        }
        if (words < 5) {
            return Optional.empty();
        }
        int total = words;
        return hits.entrySet().stream()
                .filter(e -> e.getValue() >= MIN_SHARE * total)
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey);
    }

    private static Optional<String> byScript(String text) {
        int kana = 0;
        int hangul = 0;
        int han = 0;
        int greek = 0;
        int hebrew = 0;
        int thai = 0;
        int letters = 0;
        int limit = Math.min(text.length(), 20_000);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (!Character.isLetter(c)) {
                continue;
            }
            letters++;
            Character.UnicodeScript script = Character.UnicodeScript.of(c);
            switch (script) {
                case HIRAGANA, KATAKANA -> kana++;
                case HANGUL -> hangul++;
                case HAN -> han++;
                case GREEK -> greek++;
                case HEBREW -> hebrew++;
                case THAI -> thai++;
                default -> {
                }
            }
        }
        if (letters == 0) {
            return Optional.empty();
        }
        double share = 0.3 * letters;
        if (kana > 0.05 * letters) {
            return Optional.of("ja");
        }
        if (hangul > share) {
            return Optional.of("ko");
        }
        if (han > share) {
            return Optional.of("zh");
        }
        if (greek > share) {
            return Optional.of("el");
        }
        if (hebrew > share) {
            return Optional.of("he");
        }
        if (thai > share) {
            return Optional.of("th");
        }
        return Optional.empty();
    }
}
